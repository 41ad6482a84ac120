import { describe, expect, it } from 'vitest';
import { momentumRotationParams } from '../../../src/core/strategies/momentum-rotation.js';
import {
  bind,
  expectRotationMatches,
  expectNoLookAhead,
  expectReasonStatesPct,
  indexOfDate,
  naiveRotation,
  paramsError,
  plainMomentum,
  realSeries,
  realUniverse,
  runStrategy,
  type RealSymbol,
} from './helpers.js';

const ID = 'momentum-rotation';

interface Case {
  symbols: RealSymbol[];
  lookback: number;
  topN: number;
  minMomentum: number;
  rebalanceEvery: number;
}

function naiveSignals(c: Case): string[] {
  return naiveRotation(
    c.symbols,
    c.rebalanceEvery,
    c.lookback + 1,
    (close, i) => plainMomentum(close, i, c.lookback),
    (ranked) => ranked.filter((r) => r.score > c.minMomentum).slice(0, c.topN).map((r) => r.symbol),
  );
}

const cases: Case[] = [
  { symbols: ['ORCL', 'GOOG'], lookback: 126, topN: 1, minMomentum: 0, rebalanceEvery: 21 },
  { symbols: ['GOOG', 'ORCL'], lookback: 63, topN: 2, minMomentum: 0.05, rebalanceEvery: 10 },
  { symbols: ['ORCL'], lookback: 126, topN: 1, minMomentum: 0, rebalanceEvery: 21 },
  { symbols: ['GOOG'], lookback: 252, topN: 1, minMomentum: 0.1, rebalanceEvery: 5 },
];

describe('momentum-rotation', () => {
  it.each(cases)(
    'holds the top $topN of $symbols by $lookback-bar momentum above $minMomentum, rebalancing every $rebalanceEvery steps',
    (c) => expectRotationMatches(ID, c, naiveSignals(c), 6),
  );

  it('rotates between ORCL and GOOG (both are held at some point with topN 1)', () => {
    const entries = runStrategy(bind(ID), realUniverse(['ORCL', 'GOOG'])).filter((e) => e.action === 'enter_long');
    expect(new Set(entries.map((e) => e.symbol))).toEqual(new Set(['ORCL', 'GOOG']));
  });

  it('states the momentum and rank in every reason; entry confidence is 0.5 + momentum excess (full at 50 points)', () => {
    const emitted = runStrategy(bind(ID), realUniverse(['ORCL', 'GOOG']));
    for (const e of emitted) {
      const s = realSeries(e.symbol as RealSymbol);
      const m = plainMomentum(s.close, indexOfDate(s, e.date), 126);
      expect(e.reason).toMatch(/^rebalance: 126-bar momentum /);
      expectReasonStatesPct(e.reason, m);
      if (e.action === 'enter_long') expect(e.confidence).toBeCloseTo(Math.min(1, 0.5 + m), 9);
      else expect(e.confidence).toBe(1);
    }
  });

  it('never needs bars after t (same signals on data cut at several dates)', () => {
    expectNoLookAhead(bind(ID), ['ORCL', 'GOOG'], [], ['1999-01-04', '2007-06-01', '2012-08-01']);
  });

  describe('params', () => {
    it('parses {} to the documented defaults', () => {
      expect(momentumRotationParams.parse({})).toEqual({ lookback: 126, topN: 1, minMomentum: 0, rebalanceEvery: 21 });
    });

    it('accepts CLI strings', () => {
      expect(bind(ID, { lookback: '63', topN: '2', minMomentum: '0.05', rebalanceEvery: '10' }).params).toEqual({
        lookback: 63,
        topN: 2,
        minMomentum: 0.05,
        rebalanceEvery: 10,
      });
      expect(bind(ID).minBars).toBe(127);
    });

    it.each([
      [{ topN: 0 }, "momentum-rotation: param 'topN' expected an integer between 1 and 100, got 0"],
      [{ minMomentum: 'high' }, "momentum-rotation: param 'minMomentum' expected a number between -1 and 100, got 'high'"],
      [{ rebalance: 21 }, "momentum-rotation: unknown param 'rebalance'; valid: lookback, topN, minMomentum, rebalanceEvery"],
    ])('rejects %j with a one-line strategy.params error', (raw, message) => {
      expect(paramsError(ID, raw)).toBe(message);
    });
  });
});
