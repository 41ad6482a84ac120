import { assertPeriod, nanArray } from './period.js';

/**
 * Wilder RSI as technicalindicators defines it: average gain/loss seeded with the plain mean of the
 * first `period` changes, then `(avg * (period - 1) + x) / period`; first value at index `period`.
 * 100 when the average loss is 0, 0 when the average gain is 0.
 * Unlike the library we do not round: it returns `toFixed(2)` values, we return full precision.
 */
export function rsi(values: ArrayLike<number>, period = 14): Float64Array {
  assertPeriod('period', period);
  const n = values.length;
  const out = nanArray(n, period);
  if (n <= period) return out;
  let gainSum = 0;
  let lossSum = 0;
  for (let i = 1; i <= period; i++) {
    const d = values[i]! - values[i - 1]!;
    gainSum += gainOf(d);
    lossSum += lossOf(d);
  }
  let avgGain = gainSum / period;
  let avgLoss = lossSum / period;
  out[period] = rsiOf(avgGain, avgLoss);
  const keep = period - 1;
  for (let i = period + 1; i < n; i++) {
    const d = values[i]! - values[i - 1]!;
    avgGain = (avgGain * keep + gainOf(d)) / period;
    avgLoss = (avgLoss * keep + lossOf(d)) / period;
    out[i] = rsiOf(avgGain, avgLoss);
  }
  return out;
}

/**
 * max(d, 0) and max(-d, 0) without a branch (up/down closes alternate unpredictably). Exact: d + |d| is
 * 2d or 0 and halving is exact, so these equal the library's `cur - prev` / `prev - cur` bit for bit.
 */
function gainOf(d: number): number {
  return (d + Math.abs(d)) * 0.5;
}

function lossOf(d: number): number {
  return (Math.abs(d) - d) * 0.5;
}

function rsiOf(avgGain: number, avgLoss: number): number {
  if (avgLoss === 0) return 100;
  if (avgGain === 0) return 0;
  return 100 - 100 / (1 + avgGain / avgLoss);
}
