import { describe, expect, it } from 'vitest';
import { ATR } from 'technicalindicators';
import { atr } from '../../../src/core/indicators/index.js';
import { loadRealSeries } from '../../helpers/real-data.js';
import { expectMatchesOracle, toArray } from './oracle.js';

const cases = (['ORCL', 'GOOG'] as const).flatMap((symbol) => [1, 5, 14, 50].map((period) => ({ symbol, period })));

describe('atr', () => {
  it.each(cases)('matches technicalindicators ATR (true range + Wilder) to 1e-9 after warm-up ($symbol, period $period)', ({ symbol, period }) => {
    const s = loadRealSeries(symbol);
    const expected = ATR.calculate({ period, high: toArray(s.high), low: toArray(s.low), close: toArray(s.close) });
    expectMatchesOracle(atr(s.high, s.low, s.close, period), expected, period);
  });

  it('uses the gap to the previous close when it exceeds the bar range', () => {
    // TRs from bar 1: max(1, |12-9|, |11-9|) = 3, max(1, |13-12|, |12-12|) = 1; seed (3 + 1) / 2 = 2
    const out = atr([10, 12, 13], [8, 11, 12], [9, 12, 12.5], 2);
    expect(toArray(out)).toEqual([NaN, NaN, 2]);
  });

  it('rejects inputs of different lengths', () => {
    expect(() => atr([1, 2], [1], [1, 2], 1)).toThrow(RangeError);
  });
});
