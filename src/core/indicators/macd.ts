import { emaFrom, ema } from './ema.js';
import { assertPeriod, nanArray } from './period.js';

export interface MacdLines {
  readonly macd: Float64Array;
  readonly signal: Float64Array;
  readonly histogram: Float64Array;
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
