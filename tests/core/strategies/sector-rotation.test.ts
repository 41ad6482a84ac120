import { describe, expect, it } from 'vitest';
import { sectorRotationParams } from '../../../src/core/strategies/sector-rotation.js';
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

const ID = 'sector-rotation';
const LIST_ERROR =
  `sector-rotation: param 'lookbacks' expected a list of 1 to 20 integers between 1 and 2000 such as "21,63,126",`;

interface Case {
  symbols: RealSymbol[];
  lookbacks: number[];
  topN: number;
  rebalanceEvery: number;
}

const composite = (close: Float64Array, i: number, lookbacks: readonly number[]): number =>
  lookbacks.reduce((sum, l) => sum + plainMomentum(close, i, l), 0) / lookbacks.length;

function naiveSignals(c: Case): string[] {
  return naiveRotation(
    c.symbols,
    c.rebalanceEvery,
    Math.max(...c.lookbacks) + 1,
    (close, i) => composite(close, i, c.lookbacks),
    // Sign does not matter: the best topN (or all of the basket) are held.
    (ranked) => ranked.slice(0, c.topN).map((r) => r.symbol),
  );
}

const cases: Case[] = [
  { symbols: ['ORCL', 'GOOG'], lookbacks: [21, 63, 126], topN: 1, rebalanceEvery: 21 },
  { symbols: ['ORCL', 'GOOG'], lookbacks: [10, 20], topN: 1, rebalanceEvery: 5 },
  { symbols: ['GOOG', 'ORCL'], lookbacks: [252], topN: 1, rebalanceEvery: 63 },
];

describe('sector-rotation', () => {
  it.each(cases)(
    'holds the top $topN of $symbols by mean momentum over $lookbacks, rebalancing every $rebalanceEvery steps',
    (c) => expectRotationMatches(ID, c, naiveSignals(c), 10),
  );

  it('caps topN (default 3) at the basket size: both symbols are entered once eligible and never exited', () => {
    const emitted = runStrategy(bind(ID), realUniverse(['ORCL', 'GOOG']));
    expect(keysOf(emitted)).toEqual(
      naiveSignals({ symbols: ['ORCL', 'GOOG'], lookbacks: [21, 63, 126], topN: 3, rebalanceEvery: 21 }),
    );
    expect(emitted.map((e) => `${e.symbol} ${e.action}`)).toEqual(['ORCL enter_long', 'GOOG enter_long']);
  });

  it('keeps holding whatever the sign of the score (ORCL alone through the 2001-2002 slump)', () => {
    const emitted = runStrategy(bind(ID, { topN: 1 }), realUniverse(['ORCL']));
    expect(emitted.map((e) => e.action)).toEqual(['enter_long']);
    const s = realSeries('ORCL');
    expect(composite(s.close, indexOfDate(s, '2001-03-22'), [21, 63, 126])).toBeLessThan(-0.2);
  });

  it('states the composite momentum and rank in every reason; entry confidence falls from 1 (best) to 0.5 (last)', () => {
    const emitted = runStrategy(bind(ID, { topN: 2, lookbacks: '10,20' }), realUniverse(['ORCL', 'GOOG']));
    for (const e of emitted) {
      const s = realSeries(e.symbol as RealSymbol);
      expectReasonStatesPct(e.reason, composite(s.close, indexOfDate(s, e.date), [10, 20]));
      expect(e.reason).toMatch(/ranks #[12] of [12]/);
      if (e.action === 'enter_long') {
        const rank = Number(/ranks #(\d) of (\d)/.exec(e.reason)![1]);
        const count = Number(/ranks #(\d) of (\d)/.exec(e.reason)![2]);
        expect(e.confidence).toBe(count === 1 ? 1 : 1 - (0.5 * (rank - 1)) / (count - 1));
      }
    }
  });

  it('never needs bars after t (same signals on data cut at several dates)', () => {
    expectNoLookAhead(bind(ID, { topN: 1 }), ['ORCL', 'GOOG'], [], ['2005-06-01', '2009-03-02', '2013-01-02']);
  });

  describe('params', () => {
    it('parses {} to the documented defaults', () => {
      expect(sectorRotationParams.parse({})).toEqual({ lookbacks: [21, 63, 126], topN: 3, rebalanceEvery: 21 });
    });

    it('accepts CLI strings, including a comma-separated list', () => {
      expect(bind(ID, { lookbacks: '10, 20,60', topN: '2', rebalanceEvery: '5' }).params).toEqual({
        lookbacks: [10, 20, 60],
        topN: 2,
        rebalanceEvery: 5,
      });
      expect(bind(ID, { lookbacks: [21, 252] }).minBars).toBe(253);
    });

    it('does not share the default list between parses', () => {
      const a = sectorRotationParams.parse({});
      a.lookbacks.push(1);
      expect(sectorRotationParams.parse({}).lookbacks).toEqual([21, 63, 126]);
    });

    it.each([
      [{ lookbacks: '21,,63' }, `${LIST_ERROR} got '21,,63'`],
      [{ lookbacks: [] }, `${LIST_ERROR} got []`],
      [{ topN: '3.5' }, "sector-rotation: param 'topN' expected an integer between 1 and 100, got '3.5'"],
      [{ top: 3 }, "sector-rotation: unknown param 'top'; valid: lookbacks, topN, rebalanceEvery"],
    ])('rejects %j with a one-line strategy.params error', (raw, message) => {
      expect(paramsError(ID, raw)).toBe(message);
    });
  });
});
