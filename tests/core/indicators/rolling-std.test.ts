import { describe, expect, it } from 'vitest';
import { SD } from 'technicalindicators';
import { rollingStd } from '../../../src/core/indicators/index.js';
import { loadRealSeries } from '../../helpers/real-data.js';
import { expectMatchesOracle, toArray } from './oracle.js';
import { centsWalk, highPricedSeries } from './synthetic.js';

const cases = (['ORCL', 'GOOG'] as const).flatMap((symbol) => [1, 2, 20, 50, 300].map((period) => ({ symbol, period })));

/** Exact-as-possible reference: two passes over each window. */
function twoPassStd(values: ArrayLike<number>, period: number): number[] {
  const out: number[] = [];
  for (let i = period - 1; i < values.length; i++) {
    let mean = 0;
    for (let j = i - period + 1; j <= i; j++) mean += values[j]!;
    mean /= period;
    let m2 = 0;
    for (let j = i - period + 1; j <= i; j++) m2 += (values[j]! - mean) ** 2;
    out.push(Math.sqrt(m2 / period));
  }
  return out;
}

function naiveStd(values: ArrayLike<number>, period: number): number[] {
  const out: number[] = [];
  for (let i = period - 1; i < values.length; i++) {
    let s1 = 0;
    let s2 = 0;
    for (let j = i - period + 1; j <= i; j++) {
      s1 += values[j]!;
      s2 += values[j]! ** 2;
    }
    out.push(Math.sqrt(Math.max(0, s2 / period - (s1 / period) ** 2)));
  }
  return out;
}

const stressCases = [
  { data: 'trend + cents noise', make: highPricedSeries },
  { data: 'cent-rounded random walk', make: centsWalk },
].flatMap((c) => [2, 20, 200].map((period) => ({ ...c, period })));

describe('rollingStd', () => {
  it.each(cases)('matches technicalindicators SD (population) to 1e-9 after warm-up ($symbol closes, period $period)', ({ symbol, period }) => {
    const close = loadRealSeries(symbol).close;
    const expected = SD.calculate({ period, values: toArray(close) });
    expectMatchesOracle(rollingStd(close, period), expected, period - 1);
  });

  it.each(stressCases)('matches a two-pass reference to 1e-9 on prices ~1e5 ($data, period $period)', ({ make, period }) => {
    const values = make(20_000);
    expectMatchesOracle(rollingStd(values, period), twoPassStd(values, period), period - 1);
  });

  it('uses data on which the naive sum-of-squares formula is off by over 100x the tolerance (the test above bites)', () => {
    const values = highPricedSeries(2_000);
    const exact = twoPassStd(values, 20);
    const worst = Math.max(...naiveStd(values, 20).map((v, j) => Math.abs(v - exact[j]!)));
    expect(worst).toBeGreaterThan(1e-7);
  });

  it('returns 0 on a constant window and at most 1e-9 once the window is flat again after a jump', () => {
    // A two-pass std of a flat window at 101234.56789 is itself ~1e-11, not 0 (the mean rounds), so the
    // bound is the oracle tolerance; without the error-triggered re-summation this reads ~4e-4.
    const period = 20;
    const values = new Float64Array(600).fill(1e5);
    values.fill(1e5 + 1234.56789, 100);
    const out = rollingStd(values, period);
    expect(out[period - 1]).toBe(0);
    expect(out[99]).toBe(0);
    expect(out[110]).toBeGreaterThan(100);
    for (let i = 100 + period - 1; i < values.length; i++) expect(out[i]).toBeLessThanOrEqual(1e-9);
  });

  it('is the population (divide by n) standard deviation', () => {
    expect(toArray(rollingStd([2, 4, 4, 4, 5, 5, 7, 9], 8))).toEqual([NaN, NaN, NaN, NaN, NaN, NaN, NaN, 2]);
  });
});
