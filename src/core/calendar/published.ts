/**
 * An exchange's calendar as a provider publishes it (Alpaca's /v2/calendar), with its market clock (/v2/clock) laid
 * over the current session. Inside the days it covers, the published table is the calendar: an unscheduled closure
 * or a changed early close the built-in rules cannot know is followed. Outside them the built-in rules answer.
 * A plain value: sessions keyed by epoch day, so it serializes and compares like the rest of the calendar.
 */
import { DAY_MS, epochDayOf, isoDate, type EpochDay } from './civil-date.js';
import { sessionOn, type Session } from './us-equities.js';

export interface PublishedSessions {
  /** Who published it (`alpaca`), for logs and the run card. */
  readonly source: string;
  /** The days covered, inclusive: a day inside without a session is a closed day. */
  readonly from: EpochDay;
  readonly to: EpochDay;
  readonly sessions: Readonly<Record<number, Session>>;
}

/** One reading of a market clock (Alpaca's /v2/clock), epoch ms UTC. */
export interface MarketClockReading {
  readonly timestamp: number;
  readonly isOpen: boolean;
  /** The next open strictly after `timestamp` (tomorrow's when open now). */
  readonly nextOpen: number;
  /** The close of the session in progress when open, else of the next session. */
  readonly nextClose: number;
}

export interface PublishedDay {
  readonly day: EpochDay;
  readonly session: Session;
}

/** The table of `days` (sessions), covering `from..to` inclusive. Throws RangeError on a session outside its range. */
export function publishedSessions(source: string, from: EpochDay, to: EpochDay, days: readonly PublishedDay[]): PublishedSessions {
  if (!(Number.isInteger(from) && Number.isInteger(to) && from <= to)) throw new RangeError(`published calendar: bad range ${from}..${to}`);
  const sessions: Record<number, Session> = {};
  for (const { day, session } of days) {
    if (day < from || day > to) throw new RangeError(`published calendar: ${isoDate(day)} is outside ${isoDate(from)}..${isoDate(to)}`);
    if (!(session.open < session.close)) throw new RangeError(`published calendar: the ${isoDate(day)} session closes before it opens`);
    sessions[day] = session;
  }
  return { source, from, to, sessions };
}

/**
 * The session the table gives `day`: a Session, null (closed), or undefined when the table does not cover the day
 * (the caller then asks the built-in rules).
 */
export function publishedSessionOn(table: PublishedSessions, day: EpochDay): Session | null | undefined {
  if (day < table.from || day > table.to) return undefined;
  return table.sessions[day] ?? null;
}

/**
 * The table with the clock laid over it. Open now: the session in progress closes at `nextClose`. Closed now: no
 * session opens before `nextOpen` (a day the table had open is an unscheduled closure) and the next session runs
 * `nextOpen..nextClose`. Sessions already over at `timestamp` are left as published. A clock outside the table's
 * days, or one that contradicts itself, leaves the table unchanged.
 */
export function withClock(table: PublishedSessions, clock: MarketClockReading): PublishedSessions {
  const { timestamp, isOpen, nextOpen, nextClose } = clock;
  if (![timestamp, nextOpen, nextClose].every(Number.isFinite) || nextOpen <= timestamp || nextClose <= timestamp) return table;
  const sessions: Record<number, Session> = { ...table.sessions };
  const inTable = (day: EpochDay): boolean => day >= table.from && day <= table.to;
  if (isOpen) {
    const day = epochDayOf(nextClose);
    const current = sessions[day];
    if (!inTable(day) || current === undefined || current.open > timestamp) return table;
    sessions[day] = { open: current.open, close: nextClose };
  } else {
    if (nextClose <= nextOpen) return table;
    const openDay = epochDayOf(nextOpen);
    for (let d = epochDayOf(timestamp); d < openDay; d++) {
      const s = sessions[d];
      if (s !== undefined && s.close > timestamp) delete sessions[d];
    }
    if (inTable(openDay)) sessions[openDay] = { open: nextOpen, close: nextClose };
  }
  return { ...table, sessions };
}

/** Days of the table whose session differs from the built-in rules': `2025-01-09 closed`, `2024-07-03 13:30-17:00Z`. */
export function differencesFromBuiltIn(table: PublishedSessions): string[] {
  const out: string[] = [];
  const hhmm = (t: number): string => new Date(t).toISOString().slice(11, 16);
  for (let d = table.from; d <= table.to; d++) {
    const mine = table.sessions[d] ?? null;
    let builtIn: Session | null;
    try {
      builtIn = sessionOn(d * DAY_MS);
    } catch {
      continue;
    }
    if (mine?.open === builtIn?.open && mine?.close === builtIn?.close) continue;
    out.push(`${isoDate(d)} ${mine === null ? 'closed' : `${hhmm(mine.open)}-${hhmm(mine.close)}Z`}`);
  }
  return out;
}
