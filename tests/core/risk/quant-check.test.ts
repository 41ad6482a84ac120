import { describe, expect, it } from 'vitest';
import {
  QUANT_FACTOR,
  adjustConfidence,
  confidenceFactor,
  summarizeRecord,
  type RecordSummary,
} from '../../../src/core/risk/quant-check.js';

const summary = (over: Partial<RecordSummary>): RecordSummary => ({
  n: 20,
  expectancyPct: 0,
  sharpe: 0,
  maxDrawdownPct: 0,
  ...over,
});

describe('summarizeRecord', () => {
  const cases: Array<{ name: string; returns: number[]; window?: number; want: RecordSummary }> = [
    { name: 'empty record', returns: [], want: { n: 0, expectancyPct: 0, sharpe: null, maxDrawdownPct: 0 } },
    { name: 'one trade', returns: [2], want: { n: 1, expectancyPct: 2, sharpe: null, maxDrawdownPct: 0 } },
    {
      name: 'identical returns have no deviation',
      returns: [1, 1, 1],
      want: { n: 3, expectancyPct: 1, sharpe: null, maxDrawdownPct: 0 },
    },
    {
      // Equity 1 -> 1.1 -> 0.88 -> 0.968: drawdown (1.1 - 0.88) / 1.1 = 20%.
      name: 'win, loss, win',
      returns: [10, -20, 10],
      want: { n: 3, expectancyPct: 0, sharpe: 0, maxDrawdownPct: 20 },
    },
    {
      // Only the last 2 count: [-10, -10] compounds to 0.81: drawdown 19%.
      name: 'window keeps the most recent trades',
      returns: [50, 50, -10, -10],
      window: 2,
      want: { n: 2, expectancyPct: -10, sharpe: null, maxDrawdownPct: 19 },
    },
    {
      name: 'a loss beyond 100% floors the equity at zero',
      returns: [10, -150],
      want: { n: 2, expectancyPct: -70, sharpe: -70 / Math.sqrt(((80 ** 2) * 2) / 1), maxDrawdownPct: 100 },
    },
    {
      name: 'non-finite returns are skipped',
      returns: [Number.NaN, 4, Number.POSITIVE_INFINITY, 2],
      want: { n: 2, expectancyPct: 3, sharpe: 3 / Math.sqrt(2), maxDrawdownPct: 0 },
    },
  ];
  it.each(cases)('summarises $name', ({ returns, window, want }) => {
    const got = summarizeRecord(returns, window);
    expect(got.n).toBe(want.n);
    expect(got.expectancyPct).toBeCloseTo(want.expectancyPct, 12);
    if (want.sharpe === null) expect(got.sharpe).toBeNull();
    else expect(got.sharpe).toBeCloseTo(want.sharpe, 12);
    expect(got.maxDrawdownPct).toBeCloseTo(want.maxDrawdownPct, 12);
  });

  it('uses the last 20 trades by default', () => {
    const returns = [...Array<number>(30).fill(-5), ...Array<number>(20).fill(1)];
    expect(summarizeRecord(returns)).toEqual({ n: 20, expectancyPct: 1, sharpe: null, maxDrawdownPct: 0 });
  });
});

