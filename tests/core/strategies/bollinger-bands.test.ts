import { describe, expect, it } from 'vitest';
import { BollingerBands } from 'technicalindicators';
import { bollingerBandsParams } from '../../../src/core/strategies/bollinger-bands.js';
import {
  bind,
  expectNoLookAhead,
  expectReasonStates,
  expectWellFormed,
  indexOfDate,
  isoDate,
  keysOf,
  paramsError,
  realSeries,
  realUniverse,
  runStrategy,
  type RealSymbol,
} from './helpers.js';

const ID = 'bollinger-bands';

interface Bands {
  middle: number;
  upper: number;
  lower: number;
}

/** technicalindicators Bollinger bands; entry j belongs to bar j + period - 1. */
function referenceBands(symbol: RealSymbol, period: number, stdDev: number): (Bands | undefined)[] {
  const s = realSeries(symbol);
  const out = BollingerBands.calculate({ period, stdDev, values: Array.from(s.close) });
  return [...new Array<undefined>(s.length - out.length).fill(undefined), ...out];
}

interface Case {
  symbol: RealSymbol;
  period: number;
  stdDev: number;
  allowShort: boolean;
}

function naiveSignals(c: Case): string[] {
  const s = realSeries(c.symbol);
  const bands = referenceBands(c.symbol, c.period, c.stdDev);
  const out: string[] = [];
  let state: 'flat' | 'long' | 'short' = 'flat';
  for (let i = c.period - 1; i < s.length; i++) {
    const b = bands[i]!;
    const close = s.close[i]!;
    const at = `${isoDate(s.time[i]!)} ${c.symbol}`;
    if (state === 'flat' && close < b.lower) {
      out.push(`${at} enter_long`);
      state = 'long';
    } else if (state === 'flat' && c.allowShort && close > b.upper) {
      out.push(`${at} enter_short`);
      state = 'short';
    } else if (state === 'long' && close > b.middle) {
      out.push(`${at} exit_long`);
      state = 'flat';
    } else if (state === 'short' && close < b.middle) {
      out.push(`${at} exit_short`);
      state = 'flat';
    }
  }
  return out;
}

const cases: Case[] = [
  { symbol: 'ORCL', period: 20, stdDev: 2, allowShort: false },
  { symbol: 'ORCL', period: 20, stdDev: 2, allowShort: true },
  { symbol: 'GOOG', period: 20, stdDev: 2, allowShort: false },
  { symbol: 'GOOG', period: 30, stdDev: 1.5, allowShort: true },
];

describe('bollinger-bands', () => {
  it.each(cases)(
    'enters outside Bollinger($period, $stdDev) and exits at the middle band ($symbol, allowShort $allowShort)',
    (c) => {
      const { symbol, ...params } = c;
      const bound = bind(ID, params);
      const u = realUniverse([symbol]);
      const emitted = runStrategy(bound, u);
      expect(keysOf(emitted)).toEqual(naiveSignals(c));
      expect(emitted.length).toBeGreaterThanOrEqual(20);
      expect(emitted.some((e) => e.action === 'enter_short')).toBe(c.allowShort);
      expectWellFormed(bound, u, emitted);
    },
  );

  it('states the close and the band crossed in every reason', () => {
    const s = realSeries('ORCL');
    const bands = referenceBands('ORCL', 20, 2);
    for (const e of runStrategy(bind(ID, { allowShort: true }), realUniverse(['ORCL']))) {
      const i = indexOfDate(s, e.date);
      const b = bands[i]!;
      expectReasonStates(e.reason, s.close[i]!);
      expectReasonStates(e.reason, b.middle);
      if (e.action === 'enter_long') expectReasonStates(e.reason, b.lower);
      if (e.action === 'enter_short') expectReasonStates(e.reason, b.upper);
    }
  });

  it('never needs bars after t (same signals on data cut at several dates)', () => {
    expectNoLookAhead(bind(ID, { allowShort: true }), ['GOOG'], [], ['2004-12-01', '2009-01-02', '2013-01-02']);
  });

  describe('params', () => {
    it('parses {} to the documented defaults', () => {
      expect(bollingerBandsParams.parse({})).toEqual({ period: 20, stdDev: 2, allowShort: false });
    });

    it('accepts CLI strings', () => {
      expect(bind(ID, { period: '30', stdDev: '1.5', allowShort: 'false' }).params).toEqual({
        period: 30,
        stdDev: 1.5,
        allowShort: false,
      });
      expect(bind(ID).minBars).toBe(20);
    });

    it.each([
      [{ allowShort: 1 }, "bollinger-bands: param 'allowShort' expected true or false, got 1"],
      [{ stdDev: 'two' }, "bollinger-bands: param 'stdDev' expected a number between 0.1 and 10, got 'two'"],
      [{ period: 20, sd: 2 }, "bollinger-bands: unknown param 'sd'; valid: period, stdDev, allowShort"],
    ])('rejects %j with a one-line strategy.params error', (raw, message) => {
      expect(paramsError(ID, raw)).toBe(message);
    });
  });
});
