import { assertPeriod } from './period.js';
import { rollingStd, createRollingStdStream, type RollingStdStream } from './rolling-std.js';
import { sma, createSmaStream, type SmaStream } from './sma.js';

export interface BollingerBands {
  readonly middle: Float64Array;
  readonly upper: Float64Array;
  readonly lower: Float64Array;
}

/** One bar's bands; the stream writes into a caller-provided instance to avoid allocating per bar. */
export interface BollingerPoint {
  middle: number;
  upper: number;
  lower: number;
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

/**
 * Incremental Bollinger bands, same numbers as `bollinger`. `next` fills `out` (pass one reused object in
 * hot loops; omitted, a fresh object is allocated) and returns it; fields are NaN during warm-up.
 */
export interface BollingerStream {
  readonly period: number;
  readonly stdDev: number;
  next(value: number, out?: BollingerPoint): BollingerPoint;
}

class BollingerStreamImpl implements BollingerStream {
  private readonly mean: SmaStream;
  private readonly sd: RollingStdStream;

  constructor(
    readonly period: number,
    readonly stdDev: number,
  ) {
    this.mean = createSmaStream(period);
    this.sd = createRollingStdStream(period);
  }

  next(value: number, out: BollingerPoint = { middle: 0, upper: 0, lower: 0 }): BollingerPoint {
    const m = this.mean.next(value);
    const w = this.sd.next(value) * this.stdDev;
    out.middle = m;
    out.upper = m + w;
    out.lower = m - w;
    return out;
  }
}

export function createBollingerStream(period = 20, stdDev = 2): BollingerStream {
  assertPeriod('period', period);
  assertMultiplier(stdDev);
  return new BollingerStreamImpl(period, stdDev);
}
