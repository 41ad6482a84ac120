/**
 * Alpaca bars as desk bars: stamps mapped with deskBarTime (daily bars on their New York date; a US stock's bars
 * outside the regular session dropped), US-stock hours built from half hours, then cut to `from..to`.
 */
import { TIMEFRAME_MS, type Bar, type Timeframe } from '../../core/domain/bar.js';
import { sessionOn } from '../../core/calendar/us-equities.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { deskBarTime, sessionHourBars } from '../provider/session-time.js';
import { formatTime } from '../window.js';
import type { AlpacaBar } from './alpaca-payloads.js';

const HALF_HOUR_MS = 1_800_000;

export interface DeskBarsSpec {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly market: 'us-equities' | 'crypto';
  /** The bars are half hours to build session-anchored hours from. */
  readonly sessionHours: boolean;
  readonly from: number | undefined;
  readonly to: number;
}

export function toDeskBars(raw: readonly AlpacaBar[], spec: DeskBarsSpec): Result<Bar[]> {
  const bars: Bar[] = [];
  for (const b of raw) {
    const stamp = Date.parse(b.t);
    const time = spec.sessionHours ? halfHourInSession(stamp) : deskBarTime(stamp, spec.timeframe, spec.market);
    if (time !== null) bars.push({ time, open: b.o, high: b.h, low: b.l, close: b.c, volume: b.v });
  }
  bars.sort((a, b) => a.time - b.time);
  for (let i = 1; i < bars.length; i++) {
    if (bars[i]!.time === bars[i - 1]!.time) {
      return fail('data.corrupt', `Alpaca sent two ${spec.timeframe} bars of ${spec.symbol} for ${formatTime(bars[i]!.time)}`, { symbol: spec.symbol });
    }
  }
  const built = spec.sessionHours ? sessionHourBars(bars) : bars;
  const from = spec.from ?? -Infinity;
  return ok(built.filter((b) => b.time >= from && b.time <= spec.to));
}

/** A half hour's open, when it lies wholly inside a regular session (13:00 closes included). */
function halfHourInSession(stamp: number): number | null {
  const session = sessionOn(stamp);
  return session !== null && stamp >= session.open && stamp + HALF_HOUR_MS <= session.close ? stamp : null;
}

/** What to ask Alpaca for so that every desk bar with `from <= time <= to` is complete. */
export function alpacaWindow(spec: Pick<DeskBarsSpec, 'timeframe' | 'sessionHours' | 'from' | 'to'>, earliest: number): { start: number; end: number } {
  const start = spec.from ?? earliest;
  const day = TIMEFRAME_MS['1d'];
  // A daily bar is stamped at midnight New York (04:00Z/05:00Z) of its date: ask through the end of `to`'s day.
  if (spec.timeframe === '1d') return { start, end: Math.floor(spec.to / day) * day + day - 1 };
  // The desk hour opening at `to` ends with the half hour after it.
  if (spec.sessionHours) return { start, end: spec.to + HALF_HOUR_MS };
  return { start, end: spec.to };
}
