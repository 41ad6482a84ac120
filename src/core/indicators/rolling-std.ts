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

/** Incremental rolling std: O(1) amortised per value, same numbers as `rollingStd` (NaN during warm-up). */
export interface RollingStdStream {
  readonly period: number;
  next(value: number): number;
}

class RollingStdStreamImpl implements RollingStdStream {
  private readonly window: Float64Array;
  private readonly moments: WindowMoments;
  private count = 0;
  private oldest = 0;

  constructor(readonly period: number) {
    this.window = new Float64Array(period);
    this.moments = new WindowMoments(period);
  }

  next(value: number): number {
    const p = this.period;
    const w = this.moments;
    if (this.count < p) {
      this.window[this.count++] = value;
      if (this.count < p) return Number.NaN;
      w.resum(this.window, 0);
      return Math.sqrt(w.m2 / p);
    }
    const old = this.window[this.oldest]!;
    this.window[this.oldest] = value;
    this.oldest = this.oldest + 1 === p ? 0 : this.oldest + 1;
    if (w.slide(value, old)) w.resum(this.window, this.oldest);
    return Math.sqrt(w.m2 / p);
  }
}

export function createRollingStdStream(period: number): RollingStdStream {
  assertPeriod('period', period);
  return new RollingStdStreamImpl(period);
}
