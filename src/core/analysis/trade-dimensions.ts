/**
 * The fixed dimensions a trade set is broken down by, with their group keys in display order. Entry weekday and
 * hour are UTC: the core has no time zone, and the analyst names the zone when it quotes them.
 */
import { DAY_MS } from '../calendar/civil-date.js';

export const DIMENSIONS = ['symbol', 'side', 'exitReason', 'holding', 'weekday', 'hour'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/**
 * Holding-time buckets by bars held. The first is 0-1, not 1: a stop hit on the entry bar closes the trade with
 * 0 bars held, and it belongs with the other one-bar trades.
 */
export const HOLDING_BUCKETS = ['0-1', '2-5', '6-20', '21+'] as const;

export function holdingBucket(barsHeld: number): number {
  if (barsHeld <= 1) return 0;
  if (barsHeld <= 5) return 1;
  if (barsHeld <= 20) return 2;
  return 3;
}

/** Monday first, as a trading week reads. */
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export const HOURS: readonly string[] = Array.from({ length: 24 }, (_, h) => `${h < 10 ? '0' : ''}${h}:00`);

const HOUR_MS = 3_600_000;

/** Index into WEEKDAYS of a UTC epoch-ms time. Day 0 (1970-01-01) was a Thursday, index 3. */
export function utcWeekday(timeMs: number): number {
  const day = Math.floor(timeMs / DAY_MS);
  return (((day + 3) % 7) + 7) % 7;
}

/** UTC hour of the day, 0-23, of an epoch-ms time. */
export function utcHour(timeMs: number): number {
  const day = Math.floor(timeMs / DAY_MS);
  return Math.floor((timeMs - day * DAY_MS) / HOUR_MS);
}
