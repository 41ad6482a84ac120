import { assertPeriod, nanArray } from './period.js';

/**
 * Exponential moving average with alpha = 2 / (period + 1), seeded like technicalindicators: the first
 * value (index `period - 1`) is the SMA of the first `period` values, then `prev + (x - prev) * alpha`.
 */
export function ema(values: ArrayLike<number>, period: number): Float64Array {
  assertPeriod('period', period);
  const out = nanArray(values.length);
  emaFrom(values, 0, period, 2 / (period + 1), out);
  return out;
}

/**
 * Writes the SMA-seeded EMA of `values[start..]` into `out[start + period - 1..]`. Shared by EMA, MACD's
 * signal line (which starts where the MACD line does) and Wilder smoothing (alpha = 1 / period).
 */
export function emaFrom(
  values: ArrayLike<number>,
  start: number,
  period: number,
  alpha: number,
  out: Float64Array,
): void {
  const n = values.length;
  if (n - start < period) return;
  let sum = 0;
  const seedEnd = start + period;
  for (let i = start; i < seedEnd; i++) sum += values[i]!;
  let prev = sum / period;
  out[seedEnd - 1] = prev;
  for (let i = seedEnd; i < n; i++) {
    prev = (values[i]! - prev) * alpha + prev;
    out[i] = prev;
  }
}
