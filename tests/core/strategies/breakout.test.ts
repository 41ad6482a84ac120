import { describe, expect, it } from 'vitest';
import { breakoutParams } from '../../../src/core/strategies/breakout.js';
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

const ID = 'breakout';

/** Highest high / lowest low of the `period` bars before i (bar i excluded), by plain loops. */
function priorHigh(high: Float64Array, i: number, period: number): number {
  let m = -Infinity;
  for (let j = i - period; j < i; j++) m = Math.max(m, high[j]!);
  return m;
}
function priorLow(low: Float64Array, i: number, period: number): number {
  let m = Infinity;
  for (let j = i - period; j < i; j++) m = Math.min(m, low[j]!);
  return m;
}

function naiveSignals(symbol: RealSymbol, entryPeriod: number, exitPeriod: number): string[] {
  const s = realSeries(symbol);
  const out: string[] = [];
  let long = false;
  for (let i = Math.max(entryPeriod, exitPeriod); i < s.length; i++) {
    const close = s.close[i]!;
    if (!long && close > priorHigh(s.high, i, entryPeriod)) {
      out.push(`${isoDate(s.time[i]!)} ${symbol} enter_long`);
      long = true;
    } else if (long && close < priorLow(s.low, i, exitPeriod)) {
      out.push(`${isoDate(s.time[i]!)} ${symbol} exit_long`);
      long = false;
    }
  }
  return out;
}

const cases: { symbol: RealSymbol; entryPeriod: number; exitPeriod: number }[] = [
  { symbol: 'ORCL', entryPeriod: 20, exitPeriod: 10 },
  { symbol: 'ORCL', entryPeriod: 55, exitPeriod: 20 },
  { symbol: 'GOOG', entryPeriod: 20, exitPeriod: 10 },
  { symbol: 'GOOG', entryPeriod: 5, exitPeriod: 30 },
];

describe('breakout', () => {
  it.each(cases)(
    'enters above the prior $entryPeriod-bar high and exits below the prior $exitPeriod-bar low ($symbol)',
    ({ symbol, entryPeriod, exitPeriod }) => {
      const bound = bind(ID, { entryPeriod, exitPeriod });
      const u = realUniverse([symbol]);
      const emitted = runStrategy(bound, u);
      expect(keysOf(emitted)).toEqual(naiveSignals(symbol, entryPeriod, exitPeriod));
      expect(emitted.length).toBeGreaterThanOrEqual(20);
      expectWellFormed(bound, u, emitted);
    },
  );

  it('states the close and the channel edge in every reason', () => {
    const s = realSeries('ORCL');
    for (const e of runStrategy(bind(ID), realUniverse(['ORCL']))) {
      const i = indexOfDate(s, e.date);
      expectReasonStates(e.reason, s.close[i]!);
      expectReasonStates(e.reason, e.action === 'enter_long' ? priorHigh(s.high, i, 20) : priorLow(s.low, i, 10));
    }
  });

  it('never needs bars after t (same signals on data cut at several dates)', () => {
    expectNoLookAhead(bind(ID), ['GOOG'], [], ['2005-05-02', '2008-09-15', '2012-11-30']);
  });

  describe('params', () => {
    it('parses {} to the documented defaults', () => {
      expect(breakoutParams.parse({})).toEqual({ entryPeriod: 20, exitPeriod: 10 });
    });

    it('accepts CLI strings', () => {
      expect(bind(ID, { entryPeriod: '55', exitPeriod: ' 20' }).params).toEqual({ entryPeriod: 55, exitPeriod: 20 });
      expect(bind(ID).minBars).toBe(21);
    });

    it.each([
      [{ entryPeriod: '20d' }, "breakout: param 'entryPeriod' expected an integer between 2 and 1000, got '20d'"],
      [{ exitPeriod: 0 }, "breakout: param 'exitPeriod' expected an integer between 2 and 1000, got 0"],
      [{ period: 20 }, "breakout: unknown param 'period'; valid: entryPeriod, exitPeriod"],
    ])('rejects %j with a one-line strategy.params error', (raw, message) => {
      expect(paramsError(ID, raw)).toBe(message);
    });
  });
});
