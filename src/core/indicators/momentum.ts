import { assertPeriod, nanArray } from './period.js';

/**
 * Plain ratio momentum: values[i] / values[i - lookback] - 1 (0.05 = up 5%); first value at index
 * `lookback`. technicalindicators' ROC is the same quantity times 100.
 */
export function momentum(values: ArrayLike<number>, lookback: number): Float64Array {
  assertPeriod('lookback', lookback);
  const n = values.length;
  const out = nanArray(n, lookback);
  for (let i = lookback; i < n; i++) out[i] = values[i]! / values[i - lookback]! - 1;
  return out;
}
