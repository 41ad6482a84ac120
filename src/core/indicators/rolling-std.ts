import { assertPeriod, nanArray } from './period.js';
import { WindowMoments } from './window-moments.js';

/**
 * Population standard deviation over the last `period` values including the current one; first value
 * at index `period - 1`. O(1) amortised per bar, numerically stable: see `WindowMoments`.
 */
export function rollingStd(values: ArrayLike<number>, period: number): Float64Array {
  assertPeriod('period', period);
  const n = values.length;
  const out = nanArray(n, period - 1);
  if (n < period) return out;
  const w = new WindowMoments(period);
  w.resum(values, 0);
  out[period - 1] = Math.sqrt(w.m2 / period);
  for (let i = period; i < n; i++) {
    if (w.slide(values[i]!, values[i - period]!)) w.resum(values, i - period + 1);
    out[i] = Math.sqrt(w.m2 / period);
  }
  return out;
}