describe('adjustConfidence', () => {
  it('leaves confidence alone below minTrades and says why', () => {
    expect(adjustConfidence(0.7, summary({ n: 3, expectancyPct: -5, maxDrawdownPct: 40 }))).toEqual({
      confidence: 0.7,
      factor: 1,
      note: 'not enough history (3 of 5 trades)',
    });
  });

  it('honours a configured minTrades', () => {
    expect(adjustConfidence(0.5, summary({ n: 8 }), { minTrades: 10 }).note).toBe(
      'not enough history (8 of 10 trades)',
    );
  });

  const cases: Array<{ name: string; s: Partial<RecordSummary>; factor: number }> = [
    { name: 'neutral record', s: {}, factor: 1 },
    { name: 'undefined Sharpe contributes nothing', s: { sharpe: null }, factor: 1 },
    {
      name: 'positive edge, no drawdown',
      s: { expectancyPct: 1, sharpe: 0.5 },
      factor: 1 + 0.25 * Math.tanh(1),
    },
    { name: 'drawdown of half the scale', s: { maxDrawdownPct: 12.5 }, factor: 0.75 },
    { name: 'best possible record hits the upper bound', s: { expectancyPct: 1e6, sharpe: 1e6 }, factor: 1.25 },
    {
      name: 'worst possible record hits the lower bound',
      s: { expectancyPct: -1e6, sharpe: -1e6, maxDrawdownPct: 100 },
      factor: 0.25,
    },
  ];
  it.each(cases)('computes the documented factor: $name', ({ s, factor }) => {
    const got = adjustConfidence(0.6, summary(s));
    expect(got.factor).toBeCloseTo(factor, 12);
    expect(got.confidence).toBeCloseTo(Math.min(1, 0.6 * factor), 12);
  });

  it('writes a plain-language note with the numbers', () => {
    const s = summary({ expectancyPct: -0.8, sharpe: -0.4, maxDrawdownPct: 12.1 });
    const got = adjustConfidence(0.8, s);
    expect(got.note).toBe(
      `last 20 trades: expectancy -0.8%, Sharpe -0.4, drawdown 12.1% -> confidence x${got.factor.toFixed(2)}`,
    );
    expect(got.factor).toBeLessThan(1);
  });

  it('clamps the resulting confidence to [0, 1]', () => {
    const strong = summary({ expectancyPct: 5, sharpe: 3 });
    expect(adjustConfidence(0.95, strong).confidence).toBe(1);
    expect(adjustConfidence(1.7, summary({})).confidence).toBe(1);
    expect(adjustConfidence(-0.2, strong).confidence).toBe(0);
  });

  it('never blocks: a positive confidence stays positive however bad the record', () => {
    const awful = summary({ expectancyPct: -50, sharpe: -10, maxDrawdownPct: 99 });
    expect(adjustConfidence(0.4, awful).confidence).toBeCloseTo(0.4 * QUANT_FACTOR.min, 12);
  });
});

describe('confidenceFactor monotonicity', () => {
  const grid = [-1e3, -10, -2, -1, -0.5, -0.1, 0, 0.1, 0.5, 1, 2, 10, 1e3];
  const drawdowns = [0, 1, 5, 10, 12.5, 20, 25, 30, 60, 100];

  const axes: Array<{ name: string; values: number[]; make: (x: number) => Partial<RecordSummary>; dir: 1 | -1 }> = [
    { name: 'rises with expectancy', values: grid, make: (x) => ({ expectancyPct: x }), dir: 1 },
    { name: 'rises with Sharpe', values: grid, make: (x) => ({ sharpe: x }), dir: 1 },
    { name: 'falls with drawdown', values: drawdowns, make: (x) => ({ maxDrawdownPct: x }), dir: -1 },
  ];
  const backgrounds: Array<Partial<RecordSummary>> = [
    {},
    { expectancyPct: 0.7, sharpe: 0.3, maxDrawdownPct: 8 },
    { expectancyPct: -1.5, sharpe: -0.8, maxDrawdownPct: 18 },
  ];

  it.each(axes)('$name, staying within [0.25, 1.25]', ({ values, make, dir }) => {
    for (const bg of backgrounds) {
      const factors = values.map((x) => confidenceFactor(summary({ ...bg, ...make(x) })));
      for (let i = 1; i < factors.length; i++) {
        expect(dir * (factors[i]! - factors[i - 1]!)).toBeGreaterThanOrEqual(0);
      }
      for (const f of factors) {
        expect(f).toBeGreaterThanOrEqual(QUANT_FACTOR.min);
        expect(f).toBeLessThanOrEqual(QUANT_FACTOR.max);
      }
    }
  });
});
