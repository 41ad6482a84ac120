import { describe, expect, it } from 'vitest';
import { ATR } from 'technicalindicators';
import { volatilityBreakoutParams } from '../../../src/core/strategies/volatility-breakout.js';
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
  referenceSma,
  runStrategy,
  type RealSymbol,
} from './helpers.js';

const ID = 'volatility-breakout';

/** technicalindicators ATR, full length with NaN warm-up (its first value belongs to bar `period`). */
function referenceAtr(symbol: RealSymbol, period: number): number[] {
  const s = realSeries(symbol);
  const out = ATR.calculate({ high: Array.from(s.high), low: Array.from(s.low), close: Array.from(s.close), period });
  return [...new Array<number>(s.length - out.length).fill(Number.NaN), ...out];
}

interface Case {
  symbol: RealSymbol;
  k: number;
  atrPeriod: number;
  exitPeriod: number;
}

function naiveSignals(c: Case): string[] {
  const s = realSeries(c.symbol);
  const atr = referenceAtr(c.symbol, c.atrPeriod);
  const sma = referenceSma(s.close, c.exitPeriod);
  const out: string[] = [];
  let long = false;
  for (let i = 1; i < s.length; i++) {
    if (i + 1 < Math.max(c.atrPeriod + 2, c.exitPeriod)) continue;
    const up = s.close[i]! - s.close[i - 1]!;
    if (!long && up > c.k * atr[i - 1]!) {
      out.push(`${isoDate(s.time[i]!)} ${c.symbol} enter_long`);
      long = true;
    } else if (long && s.close[i]! < sma[i]!) {
      out.push(`${isoDate(s.time[i]!)} ${c.symbol} exit_long`);
      long = false;
    }
  }
  return out;
}

const cases: Case[] = [
  { symbol: 'ORCL', k: 1, atrPeriod: 14, exitPeriod: 20 },
  { symbol: 'ORCL', k: 1.5, atrPeriod: 10, exitPeriod: 50 },
  { symbol: 'GOOG', k: 1, atrPeriod: 14, exitPeriod: 20 },
  { symbol: 'GOOG', k: 0.5, atrPeriod: 30, exitPeriod: 5 },
];

describe('volatility-breakout', () => {
  it.each(cases)(
    'enters on an up move > $k x ATR$atrPeriod of the previous bar and exits below SMA$exitPeriod ($symbol)',
    (c) => {
      const { symbol, ...params } = c;
      const bound = bind(ID, params);
      const u = realUniverse([symbol]);
      const emitted = runStrategy(bound, u);
      expect(keysOf(emitted)).toEqual(naiveSignals(c));
      expect(emitted.length).toBeGreaterThanOrEqual(20);
      expectWellFormed(bound, u, emitted);
    },
  );

  it('states the move, the previous ATR and the exit SMA in the reasons', () => {
    const s = realSeries('ORCL');
    const atr = referenceAtr('ORCL', 14);
    const sma = referenceSma(s.close, 20);
    for (const e of runStrategy(bind(ID), realUniverse(['ORCL']))) {
      const i = indexOfDate(s, e.date);
      expectReasonStates(e.reason, s.close[i]!);
      if (e.action === 'enter_long') {
        expectReasonStates(e.reason, s.close[i]! - s.close[i - 1]!);
        expectReasonStates(e.reason, atr[i - 1]!);
      } else {
        expectReasonStates(e.reason, sma[i]!);
      }
    }
  });

  it('never needs bars after t (same signals on data cut at several dates)', () => {
    expectNoLookAhead(bind(ID), ['ORCL'], [], ['1995-03-01', '2001-09-17', '2009-03-09']);
  });

  describe('params', () => {
    it('parses {} to the documented defaults', () => {
      expect(volatilityBreakoutParams.parse({})).toEqual({ k: 1, atrPeriod: 14, exitPeriod: 20 });
    });

    it('accepts CLI strings', () => {
      expect(bind(ID, { k: '1.5', atrPeriod: '10', exitPeriod: '50' }).params).toEqual({
        k: 1.5,
        atrPeriod: 10,
        exitPeriod: 50,
      });
      expect(bind(ID).minBars).toBe(20);
      expect(bind(ID, { exitPeriod: 5 }).minBars).toBe(16);
    });

    it.each([
      [{ k: 'big' }, "volatility-breakout: param 'k' expected a number between 0.01 and 20, got 'big'"],
      [{ k: -1 }, "volatility-breakout: param 'k' expected a number between 0.01 and 20, got -1"],
      [{ atrPeriod: '14.5' }, "volatility-breakout: param 'atrPeriod' expected an integer between 1 and 500, got '14.5'"],
      [{ K: 2 }, "volatility-breakout: unknown param 'K'; valid: k, atrPeriod, exitPeriod"],
    ])('rejects %j with a one-line strategy.params error', (raw, message) => {
      expect(paramsError(ID, raw)).toBe(message);
    });
  });
});
