import { describe, expect, it } from 'vitest';
import { trendFollowingParams } from '../../../src/core/strategies/trend-following.js';
import {
  bind,
  expectNoLookAhead,
  expectReasonStates,
  expectWellFormed,
  indexOfDate,
  keysOf,
  paramsError,
  realSeries,
  realUniverse,
  referenceSma,
  runStrategy,
  type RealSymbol,
} from './helpers.js';

const ID = 'trend-following';

/** Plain loop over technicalindicators SMAs: strict crosses, entries only when flat, exits only when long. */
function naiveSignals(symbol: RealSymbol, fastPeriod: number, slowPeriod: number): string[] {
  const s = realSeries(symbol);
  const fast = referenceSma(s.close, fastPeriod);
  const slow = referenceSma(s.close, slowPeriod);
  const out: string[] = [];
  let long = false;
  for (let i = slowPeriod; i < s.length; i++) {
    const date = new Date(s.time[i]!).toISOString().slice(0, 10);
    const up = fast[i - 1]! < slow[i - 1]! && fast[i]! > slow[i]!;
    const down = fast[i - 1]! > slow[i - 1]! && fast[i]! < slow[i]!;
    if (up && !long) {
      out.push(`${date} ${symbol} enter_long`);
      long = true;
    } else if (down && long) {
      out.push(`${date} ${symbol} exit_long`);
      long = false;
    }
  }
  return out;
}

const cases: { symbol: RealSymbol; fast: number; slow: number }[] = [
  { symbol: 'ORCL', fast: 50, slow: 200 },
  { symbol: 'ORCL', fast: 20, slow: 50 },
  { symbol: 'GOOG', fast: 50, slow: 200 },
  { symbol: 'GOOG', fast: 10, slow: 30 },
];

describe('trend-following', () => {
  it.each(cases)('signals exactly at strict SMA crosses ($symbol, fast $fast, slow $slow)', ({ symbol, fast, slow }) => {
    const bound = bind(ID, { fast, slow });
    const u = realUniverse([symbol]);
    const emitted = runStrategy(bound, u);
    expect(keysOf(emitted)).toEqual(naiveSignals(symbol, fast, slow));
    expect(emitted.length).toBeGreaterThanOrEqual(4);
    expectWellFormed(bound, u, emitted);
  });

  it('enters ORCL on known golden crosses and exits on death crosses with default params', () => {
    const emitted = keysOf(runStrategy(bind(ID), realUniverse(['ORCL'])));
    expect(emitted.slice(0, 4)).toEqual(KNOWN_ORCL_DEFAULT);
  });

  it('states both SMAs and the close in every reason', () => {
    const s = realSeries('ORCL');
    const fast = referenceSma(s.close, 50);
    const slow = referenceSma(s.close, 200);
    for (const e of runStrategy(bind(ID), realUniverse(['ORCL']))) {
      const i = indexOfDate(s, e.date);
      expect(e.reason).toMatch(e.action === 'enter_long' ? /crossed above/ : /crossed below/);
      expectReasonStates(e.reason, fast[i]!);
      expectReasonStates(e.reason, slow[i]!);
      expectReasonStates(e.reason, s.close[i]!);
    }
  });

  it('never needs bars after t (same signals on data cut at several dates)', () => {
    expectNoLookAhead(bind(ID, { fast: 20, slow: 50 }), ['ORCL'], [], ['1998-06-01', '2003-01-02', '2010-07-15']);
  });

  describe('params', () => {
    it('parses {} to the documented defaults', () => {
      expect(trendFollowingParams.parse({})).toEqual({ fast: 50, slow: 200 });
    });

    it('accepts CLI strings', () => {
      expect(bind(ID, { fast: '20', slow: '100' }).params).toEqual({ fast: 20, slow: 100 });
      expect(bind(ID).minBars).toBe(201);
    });

    it.each([
      [{ fast: 'abc' }, "trend-following: param 'fast' expected an integer between 2 and 1000, got 'abc'"],
      [{ fast: 2.5 }, "trend-following: param 'fast' expected an integer between 2 and 1000, got 2.5"],
      [{ fast: 60, slow: 60 }, "trend-following: param 'fast' expected an integer < slow (60), got 60"],
      [{ fats: 10 }, "trend-following: unknown param 'fats'; valid: fast, slow"],
    ])('rejects %j with a one-line strategy.params error', (raw, message) => {
      expect(paramsError(ID, raw)).toBe(message);
    });
  });
});

/** First golden/death crosses of ORCL's SMA50/SMA200, cross-checked with a separate script over the CSV. */
const KNOWN_ORCL_DEFAULT = [
  '1997-06-10 ORCL enter_long', // SMA50 4.70 > SMA200 4.69
  '1997-12-18 ORCL exit_long', // SMA50 5.39 < SMA200 5.44 after the December 1997 drop
  '1998-11-05 ORCL enter_long',
  '1999-06-03 ORCL exit_long',
];
