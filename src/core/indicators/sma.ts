import { assertPeriod, nanArray } from './period.js';

/**
 * Simple moving average over the last `period` values including the current one; first value at
 * index `period - 1`. Uses a running sum updated as `(sum - oldest) + newest`, the same operations in
 * the same order as technicalindicators' SMA, so the two agree bit for bit.
 */
export function sma(values: ArrayLike<number>, period: number): Float64Array {
  assertPeriod('period', period);
  const n = values.length;
  const out = nanArray(n, period - 1);
  if (n < period) return out;
  let sum = 0;
  for (let i = 0; i < period; i++) sum += values[i]!;
  out[period - 1] = sum / period;
  for (let i = period; i < n; i++) {
    sum = sum - values[i - period]! + values[i]!;
    out[i] = sum / period;
  }
  return out;
}
