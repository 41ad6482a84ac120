import { describe, expect, it } from 'vitest';
import { BollingerBands } from 'technicalindicators';
import { bollinger } from '../../../src/core/indicators/index.js';
import { loadRealSeries } from '../../helpers/real-data.js';
import { expectMatchesOracle, toArray } from './oracle.js';

const cases = (['ORCL', 'GOOG'] as const).flatMap((symbol) =>
  [
    { period: 20, stdDev: 2 },
    { period: 10, stdDev: 1.5 },
    { period: 50, stdDev: 2.5 },
    { period: 2, stdDev: 1 },
  ].map((p) => ({ symbol, ...p })),
);

describe('bollinger', () => {
  it.each(cases)('matches technicalindicators BollingerBands middle/upper/lower to 1e-9 ($symbol, period $period, stdDev $stdDev)', ({ symbol, period, stdDev }) => {
    const close = loadRealSeries(symbol).close;
    const expected = BollingerBands.calculate({ period, stdDev, values: toArray(close) });
    const ours = bollinger(close, period, stdDev);
    expectMatchesOracle(ours.middle, expected.map((b) => b.middle), period - 1);
    expectMatchesOracle(ours.upper, expected.map((b) => b.upper), period - 1);
    expectMatchesOracle(ours.lower, expected.map((b) => b.lower), period - 1);
  });

  it('defaults to period 20 and 2 standard deviations', () => {
    const close = loadRealSeries('ORCL').close;
    expect(bollinger(close)).toEqual(bollinger(close, 20, 2));
  });

  it('puts the bands stdDev population deviations around the SMA', () => {
    const b = bollinger([2, 4, 4, 4, 5, 5, 7, 9], 8, 2);
    expect([b.middle[7], b.upper[7], b.lower[7]]).toEqual([5, 9, 1]);
    expect(b.upper[6]).toBeNaN();
  });
});
