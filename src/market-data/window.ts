import type { BarSeries } from '../core/domain/bar.js';
import { fail, ok, type Result } from '../core/domain/result.js';

/** `2020-01-31` for midnight times, `2020-01-31 14:05` otherwise (UTC). */
export function formatTime(timeMs: number): string {
  if (!(Math.abs(timeMs) <= 8.64e15)) return String(timeMs); // outside Date's range, toISOString would throw
  const iso = new Date(timeMs).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** Rejects windows no source could serve: non-finite bounds or `from > to`. */
export function checkWindow(from: number | undefined, to: number): Result<true> {
  if (!Number.isFinite(to)) return fail('data.range', `'to' must be a time (epoch ms), got ${to}`);
  if (from !== undefined && !Number.isFinite(from)) {
    return fail('data.range', `'from' must be a time (epoch ms), got ${from}`);
  }
  if (from !== undefined && from > to) {
    return fail('data.range', `'from' ${formatTime(from)} is after 'to' ${formatTime(to)}`);
  }
  return ok(true);
}

/** Index of the first bar with `time >= t` (binary search over strictly increasing times). */
export function lowerBound(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Copies of bars `start..end-1` (copies, so callers can never corrupt a cached series). */
export function copyRange(series: BarSeries, start: number, end: number): BarSeries {
  return {
    symbol: series.symbol,
    timeframe: series.timeframe,
    length: end - start,
    time: series.time.slice(start, end),
    open: series.open.slice(start, end),
    high: series.high.slice(start, end),
    low: series.low.slice(start, end),
    close: series.close.slice(start, end),
    volume: series.volume.slice(start, end),
  };
}
