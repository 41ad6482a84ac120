/**
 * The exchange calendar the desk's runs follow. With Alpaca configured (APCA_API_KEY_ID and APCA_API_SECRET_KEY), its
 * published calendar (/v2/calendar) with its market clock (/v2/clock) laid over the current session, read at start
 * and every REFRESH_MS after; otherwise, and for any day Alpaca's table does not cover, the built-in NYSE rules. A
 * failed read is logged once and keeps the last table read (or the built-in rules until one is): the built-in rules
 * are the same exchange's calendar, so runs keep trading at the closes they would have.
 */
import type { Env } from '../config/env.js';
import { DAY_MS, epochDayOf, isoDate, parseIsoDate } from '../core/calendar/civil-date.js';
import { differencesFromBuiltIn, publishedSessions, withClock, type MarketClockReading, type PublishedSessions } from '../core/calendar/published.js';
import type { Result } from '../core/domain/result.js';
import { fetchAlpacaCalendar, fetchAlpacaClock, type AlpacaSession } from '../market-data/alpaca/alpaca-calendar.js';
import { createRepeatFilter } from '../scheduler/repeat-filter.js';

/** Real ms between two reads of the calendar and clock. */
export const REFRESH_MS = 15 * 60_000;
/** Days before and after the desk clock's day the table covers (the scheduler looks back at most 14 days). */
export const DAYS_BEFORE = 30;
export const DAYS_AFTER = 120;
/** Real ms the desk waits for the first read at start before it trades on the built-in rules meanwhile. */
export const FIRST_READ_WAIT_MS = 10_000;
/** Differences from the built-in rules named in the log line, at most. */
const MAX_DIFFERENCES_LOGGED = 8;

export interface CalendarReaders {
  calendar(from: number, to: number): Promise<Result<readonly AlpacaSession[]>>;
  clock(): Promise<Result<MarketClockReading>>;
}

export interface MarketCalendarKeeper {
  /** The published sessions followed now, or null (the built-in rules). */
  published(): PublishedSessions | null;
  /** Reads the calendar and clock now. Never rejects; a failure is logged. */
  refresh(): Promise<void>;
  /** The first read (bounded by FIRST_READ_WAIT_MS), then a read every REFRESH_MS until `stop`. */
  start(): Promise<void>;
  stop(): void;
}

export interface KeeperOptions {
  /** The desk clock: the table covers the days around it. */
  readonly now: () => number;
  log(line: string): void;
  /** Tests give their own readers; by default Alpaca's through its SDK. */
  readonly readers?: CalendarReaders;
  readonly refreshMs?: number;
  readonly firstReadWaitMs?: number;
}

/** The built-in rules alone: no provider publishes a calendar here. */
const BUILT_IN: MarketCalendarKeeper = {
  published: () => null,
  refresh: async () => {},
  start: async () => {},
  stop: () => {},
};

export function alpacaCalendarReaders(env: Env): CalendarReaders | null {
  if (env.APCA_API_KEY_ID === undefined || env.APCA_API_SECRET_KEY === undefined) return null;
  const options = { keyId: env.APCA_API_KEY_ID, secretKey: env.APCA_API_SECRET_KEY, tradingUrl: env.APCA_API_BASE_URL };
  return { calendar: (from, to) => fetchAlpacaCalendar(options, from, to), clock: () => fetchAlpacaClock(options) };
}

export function createMarketCalendar(env: Env, options: KeeperOptions): MarketCalendarKeeper {
  const readers = options.readers ?? alpacaCalendarReaders(env);
  if (readers === null) return BUILT_IN;
  const quiet = createRepeatFilter(options.log);
  let table: PublishedSessions | null = null;
  const announced = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let reading: Promise<void> | null = null;
  let stopped = false;

  async function read(): Promise<void> {
    const today = epochDayOf(options.now());
    const from = today - DAYS_BEFORE;
    const to = today + DAYS_AFTER;
    const days = await readers!.calendar(from * DAY_MS, to * DAY_MS);
    const keeping = table === null ? 'following the built-in NYSE calendar until it answers' : 'keeping the calendar read before';
    if (!days.ok) {
      quiet.log('calendar', `market calendar: Alpaca's calendar could not be read (${days.error.message}); ${keeping}`);
      return;
    }
    // The table covers the days from its first session to its last: an answer cut short (or empty) never turns the
    // days it does not list into closures.
    const listed = days.value
      .map((s) => ({ day: parseIsoDate(s.date)!, session: { open: s.open, close: s.close } }))
      .filter((d) => d.day >= from && d.day <= to);
    if (listed.length === 0) {
      quiet.log('calendar', `market calendar: Alpaca's calendar lists no session between ${isoDate(from)} and ${isoDate(to)}; ${keeping}`);
      return;
    }
    const first = Math.min(...listed.map((d) => d.day));
    const last = Math.max(...listed.map((d) => d.day));
    let next: PublishedSessions;
    try {
      next = publishedSessions('alpaca', first, last, listed);
    } catch (e) {
      quiet.log('calendar', `market calendar: Alpaca's calendar is not usable (${e instanceof Error ? e.message : String(e)}); ${keeping}`);
      return;
    }
    if (quiet.clear('calendar') || table === null) {
      options.log(`market calendar: following Alpaca's published calendar ${isoDate(first)}..${isoDate(last)} (the built-in NYSE rules outside it)`);
    }
    const clock = await readers!.clock();
    if (clock.ok) {
      quiet.clear('clock');
      next = withClock(next, clock.value);
    } else {
      quiet.log('clock', `market calendar: Alpaca's market clock could not be read (${clock.error.message}); following its calendar alone`);
    }
    // Each difference from the built-in rules is said once, when first read.
    const differences = differencesFromBuiltIn(next);
    const fresh = differences.filter((d) => !announced.has(d));
    for (const d of fresh) announced.add(d);
    if (fresh.length > 0) {
      const named = fresh.slice(0, MAX_DIFFERENCES_LOGGED).join(', ');
      const more = fresh.length > MAX_DIFFERENCES_LOGGED ? ` and ${fresh.length - MAX_DIFFERENCES_LOGGED} more` : '';
      options.log(`market calendar: Alpaca's calendar differs from the built-in NYSE rules on ${named}${more} (Alpaca's is followed)`);
    }
    table = next;
  }

  const refresh = (): Promise<void> => {
    // One read at a time: a slow Alpaca never stacks reads up.
    reading ??= read()
      .catch((e: unknown) => quiet.log('calendar', `market calendar: reading Alpaca's calendar failed (${e instanceof Error ? e.message : String(e)})`))
      .finally(() => {
        reading = null;
      });
    return reading;
  };

  return {
    published: () => table,
    refresh,
    async start() {
      if (stopped || timer !== null) return;
      const waitMs = options.firstReadWaitMs ?? FIRST_READ_WAIT_MS;
      let waited: NodeJS.Timeout | undefined;
      let answered = false;
      const first = refresh().finally(() => {
        answered = true;
      });
      await Promise.race([first, new Promise<void>((resolve) => (waited = setTimeout(resolve, waitMs)))]);
      clearTimeout(waited);
      if (!answered && !stopped) {
        options.log(`market calendar: no answer from Alpaca yet; following the built-in NYSE calendar until it answers`);
      }
      if (stopped) return;
      timer = setInterval(() => void refresh(), options.refreshMs ?? REFRESH_MS);
      timer.unref();
    },
    stop() {
      stopped = true;
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
  };
}
