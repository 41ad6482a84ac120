import { describe, expect, it } from 'vitest';
import { AverageGain, AverageLoss } from 'technicalindicators';
import { meanReversionParams } from '../../../src/core/strategies/mean-reversion.js';
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

const ID = 'mean-reversion';

/** Unrounded Wilder RSI from technicalindicators' average gain/loss, full length with NaN warm-up. */
function referenceRsi(close: Float64Array, period: number): number[] {
  const values = Array.from(close);
  const gains = AverageGain.calculate({ period, values });
  const losses = AverageLoss.calculate({ period, values });
  const rsi = gains.map((g, j) => {
    const l = losses[j]!;
    return l === 0 ? 100 : g === 0 ? 0 : 100 - 100 / (1 + g / l);
  });
  return [...new Array<number>(values.length - rsi.length).fill(Number.NaN), ...rsi];
}

interface Case {
  symbol: RealSymbol;
  period: number;
  oversold: number;
  overbought: number;
  allowShort: boolean;
}

/** A three-state machine written out plainly: flat, long, short. */
function naiveSignals(c: Case): string[] {
  const s = realSeries(c.symbol);
  const rsi = referenceRsi(s.close, c.period);
  const out: string[] = [];
  let state: 'flat' | 'long' | 'short' = 'flat';
  for (let i = c.period; i < s.length; i++) {
    const r = rsi[i]!;
    const at = `${isoDate(s.time[i]!)} ${c.symbol}`;
    if (state === 'flat' && r < c.oversold) {
      out.push(`${at} enter_long`);
      state = 'long';
    } else if (state === 'flat' && r > c.overbought && c.allowShort) {
      out.push(`${at} enter_short`);
      state = 'short';
    } else if (state === 'long' && r > c.overbought) {
      out.push(`${at} exit_long`);
      state = 'flat';
    } else if (state === 'short' && r < c.oversold) {
      out.push(`${at} exit_short`);
      state = 'flat';
    }
  }
  return out;
}

const cases: Case[] = [
  { symbol: 'ORCL', period: 14, oversold: 30, overbought: 70, allowShort: false },
  { symbol: 'ORCL', period: 14, oversold: 30, overbought: 70, allowShort: true },
  { symbol: 'GOOG', period: 7, oversold: 25, overbought: 75, allowShort: true },
  { symbol: 'GOOG', period: 14, oversold: 35, overbought: 65, allowShort: false },
];

describe('mean-reversion', () => {
  it.each(cases)(
    'enters below oversold and exits above overbought ($symbol, RSI$period $oversold/$overbought, allowShort $allowShort)',
    (c) => {
      const { symbol, ...params } = c;
      const bound = bind(ID, params);
      const u = realUniverse([symbol]);
      const emitted = runStrategy(bound, u);
      expect(keysOf(emitted)).toEqual(naiveSignals(c));
      expect(emitted.length).toBeGreaterThanOrEqual(6);
      if (c.allowShort) expect(emitted.some((e) => e.action === 'enter_short')).toBe(true);
      else expect(emitted.every((e) => e.action === 'enter_long' || e.action === 'exit_long')).toBe(true);
      expectWellFormed(bound, u, emitted);
    },
  );

  it('states the RSI, the threshold and the close in every reason, with confidence 0.5 + (distance / 20) / 2', () => {
    const s = realSeries('ORCL');
    const rsi = referenceRsi(s.close, 14);
    const emitted = runStrategy(bind(ID, { allowShort: true }), realUniverse(['ORCL']));
    for (const e of emitted) {
      const i = indexOfDate(s, e.date);
      expectReasonStates(e.reason, rsi[i]!);
      expectReasonStates(e.reason, s.close[i]!);
      const below = e.action === 'enter_long' || e.action === 'exit_short';
      expectReasonStates(e.reason, below ? 30 : 70);
      const distance = below ? 30 - rsi[i]! : rsi[i]! - 70;
      expect(e.confidence).toBeCloseTo(Math.min(1, 0.5 + distance / 40), 9);
    }
  });

  it('never needs bars after t (same signals on data cut at several dates)', () => {
    expectNoLookAhead(bind(ID, { allowShort: true }), ['ORCL'], [], ['1996-03-01', '2002-07-24', '2012-01-03']);
  });

  describe('params', () => {
    it('parses {} to the documented defaults', () => {
      expect(meanReversionParams.parse({})).toEqual({ period: 14, oversold: 30, overbought: 70, allowShort: false });
    });

    it('accepts CLI strings', () => {
      expect(bind(ID, { period: '7', oversold: '25.5', overbought: '80', allowShort: 'true' }).params).toEqual({
        period: 7,
        oversold: 25.5,
        overbought: 80,
        allowShort: true,
      });
      expect(bind(ID).minBars).toBe(15);
    });

    it.each([
      [{ allowShort: 'yes' }, "mean-reversion: param 'allowShort' expected true or false, got 'yes'"],
      [{ oversold: 120 }, "mean-reversion: param 'oversold' expected a number between 0 and 100, got 120"],
      [{ oversold: 70, overbought: 30 }, "mean-reversion: param 'oversold' expected a number < overbought (30), got 70"],
      [{ period: 1 }, "mean-reversion: param 'period' expected an integer between 2 and 500, got 1"],
      [{ short: true }, "mean-reversion: unknown param 'short'; valid: period, oversold, overbought, allowShort"],
    ])('rejects %j with a one-line strategy.params error', (raw, message) => {
      expect(paramsError(ID, raw)).toBe(message);
    });
  });
});
