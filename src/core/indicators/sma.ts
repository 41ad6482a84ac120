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

/** Incremental SMA: O(1) per value, returns the same numbers as `sma` (NaN during warm-up). */
export interface SmaStream {
  readonly period: number;
  next(value: number): number;
}

class SmaStreamImpl implements SmaStream {
  private readonly window: Float64Array;
  private count = 0;
  private oldest = 0;
  private sum = 0;

  constructor(readonly period: number) {
    this.window = new Float64Array(period);
  }

  next(value: number): number {
    const p = this.period;
    if (this.count < p) {
      this.window[this.count++] = value;
      this.sum += value;
      return this.count === p ? this.sum / p : Number.NaN;
    }
    const old = this.window[this.oldest]!;
    this.window[this.oldest] = value;
    this.oldest = this.oldest + 1 === p ? 0 : this.oldest + 1;
    this.sum = this.sum - old + value;
    return this.sum / p;
  }
}

export function createSmaStream(period: number): SmaStream {
  assertPeriod('period', period);
  return new SmaStreamImpl(period);
}
