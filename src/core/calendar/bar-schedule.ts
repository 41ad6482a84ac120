/**
 * When bars close. Intraday bars are anchored at the session open and close at open + k*tf, with the session close
 * itself always a close (a partial last bar when the session is not a multiple of tf: 1h bars on a regular NYSE day
 * close 10:30, 11:30, ..., 15:30, 16:00; on a half-day the last closes at 13:00). A 1d bar closes at the session
 * close. On the 24/7 calendar the session is the whole UTC day, which gives every UTC-aligned tf boundary and 1d
 * closes at 00:00 UTC. The scheduler runs an iteration at each close.
 */
import { TIMEFRAME_MS, type Timeframe } from '../domain/bar.js';
import { DAY_MS, epochDayOf } from './civil-date.js';
import { marketSessionOn, type MarketCalendar } from './calendar.js';
import { MAX_CLOSED_RUN_DAYS, type Session } from './us-equities.js';

/** `barClosesBetween` refuses to build longer lists: a caller asking for more has a bug or a runaway range. */
export const MAX_BAR_CLOSES = 100_000;

function assertFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite epoch-ms value, got ${value}`);
}

/** The first close of `session` strictly after `t`, or null when the session has none left. */
function closeAfter(session: Session, timeframe: Timeframe, t: number): number | null {
  if (t >= session.close) return null;
  if (timeframe === '1d') return session.close;
  const tf = TIMEFRAME_MS[timeframe];
  const k = t < session.open ? 1 : Math.floor((t - session.open) / tf) + 1;
  return Math.min(session.open + k * tf, session.close);
}

/** The last close of `session` at or before `t`, or null when none has happened yet. */
function closeAtOrBefore(session: Session, timeframe: Timeframe, t: number): number | null {
  if (t >= session.close) return session.close;
  if (timeframe === '1d') return null;
  const k = Math.floor((t - session.open) / TIMEFRAME_MS[timeframe]);
  return k >= 1 ? session.open + k * TIMEFRAME_MS[timeframe] : null;
}

/** Sessions never span a UTC midnight (a 24/7 one ends exactly on it), so day-by-day search is enough. */
const sessionOfDay = (calendar: MarketCalendar, day: number): Session | null => marketSessionOn(calendar, day * DAY_MS);

/** The first bar close strictly after `now` (a `now` exactly on a close gets the following one). */
export function nextBarClose(calendar: MarketCalendar, timeframe: Timeframe, now: number): number {
  assertFinite('now', now);
  const start = epochDayOf(now);
  for (let d = start; d <= start + MAX_CLOSED_RUN_DAYS; d++) {
    const session = sessionOfDay(calendar, d);
    const close = session === null ? null : closeAfter(session, timeframe, now);
    if (close !== null) return close;
  }
  throw new Error(`no ${calendar.kind} session within ${MAX_CLOSED_RUN_DAYS} days after ${now}`);
}

/** The latest bar close at or before `now`: the bar the scheduler may act on. */
export function lastBarClose(calendar: MarketCalendar, timeframe: Timeframe, now: number): number {
  assertFinite('now', now);
  const start = epochDayOf(now);
  for (let d = start; d >= start - MAX_CLOSED_RUN_DAYS; d--) {
    const session = sessionOfDay(calendar, d);
    const close = session === null ? null : closeAtOrBefore(session, timeframe, now);
    if (close !== null) return close;
  }
  throw new Error(`no ${calendar.kind} session within ${MAX_CLOSED_RUN_DAYS} days before ${now}`);
}

/** Every bar close in (from, to], ascending. Throws RangeError past MAX_BAR_CLOSES results. */
export function barClosesBetween(calendar: MarketCalendar, timeframe: Timeframe, from: number, to: number): number[] {
  assertFinite('from', from);
  assertFinite('to', to);
  const closes: number[] = [];
  if (to <= from) return closes;
  const lastDay = epochDayOf(to);
  for (let d = epochDayOf(from); d <= lastDay; d++) {
    const session = sessionOfDay(calendar, d);
    if (session === null) continue;
    for (let c = closeAfter(session, timeframe, from); c !== null && c <= to; c = closeAfter(session, timeframe, c)) {
      if (closes.length === MAX_BAR_CLOSES) {
        throw new RangeError(`more than ${MAX_BAR_CLOSES} ${timeframe} bar closes between ${from} and ${to}`);
      }
      closes.push(c);
    }
  }
  return closes;
}

/**
 * The open time of the bar that closes at `close` (the session open for 1d; the previous close, or the session
 * open, intraday). The scheduler asks market data for bars with `time <=` this. Throws RangeError when `close` is
 * not a bar close of this calendar and timeframe.
 */
export function barOpenFor(calendar: MarketCalendar, timeframe: Timeframe, close: number): number {
  assertFinite('close', close);
  // close - 1 ms lies inside [open, close) of the bar's own session, whichever UTC day that session is filed under.
  const session = sessionOfDay(calendar, epochDayOf(close - 1));
  if (session !== null && close > session.open && close <= session.close) {
    if (timeframe === '1d') {
      if (close === session.close) return session.open;
    } else {
      const tf = TIMEFRAME_MS[timeframe];
      const k = Math.ceil((close - session.open) / tf);
      if (Math.min(session.open + k * tf, session.close) === close) return session.open + (k - 1) * tf;
    }
  }
  throw new RangeError(`${close} is not a ${timeframe} bar close on the ${calendar.kind} calendar`);
}
