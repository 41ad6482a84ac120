import { describe, expect, it } from 'vitest';
import { SMA } from 'technicalindicators';
import { sma } from '../../../src/core/indicators/index.js';
import { loadRealSeries } from '../../helpers/real-data.js';
import { expectMatchesOracle, toArray } from './oracle.js';

const cases = (['ORCL', 'GOOG'] as const).flatMap((symbol) => [1, 2, 20, 50, 200].map((period) => ({ symbol, period })));

describe('sma', () => {
  it.each(cases)('matches technicalindicators SMA to 1e-9 after warm-up ($symbol closes, period $period)', ({ symbol, period }) => {
    const close = loadRealSeries(symbol).close;
    const expected = SMA.calculate({ period, values: toArray(close) });
    expectMatchesOracle(sma(close, period), expected, period - 1);
  });

  it('averages the last period values including the current one', () => {
    expect(toArray(sma([1, 2, 3, 4, 6], 2))).toEqual([NaN, 1.5, 2.5, 3.5, 5]);
  });

  it('returns all NaN when the input is shorter than the period, and nothing for no input', () => {
    expect(toArray(sma([1, 2], 3))).toEqual([NaN, NaN]);
    expect(sma([], 3).length).toBe(0);
  });
});
