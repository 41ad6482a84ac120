import { describe, expect, it } from 'vitest';
import { AverageGain, AverageLoss, RSI } from 'technicalindicators';
import { rsi } from '../../../src/core/indicators/index.js';
import { loadRealSeries } from '../../helpers/real-data.js';
import { expectMatchesOracle, toArray } from './oracle.js';

const cases = (['ORCL', 'GOOG'] as const).flatMap((symbol) => [2, 7, 14, 30].map((period) => ({ symbol, period })));

/** The library's RSI applies parseFloat(x.toFixed(2)); we keep full precision. */
const round2 = (x: number): number => (Number.isNaN(x) ? x : Number.parseFloat(x.toFixed(2)));

describe('rsi', () => {
  it.each(cases)('equals technicalindicators RSI after rounding ours to 2 decimals like the library does ($symbol, period $period)', ({ symbol, period }) => {
    const close = loadRealSeries(symbol).close;
    const expected = RSI.calculate({ period, values: toArray(close) });
    const ours = rsi(close, period).map(round2);
    expectMatchesOracle(ours, expected, period, 0);
  });

  it.each(cases)('matches the unrounded RSI built from technicalindicators AverageGain/AverageLoss to 1e-9 ($symbol, period $period)', ({ symbol, period }) => {
    const values = toArray(loadRealSeries(symbol).close);
    const gains = AverageGain.calculate({ period, values });
    const losses = AverageLoss.calculate({ period, values });
    const expected = gains.map((g, j) => {
      const l = losses[j]!;
      if (l === 0) return 100;
      if (g === 0) return 0;
      return 100 - 100 / (1 + g / l);
    });
    expectMatchesOracle(rsi(values, period), expected, period);
  });

  it('is 100 when there are no losses and 0 when there are no gains', () => {
    expect(toArray(rsi([1, 2, 3, 4], 2))).toEqual([NaN, NaN, 100, 100]);
    expect(toArray(rsi([4, 3, 2, 1], 2))).toEqual([NaN, NaN, 0, 0]);
  });

  it('uses Wilder smoothing after the first period changes', () => {
    // changes +2, -1: avgGain 1, avgLoss 0.5 -> RS 2 -> 66.67; then +1: gain (1*1 + 1)/2 = 1, loss 0.25 -> RS 4 -> 80
    const out = rsi([10, 12, 11, 12], 2);
    expect(out[2]).toBeCloseTo(200 / 3, 12);
    expect(out[3]).toBeCloseTo(80, 12);
  });
});
