/**
 * US exchange local time (America/New_York) without Intl, so the core stays deterministic and fast.
 * DST rules in force since 2007: from the second Sunday of March 02:00 local (07:00 UTC) to the first Sunday of
 * November 02:00 local (06:00 UTC). 1987-2006 (and, as an approximation, earlier years): first Sunday of April to
 * the last Sunday of October, same local hours; the exchange calendar needs them for sessions back to 1990.
 */
import { DAY_MS } from '../calendar/civil-date.js';
const HOUR_MS = 3_600_000;

function nthSundayUtc(year: number, month: number, n: number): number {
  const first = Date.UTC(year, month, 1);
  const weekday = new Date(first).getUTCDay();
  const offset = (7 - weekday) % 7;
  return first + (offset + (n - 1) * 7) * DAY_MS;
}

/** UTC offset of New York at `utcMs`, in ms (-4h in summer, -5h in winter). */
export function newYorkOffsetMs(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  const startDay = year >= 2007 ? nthSundayUtc(year, 2, 2) : nthSundayUtc(year, 3, 1);
  // The last Sunday of October is the week before the first Sunday of November.
  const endDay = year >= 2007 ? nthSundayUtc(year, 10, 1) : nthSundayUtc(year, 10, 1) - 7 * DAY_MS;
  const dstStart = startDay + 7 * HOUR_MS;
  const dstEnd = endDay + 6 * HOUR_MS;
  return utcMs >= dstStart && utcMs < dstEnd ? -4 * HOUR_MS : -5 * HOUR_MS;
}

/**
 * UTC instant of a New York wall-clock time given as `Date.UTC(y, m, d, h, min)` of the local fields.
 * Guessing EDT first makes the spring-forward gap map forward (02:30 -> 03:30 EDT) and the autumn fold resolve to
 * its first (EDT) occurrence, the usual "compatible" choice; exchange sessions never touch either.
 */
export function newYorkLocalToUtcMs(localFieldsMs: number): number {
  return localFieldsMs - newYorkOffsetMs(localFieldsMs + 4 * HOUR_MS);
}

/** Minutes since local midnight in the given zone. */
export function minutesOfDay(utcMs: number, timezone: 'America/New_York' | 'UTC'): number {
  const local = timezone === 'UTC' ? utcMs : utcMs + newYorkOffsetMs(utcMs);
  const ms = ((local % DAY_MS) + DAY_MS) % DAY_MS;
  return Math.floor(ms / 60_000);
}

export function parseHhmm(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** True when `utcMs` falls in [start, end) local time; windows may wrap midnight (22:00-02:00). */
export function inWindow(utcMs: number, start: string, end: string, timezone: 'America/New_York' | 'UTC'): boolean {
  const m = minutesOfDay(utcMs, timezone);
  const s = parseHhmm(start);
  const e = parseHhmm(end);
  return s <= e ? m >= s && m < e : m >= s || m < e;
}
