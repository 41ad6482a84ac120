import { describe, expect, it } from 'vitest';
import { highest, lowest } from 'technicalindicators';
import { donchian } from '../../../src/core/indicators/index.js';
import { loadRealSeries } from '../../helpers/real-data.js';
import { expectMatchesOracle, toArray } from './oracle.js';

const cases = (['ORCL', 'GOOG'] as const).flatMap((symbol) => [1, 2, 20, 55, 250].map((period) => ({ symbol, period })));

/** Straightforward O(n * period) definition, for the middle line and for patterns with ties. */
function naive(high: ArrayLike<number>, low: ArrayLike<number>, period: number): { upper: number[]; lower: number[] } {
  const upper: number[] = [];
  const lower: number[] = [];
  for (let i = period - 1; i < high.length; i++) {
    let hi = -Infinity;
    let lo = Infinity;
    for (let j = i - period + 1; j <= i; j++) {
      hi = Math.max(hi, high[j]!);
      lo = Math.min(lo, low[j]!);
    }
    upper.push(hi);
    lower.push(lo);
  }
  return { upper, lower };
}

describe('donchian', () => {
  it.each(cases)('matches technicalindicators highest/lowest exactly ($symbol highs/lows, period $period)', ({ symbol, period }) => {
    const s = loadRealSeries(symbol);
    const ours = donchian(s.high, s.low, period);
    expectMatchesOracle(ours.upper, highest({ period, values: toArray(s.high) }), period - 1, 0);
    expectMatchesOracle(ours.lower, lowest({ period, values: toArray(s.low) }), period - 1, 0);
  });

  it.each(cases)('has middle = (upper + lower) / 2 of the naive window extremes ($symbol, period $period)', ({ symbol, period }) => {
    const s = loadRealSeries(symbol);
    const ref = naive(s.high, s.low, period);
    const middle = ref.upper.map((u, j) => (u + ref.lower[j]!) / 2);
    expectMatchesOracle(donchian(s.high, s.low, period).middle, middle, period - 1, 0);
  });

  it('handles ties, plateaus and monotone runs like the naive definition', () => {
    const high = [5, 5, 5, 4, 6, 6, 3, 3, 3, 3, 7, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const low = [...high].reverse();
    for (const period of [1, 2, 3, 4, 7]) {
      const ours = donchian(high, low, period);
      const ref = naive(high, low, period);
      expect(toArray(ours.upper).slice(period - 1)).toEqual(ref.upper);
      expect(toArray(ours.lower).slice(period - 1)).toEqual(ref.lower);
    }
  });

  it('includes the current bar in the window', () => {
    const ours = donchian([1, 2, 10], [1, 2, 0.5], 2);
    expect([ours.upper[2], ours.lower[2], ours.middle[2]]).toEqual([10, 0.5, 5.25]);
  });
});
