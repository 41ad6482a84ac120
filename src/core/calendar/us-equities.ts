/**
 * NYSE regular session: 09:30-16:00 New York time (13:00 close on early-close days), closed on weekends and
 * holidays. Every session lies inside one UTC day (13:30-21:00 UTC at the widest), so a New York date and the UTC
 * date of its session are the same day number.
 */
import { newYorkLocalToUtcMs } from '../risk/exchange-time.js';
import { DAY_MS, epochDayOf, parseIsoDate, SATURDAY, SUNDAY, weekdayOf, yearOf, type EpochDay } from './civil-date.js';
import { closedDaysOf, earlyCloseDaysOf } from './us-holidays.js';

/** One trading session, epoch ms UTC; bars close in (open, close]. */
export interface Session {
  readonly open: number;
  readonly close: number;
}

/** A day: any epoch-ms instant within that UTC day, or a 'YYYY-MM-DD' date. */
export type DayRef = number | string;

const MINUTE_MS = 60_000;
const OPEN_MINUTES = 9 * 60 + 30;
const CLOSE_MINUTES = 16 * 60;
const EARLY_CLOSE_MINUTES = 13 * 60;

/** Longest run of closed days the search functions step over (9/11 plus a weekend is 6). */
export const MAX_CLOSED_RUN_DAYS = 14;

export function toEpochDay(day: DayRef): EpochDay {
  if (typeof day === 'string') {
    const parsed = parseIsoDate(day);
    if (parsed === null) throw new RangeError(`'${day}' is not a YYYY-MM-DD date`);
    return parsed;
  }
  if (!Number.isFinite(day)) throw new RangeError(`day must be a finite epoch-ms value, got ${day}`);
  return epochDayOf(day);
}

const atNewYork = (day: EpochDay, minutes: number): number => newYorkLocalToUtcMs(day * DAY_MS + minutes * MINUTE_MS);

/** The regular session on `day`, or null when the exchange is closed. Throws RangeError outside 1990-2100. */
export function sessionOn(day: DayRef): Session | null {
  const d = toEpochDay(day);
  const weekday = weekdayOf(d);
  if (weekday === SATURDAY || weekday === SUNDAY) return null;
  const year = yearOf(d);
  if (closedDaysOf(year).some(([closed]) => closed === d)) return null;
  const early = earlyCloseDaysOf(year).some(([e]) => e === d);
  return { open: atNewYork(d, OPEN_MINUTES), close: atNewYork(d, early ? EARLY_CLOSE_MINUTES : CLOSE_MINUTES) };
}

export function isTradingDay(day: DayRef): boolean {
  return sessionOn(day) !== null;
}

/** The first session open strictly after `now`. */
export function nextSessionOpen(now: number): number {
  const start = toEpochDay(now);
  for (let d = start; d <= start + MAX_CLOSED_RUN_DAYS; d++) {
    const session = sessionOn(d * DAY_MS);
    if (session !== null && session.open > now) return session.open;
  }
  throw new Error(`no US equities session within ${MAX_CLOSED_RUN_DAYS} days of ${now}`);
}
