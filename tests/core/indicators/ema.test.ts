import { describe, expect, it } from 'vitest';
import { EMA } from 'technicalindicators';
import { ema } from '../../../src/core/indicators/index.js';
import { loadRealSeries } from '../../helpers/real-data.js';
import { expectMatchesOracle, toArray } from './oracle.js';

const cases = (['ORCL', 'GOOG'] as const).flatMap((symbol) => [1, 2, 12, 26, 50, 200].map((period) => ({ symbol, period })));

describe('ema', () => {
  it.each(cases)('matches technicalindicators EMA (SMA-seeded) to 1e-9 after warm-up ($symbol closes, period $period)', ({ symbol, period }) => {
    const close = loadRealSeries(symbol).close;
    const expected = EMA.calculate({ period, values: toArray(close) });
    expectMatchesOracle(ema(close, period), expected, period - 1);
  });

  it('seeds with the SMA of the first period values, then applies alpha = 2 / (period + 1)', () => {
    // period 3: seed (1 + 2 + 3) / 3 = 2, then 2 + (6 - 2) * 0.5 = 4, then 4 + (4 - 4) * 0.5 = 4
    expect(toArray(ema([1, 2, 3, 6, 4], 3))).toEqual([NaN, NaN, 2, 4, 4]);
  });

  it('returns all NaN when the input is shorter than the period', () => {
    expect(toArray(ema([1, 2], 3))).toEqual([NaN, NaN]);
  });
});
