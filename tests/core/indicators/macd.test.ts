import { describe, expect, it } from 'vitest';
import { MACD } from 'technicalindicators';
import { ema, macd } from '../../../src/core/indicators/index.js';
import { loadRealSeries } from '../../helpers/real-data.js';
import { expectMatchesOracle, toArray } from './oracle.js';

const cases = (['ORCL', 'GOOG'] as const).flatMap((symbol) =>
  [
    { fast: 12, slow: 26, signal: 9 },
    { fast: 5, slow: 35, signal: 5 },
    { fast: 3, slow: 10, signal: 16 },
  ].map((p) => ({ symbol, ...p })),
);

describe('macd', () => {
  it.each(cases)('matches technicalindicators MACD (EMA oscillator and signal) to 1e-9 ($symbol, $fast/$slow/$signal)', ({ symbol, fast, slow, signal }) => {
    const close = loadRealSeries(symbol).close;
    const expected = MACD.calculate({
      values: toArray(close),
      fastPeriod: fast,
      slowPeriod: slow,
      signalPeriod: signal,
      SimpleMAOscillator: false,
      SimpleMASignal: false,
    });
    const ours = macd(close, fast, slow, signal);
    // The library starts its rows at index slow - 1, with signal/histogram undefined for the first signal - 1.
    const skip = signal - 1;
    expect(expected.slice(0, skip).every((r) => r.signal === undefined && r.histogram === undefined)).toBe(true);
    expectMatchesOracle(ours.macd, expected.map((r) => r.MACD!), slow - 1);
    expectMatchesOracle(ours.signal, expected.slice(skip).map((r) => r.signal!), slow - 1 + skip);
    expectMatchesOracle(ours.histogram, expected.slice(skip).map((r) => r.histogram!), slow - 1 + skip);
  });

  it('is EMA(fast) - EMA(slow) with an SMA-seeded EMA of that line as signal', () => {
    const close = loadRealSeries('GOOG').close.subarray(0, 100);
    const ours = macd(close, 3, 6, 4);
    const fast = ema(close, 3);
    const slow = ema(close, 6);
    expect(ours.macd[5]).toBe(fast[5]! - slow[5]!);
    expect(ours.signal[7]).toBeNaN();
    const seed = (ours.macd[5]! + ours.macd[6]! + ours.macd[7]! + ours.macd[8]!) / 4;
    expect(ours.signal[8]).toBeCloseTo(seed, 12);
    expect(ours.histogram[8]).toBe(ours.macd[8]! - ours.signal[8]!);
  });
});
