import { assertPeriod } from './period.js';
import { rollingStd } from './rolling-std.js';
import { sma } from './sma.js';

export interface BollingerBands {
  readonly middle: Float64Array;
  readonly upper: Float64Array;
  readonly lower: Float64Array;
}

/**
 * Bollinger bands as technicalindicators defines them: middle = SMA, bands = middle +/- stdDev times the
 * population standard deviation of the same window; first value at index `period - 1`.
 */
export function bollinger(values: ArrayLike<number>, period = 20, stdDev = 2): BollingerBands {
  assertPeriod('period', period);
  assertMultiplier(stdDev);
  const middle = sma(values, period);
  const sd = rollingStd(values, period);
  const n = values.length;
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m = middle[i]!;
    const w = sd[i]! * stdDev;
    upper[i] = m + w;
    lower[i] = m - w;
  }
  return { middle, upper, lower };
}

function assertMultiplier(stdDev: number): void {
  if (!Number.isFinite(stdDev)) throw new RangeError(`stdDev must be finite, got ${String(stdDev)}`);
}
