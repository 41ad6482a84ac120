/**
 * Providers' timestamps mapped to the desk's bar times: a daily bar's `time` is 00:00 UTC of its trading date in
 * New York (what CSV files give), whatever instant the provider stamps it with (Alpaca and Polygon: midnight New
 * York, 04:00Z or 05:00Z; Yahoo: the session open); an intraday bar keeps its open instant, and a US stock's
 * intraday bars outside the regular session (pre-market, after hours) are dropped, since runs trade the session.
 */
import { TIMEFRAME_MS, type Bar, type Timeframe } from '../../core/domain/bar.js';
import { sessionOn } from '../../core/calendar/us-equities.js';
import { newYorkOffsetMs } from '../../core/risk/exchange-time.js';
import { DAY_MS } from '../../core/calendar/civil-date.js';

const HOUR_MS = 3_600_000;

/** 00:00 UTC of the New York calendar date that contains the instant `utcMs`. */
export function newYorkDateStart(utcMs: number): number {
  const local = utcMs + newYorkOffsetMs(utcMs);
  return Math.floor(local / DAY_MS) * DAY_MS;
}

/**
 * The desk's time for a provider bar stamped `utcMs`: daily bars on their New York date, intraday bars unchanged.
 * Null for a US-stock intraday bar that does not lie wholly inside a regular session (`crypto` keeps every bar).
 */
export function deskBarTime(utcMs: number, timeframe: Timeframe, market: 'us-equities' | 'crypto'): number | null {
  if (timeframe === '1d') return market === 'crypto' ? Math.floor(utcMs / DAY_MS) * DAY_MS : newYorkDateStart(utcMs);
  if (market === 'crypto') return utcMs;
  const session = sessionOn(utcMs);
  if (session === null) return null;
  return utcMs >= session.open && utcMs + TIMEFRAME_MS[timeframe] <= session.close ? utcMs : null;
}

/**
 * The desk's 1h bars of a US stock are anchored at the session open (09:30-10:30, ..., 15:30-16:00), while
 * providers align hours on the clock (09:00-10:00). Providers are asked for 30-minute bars of the regular session
 * (already filtered by `deskBarTime`) and each desk hour is built from the (one or two) half hours inside it: open of
 * the first, close of the last, highest high, lowest low, summed volume. Input oldest first; output oldest first.
 */
export function sessionHourBars(halfHours: readonly Bar[]): Bar[] {
  const out: Bar[] = [];
  let current: { slot: number; bar: Bar } | null = null;
  for (const b of halfHours) {
    const session = sessionOn(b.time);
    if (session === null) continue;
    const slot = session.open + Math.floor((b.time - session.open) / HOUR_MS) * HOUR_MS;
    if (current !== null && current.slot === slot) {
      const c = current.bar;
      current.bar = { time: slot, open: c.open, high: Math.max(c.high, b.high), low: Math.min(c.low, b.low), close: b.close, volume: c.volume + b.volume };
    } else {
      if (current !== null) out.push(current.bar);
      current = { slot, bar: { ...b, time: slot } };
    }
  }
  if (current !== null) out.push(current.bar);
  return out;
}
