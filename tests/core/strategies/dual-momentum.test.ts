import { describe, expect, it } from 'vitest';
import { dualMomentumParams } from '../../../src/core/strategies/dual-momentum.js';
import {
  bind,
  expectRotationMatches,
  expectNoLookAhead,
  expectReasonStatesPct,
  indexOfDate,
  keysOf,
  naiveRotation,
  paramsError,
  plainMomentum,
  realSeries,
  realUniverse,
  runStrategy,
  type RealSymbol,
} from './helpers.js';

const ID = 'dual-momentum';

interface Case {
  symbols: RealSymbol[];
  lookback: number;
  threshold: number;
  safeSymbol: RealSymbol | null;
  rebalanceEvery: number;
}

function naiveSignals(c: Case): string[] {
  const minBars = c.lookback + 1;
  return naiveRotation(
    c.symbols,
    c.rebalanceEvery,
    minBars,
    (close, i) => plainMomentum(close, i, c.lookback),
    (ranked, day) => {
      const risky = ranked.filter((r) => r.symbol !== c.safeSymbol);
      const best = risky[0];
      if (best === undefined) return null; // nothing to compare yet: no change
      if (best.score > c.threshold) return [best.symbol];
      const safeBars = c.safeSymbol === null ? -1 : day.barIndex(c.safeSymbol) + 1;
      return c.safeSymbol !== null && safeBars >= minBars ? [c.safeSymbol] : [];
    },
  );
}

const cases: Case[] = [
  { symbols: ['ORCL', 'GOOG'], lookback: 252, threshold: 0, safeSymbol: null, rebalanceEvery: 21 },
  { symbols: ['GOOG', 'ORCL'], lookback: 126, threshold: 0, safeSymbol: 'ORCL', rebalanceEvery: 21 },
  { symbols: ['ORCL'], lookback: 126, threshold: 0.1, safeSymbol: null, rebalanceEvery: 10 },
  { symbols: ['ORCL', 'GOOG'], lookback: 63, threshold: 0.05, safeSymbol: 'GOOG', rebalanceEvery: 5 },
];

describe('dual-momentum', () => {
  it.each(cases)(
    'holds the best of $symbols by $lookback-bar momentum if above $threshold, else $safeSymbol or cash',
    (c) => expectRotationMatches(ID, c, naiveSignals(c), 6),
  );

  it('moves to the safe symbol when the best momentum is not above the threshold', () => {
    const emitted = runStrategy(bind(ID, { lookback: 126, safeSymbol: 'orcl' }), realUniverse(['GOOG', 'ORCL']));
    const toSafe = emitted.filter((e) => e.symbol === 'ORCL' && e.action === 'enter_long');
    expect(toSafe.length).toBeGreaterThan(0);
    for (const e of toSafe) {
      expect(e.reason).toContain('moving to ORCL');
      const goog = realSeries('GOOG');
      expect(plainMomentum(goog.close, indexOfDate(goog, e.date), 126)).toBeLessThanOrEqual(0);
    }
  });

  it('treats a safe symbol that is not loaded as cash', () => {
    const withMissing = runStrategy(bind(ID, { safeSymbol: 'TLT' }), realUniverse(['ORCL', 'GOOG']));
    expect(keysOf(withMissing)).toEqual(keysOf(runStrategy(bind(ID), realUniverse(['ORCL', 'GOOG']))));
  });

  it('states the best momentum and the threshold in every reason', () => {
    for (const e of runStrategy(bind(ID), realUniverse(['ORCL', 'GOOG']))) {
      const best = /best is (ORCL|GOOG)/.exec(e.reason)![1] as RealSymbol;
      const s = realSeries(best);
      const m = plainMomentum(s.close, indexOfDate(s, e.date), 252);
      expectReasonStatesPct(e.reason, m);
      expect(e.reason).toContain('threshold 0.00%');
      if (e.action === 'enter_long') expect(e.confidence).toBeCloseTo(Math.min(1, 0.5 + Math.abs(m)), 9);
    }
  });

  it('never needs bars after t (same signals on data cut at several dates)', () => {
    const bound = bind(ID, { lookback: 63, threshold: 0.05, safeSymbol: 'GOOG', rebalanceEvery: 5 });
    expectNoLookAhead(bound, ['ORCL', 'GOOG'], [], ['2000-01-03', '2006-06-01', '2013-02-01']);
  });

  describe('params', () => {
    it('parses {} to the documented defaults', () => {
      expect(dualMomentumParams.parse({})).toEqual({ lookback: 252, threshold: 0, safeSymbol: null, rebalanceEvery: 21 });
    });

    it('accepts CLI strings; none clears the safe symbol', () => {
      expect(bind(ID, { lookback: '126', threshold: '-0.02', safeSymbol: 'tlt', rebalanceEvery: '5' }).params).toEqual({
        lookback: 126,
        threshold: -0.02,
        safeSymbol: 'TLT',
        rebalanceEvery: 5,
      });
      expect(bind(ID, { safeSymbol: 'none' }).params['safeSymbol']).toBeNull();
      expect(bind(ID).minBars).toBe(253);
    });

    it.each([
      [{ safeSymbol: 7 }, "dual-momentum: param 'safeSymbol' expected a symbol such as SPY or 'none', got 7"],
      [{ lookback: '1y' }, "dual-momentum: param 'lookback' expected an integer between 1 and 2000, got '1y'"],
      [
        { safe: 'TLT', cash: true },
        "dual-momentum: unknown params 'safe', 'cash'; valid: lookback, threshold, safeSymbol, rebalanceEvery",
      ],
    ])('rejects %j with a one-line strategy.params error', (raw, message) => {
      expect(paramsError(ID, raw)).toBe(message);
    });
  });
});
