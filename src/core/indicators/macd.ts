import { emaFrom, ema, SeededEmaStream } from './ema.js';
import { assertPeriod, nanArray } from './period.js';

export interface MacdLines {
  readonly macd: Float64Array;
  readonly signal: Float64Array;
  readonly histogram: Float64Array;
}

/** One bar's MACD values; the stream writes into a caller-provided instance to avoid allocating per bar. */
export interface MacdPoint {
  macd: number;
  signal: number;
  histogram: number;
}

/**
 * MACD as technicalindicators computes it with `SimpleMAOscillator: false, SimpleMASignal: false`:
 * macd = EMA(fast) - EMA(slow) (both SMA-seeded) from index `slow - 1`; signal = SMA-seeded EMA(signal)
 * of the macd line, from index `slow + signal - 2`; histogram = macd - signal.
 * With fast > slow the macd line simply starts at `fast - 1` (the library does not support that case).
 */
export function macd(values: ArrayLike<number>, fast = 12, slow = 26, signal = 9): MacdLines {
  assertMacdPeriods(fast, slow, signal);
  const n = values.length;
  const fastEma = ema(values, fast);
  const line = ema(values, slow);
  const first = Math.max(fast, slow) - 1;
  for (let i = 0; i < n; i++) line[i] = i < first ? Number.NaN : fastEma[i]! - line[i]!;
  const signalLine = nanArray(n);
  emaFrom(line, first, signal, 2 / (signal + 1), signalLine);
  // Reuse the fast EMA buffer for the histogram: it is not needed any more.
  const histogram = fastEma;
  for (let i = 0; i < n; i++) histogram[i] = line[i]! - signalLine[i]!;
  return { macd: line, signal: signalLine, histogram };
}

function assertMacdPeriods(fast: number, slow: number, signal: number): void {
  assertPeriod('fast', fast);
  assertPeriod('slow', slow);
  assertPeriod('signal', signal);
}

/**
 * Incremental MACD, same numbers as `macd`. `next` fills `out` (pass one reused object in hot loops;
 * omitted, a fresh object is allocated) and returns it; fields are NaN during warm-up.
 */
export interface MacdStream {
  readonly fast: number;
  readonly slow: number;
  readonly signal: number;
  next(value: number, out?: MacdPoint): MacdPoint;
}

class MacdStreamImpl implements MacdStream {
  private readonly fastEma: SeededEmaStream;
  private readonly slowEma: SeededEmaStream;
  private readonly signalEma: SeededEmaStream;

  constructor(
    readonly fast: number,
    readonly slow: number,
    readonly signal: number,
  ) {
    this.fastEma = new SeededEmaStream(fast, 2 / (fast + 1));
    this.slowEma = new SeededEmaStream(slow, 2 / (slow + 1));
    this.signalEma = new SeededEmaStream(signal, 2 / (signal + 1));
  }

  next(value: number, out: MacdPoint = { macd: 0, signal: 0, histogram: 0 }): MacdPoint {
    const line = this.fastEma.next(value) - this.slowEma.next(value);
    // The signal EMA only starts consuming once the macd line is defined (NaN would poison its seed).
    const sig = line === line ? this.signalEma.next(line) : Number.NaN;
    out.macd = line;
    out.signal = sig;
    out.histogram = line - sig;
    return out;
  }
}

export function createMacdStream(fast = 12, slow = 26, signal = 9): MacdStream {
  assertMacdPeriods(fast, slow, signal);
  return new MacdStreamImpl(fast, slow, signal);
}
