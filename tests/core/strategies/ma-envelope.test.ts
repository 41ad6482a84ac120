import { describe, expect, it } from 'vitest';
import { maEnvelopeParams } from '../../../src/core/strategies/ma-envelope.js';
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

const ID = 'ma-envelope';

function naiveSignals(symbol: RealSymbol, period: number, pct: number): string[] {
  const s = realSeries(symbol);
  const sma = referenceSma(s.close, period);
  const out: string[] = [];
  let long = false;
  for (let i = period - 1; i < s.length; i++) {
    const lower = sma[i]! * (1 - pct / 100);
    if (!long && s.close[i]! < lower) {
      out.push(`${isoDate(s.time[i]!)} ${symbol} enter_long`);
      long = true;
    } else if (long && s.close[i]! > sma[i]!) {
      out.push(`${isoDate(s.time[i]!)} ${symbol} exit_long`);
      long = false;
    }
  }
  return out;
}

const cases: { symbol: RealSymbol; period: number; pct: number }[] = [
  { symbol: 'ORCL', period: 20, pct: 2.5 },
  { symbol: 'ORCL', period: 50, pct: 10 },
  { symbol: 'GOOG', period: 20, pct: 2.5 },
  { symbol: 'GOOG', period: 10, pct: 1 },
];

describe('ma-envelope', () => {
  it.each(cases)('enters below SMA$period - $pct% and exits above the SMA ($symbol)', ({ symbol, period, pct }) => {
    const bound = bind(ID, { period, pct });
    const u = realUniverse([symbol]);
    const emitted = runStrategy(bound, u);
    expect(keysOf(emitted)).toEqual(naiveSignals(symbol, period, pct));
    expect(emitted.length).toBeGreaterThanOrEqual(10);
    expectWellFormed(bound, u, emitted);
  });

  it('states the close, the band and the SMA in the reasons', () => {
    const s = realSeries('GOOG');
    const sma = referenceSma(s.close, 20);
    for (const e of runStrategy(bind(ID), realUniverse(['GOOG']))) {
      const i = indexOfDate(s, e.date);
      expectReasonStates(e.reason, s.close[i]!);
      expectReasonStates(e.reason, sma[i]!);
      if (e.action === 'enter_long') expectReasonStates(e.reason, sma[i]! * 0.975);
    }
  });

  it('never needs bars after t (same signals on data cut at several dates)', () => {
    expectNoLookAhead(bind(ID), ['ORCL'], [], ['1995-06-01', '2004-04-01', '2013-06-03']);
  });

  describe('params', () => {
    it('parses {} to the documented defaults', () => {
      expect(maEnvelopeParams.parse({})).toEqual({ period: 20, pct: 2.5 });
    });

    it('accepts CLI strings', () => {
      expect(bind(ID, { period: '50', pct: '10' }).params).toEqual({ period: 50, pct: 10 });
      expect(bind(ID).minBars).toBe(20);
    });

    it.each([
      [{ pct: '2.5%' }, "ma-envelope: param 'pct' expected a number between 0.01 and 50, got '2.5%'"],
      [{ pct: 0 }, "ma-envelope: param 'pct' expected a number between 0.01 and 50, got 0"],
      [{ period: [20] }, "ma-envelope: param 'period' expected an integer between 2 and 1000, got [20]"],
      [{ band: 3 }, "ma-envelope: unknown param 'band'; valid: period, pct"],
    ])('rejects %j with a one-line strategy.params error', (raw, message) => {
      expect(paramsError(ID, raw)).toBe(message);
    });
  });
});
