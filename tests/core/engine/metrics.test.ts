import { describe, expect, it } from 'vitest';
import { computeMetrics, type MetricsInput } from '../../../src/core/engine/metrics.js';
import type { BlockedSignal, ClosedTrade, EquityCurve } from '../../../src/core/engine/report.js';
import { loadRealSeries } from '../../helpers/real-data.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 1);

function dailyCurve(equity: readonly number[], start = T0): EquityCurve {
  return {
    time: Float64Array.from(equity, (_, i) => start + i * DAY),
    equity: Float64Array.from(equity),
  };
}

function trade(pnl: number): ClosedTrade {
  return {
    symbol: 'X',
    side: 'long',
    qty: 1,
    entryTime: T0,
    entryPrice: 100,
    exitTime: T0 + DAY,
    exitPrice: 100 + pnl,
    pnl,
    commission: 0,
    exitReason: 'signal',
    barsHeld: 1,
  };
}

function blocked(by: string, shadow = false): BlockedSignal {
  return { time: T0, symbol: 'X', by, reason: 'r', observed: null, limit: null, shadow };
}

function input(over: Partial<MetricsInput>): MetricsInput {
  return { curve: dailyCurve([]), trades: [], startEquity: 100, exposedBars: 0, blocked: [], ...over };
}

describe('computeMetrics: trade statistics', () => {
  const cases: Array<{
    name: string;
    pnls: number[];
    want: { winRatePct: number; profitFactor: number | null; expectancy: number; avgWin: number; avgLoss: number };
  }> = [
    { name: 'no trades', pnls: [], want: { winRatePct: 0, profitFactor: null, expectancy: 0, avgWin: 0, avgLoss: 0 } },
    {
      name: 'two winners, two losers',
      pnls: [10, -5, 20, -15],
      want: { winRatePct: 50, profitFactor: 30 / 20, expectancy: 2.5, avgWin: 15, avgLoss: -10 },
    },
    {
      name: 'all winners (profit factor undefined)',
      pnls: [1, 2, 3],
      want: { winRatePct: 100, profitFactor: null, expectancy: 2, avgWin: 2, avgLoss: 0 },
    },
    {
      name: 'all losers',
      pnls: [-1, -3],
      want: { winRatePct: 0, profitFactor: 0, expectancy: -2, avgWin: 0, avgLoss: -2 },
    },
    {
      name: 'a break-even trade is neither a win nor a loss',
      pnls: [0, 6, -2],
      want: { winRatePct: 100 / 3, profitFactor: 3, expectancy: 4 / 3, avgWin: 6, avgLoss: -2 },
    },
  ];
  it.each(cases)('computes win rate, profit factor and averages: $name', ({ pnls, want }) => {
    const m = computeMetrics(input({ trades: pnls.map(trade) }));
    expect(m.trades).toBe(pnls.length);
    expect(m.winRatePct).toBeCloseTo(want.winRatePct, 12);
    if (want.profitFactor === null) expect(m.profitFactor).toBeNull();
    else expect(m.profitFactor).toBeCloseTo(want.profitFactor, 12);
    expect(m.expectancy).toBeCloseTo(want.expectancy, 12);
    expect(m.avgWin).toBeCloseTo(want.avgWin, 12);
    expect(m.avgLoss).toBeCloseTo(want.avgLoss, 12);
  });
});

describe('computeMetrics: equity curve', () => {
  it('reports zeros and null ratios for a flat curve', () => {
    const m = computeMetrics(input({ curve: dailyCurve(Array.from({ length: 60 }, () => 100)), exposedBars: 0 }));
    expect(m).toMatchObject({
      startEquity: 100,
      endEquity: 100,
      totalReturnPct: 0,
      cagrPct: 0,
      sharpe: null,
      sortino: null,
      maxDrawdownPct: 0,
      exposurePct: 0,
    });
    expect(m.sharpeNote).toBe('n/a: the returns never vary (zero standard deviation)');
  });

  it('uses startEquity as the end and n/a CAGR for an empty curve', () => {
    const m = computeMetrics(input({ startEquity: 1000 }));
    expect(m).toMatchObject({ endEquity: 1000, totalReturnPct: 0, cagrPct: null, maxDrawdownPct: 0, exposurePct: 0, periodsPerYear: null });
    expect(m.cagrNote).toMatch(/^n\/a: the equity curve spans 0\.0 day\(s\)/);
    expect(m.sharpe).toBeNull();
  });

  const drawdowns: Array<{ name: string; equity: number[]; want: number }> = [
    { name: 'rising only', equity: [100, 101, 105], want: 0 },
    { name: 'one dip', equity: [100, 120, 90, 130], want: 25 },
    { name: 'deeper second dip from a new peak', equity: [100, 80, 150, 90, 160], want: 40 },
    { name: 'ends in the trough', equity: [200, 150, 100], want: 50 },
  ];
  it.each(drawdowns)('measures the largest peak-to-trough fall: $name', ({ equity, want }) => {
    expect(computeMetrics(input({ curve: dailyCurve(equity) })).maxDrawdownPct).toBeCloseTo(want, 12);
  });

  it('computes total return, CAGR and exposure by hand', () => {
    // 100 -> 121 over exactly two 365.25-day years: CAGR 10%.
    const curve: EquityCurve = {
      time: Float64Array.from([T0, T0 + 365.25 * DAY, T0 + 730.5 * DAY]),
      equity: Float64Array.from([100, 110, 121]),
    };
    const m = computeMetrics(input({ curve, exposedBars: 2 }));
    expect(m.totalReturnPct).toBeCloseTo(21, 12);
    expect(m.cagrPct).toBeCloseTo(10, 10);
    expect(m.cagrNote).toBeNull();
    expect(m.exposurePct).toBeCloseTo(200 / 3, 12);
  });

  it('reports CAGR -100 once equity is gone', () => {
    const equity = Array.from({ length: 40 }, (_, i) => (i < 39 ? 100 - i : 0));
    expect(computeMetrics(input({ curve: dailyCurve(equity) })).cagrPct).toBe(-100);
  });

  // +10%, -10%, +20% repeated: 33 returns over 33 days.
  const PATTERN = [0.1, -0.1, 0.2];
  const patterned = (n: number): number[] => {
    const out = [100];
    for (let i = 0; i < n; i++) out.push(out[i]! * (1 + PATTERN[i % 3]!));
    return out;
  };

  it('computes Sharpe and Sortino from the curve\'s returns by hand, annualised by the periods given', () => {
    const m = computeMetrics(input({ curve: dailyCurve(patterned(33)), periodsPerYear: 252 }));
    const mean = (0.1 - 0.1 + 0.2) / 3;
    const sd = Math.sqrt(PATTERN.reduce((s, x) => s + (x - mean) ** 2, 0) * 11 / 32);
    const down = Math.sqrt((0.1 * 0.1) / 3);
    expect(m.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(252), 10);
    expect(m.sortino).toBeCloseTo((mean / down) * Math.sqrt(252), 10);
    expect(m).toMatchObject({ periodsPerYear: 252, sharpeNote: null, sortinoNote: null });
  });

  it('takes the points\' median spacing as real time when no basis is given (365.25 daily points a year)', () => {
    const given = computeMetrics(input({ curve: dailyCurve(patterned(33)), periodsPerYear: 365.25 }));
    const derived = computeMetrics(input({ curve: dailyCurve(patterned(33)) }));
    expect(derived.periodsPerYear).toBe(365.25);
    expect(derived.sharpe).toBe(given.sharpe);
  });

  it('returns a null Sortino when no return was negative', () => {
    const m = computeMetrics(input({ curve: dailyCurve(Array.from({ length: 40 }, (_, i) => 100 + i + (i % 2) / 2)), periodsPerYear: 252 }));
    expect(m.sharpe).not.toBeNull();
    expect(m.sortino).toBeNull();
    expect(m.sortinoNote).toBe('n/a: no return was negative (zero downside deviation)');
  });

  it('gives n/a with the reason, not -42, for three days of one-minute bars', () => {
    // A falling, noisy minute curve: the kind that printed "Sharpe -42.23" from two day-end returns.
    const n = 3 * 1440;
    const time = Float64Array.from({ length: n }, (_, i) => T0 + i * 60_000);
    const equity = Float64Array.from({ length: n }, (_, i) => 100_000 - i * 0.5 + 40 * Math.sin(i));
    const m = computeMetrics(input({ curve: { time, equity }, startEquity: 100_000, periodsPerYear: 525_600 }));
    expect(m).toMatchObject({ sharpe: null, sortino: null, cagrPct: null, periodsPerYear: 525_600 });
    const why = 'n/a: the equity curve spans 3.0 day(s), under the 30 days an annualised figure needs';
    expect([m.sharpeNote, m.sortinoNote, m.cagrNote]).toEqual([why, why, why]);
    expect(m.totalReturnPct).toBeCloseTo(-2.16, 1);
  });

  it('needs 30 returns even over a long span', () => {
    const curve: EquityCurve = { time: Float64Array.from({ length: 20 }, (_, i) => T0 + i * 7 * DAY), equity: Float64Array.from(patterned(19)) };
    const m = computeMetrics(input({ curve, periodsPerYear: 52 }));
    expect(m.sharpe).toBeNull();
    expect(m.sharpeNote).toBe('n/a: 19 return(s), under the 30 an annualised ratio needs');
    expect(m.cagrPct).not.toBeNull();
  });

  it('annualises one-minute returns of a month by 525,600 a year', () => {
    const n = 31 * 1440;
    const time = Float64Array.from({ length: n }, (_, i) => T0 + i * 60_000);
    const equity = Float64Array.from({ length: n }, (_, i) => 100_000 * (1 + 0.0001 * Math.sin(i) + i * 1e-7));
    const m = computeMetrics(input({ curve: { time, equity }, startEquity: 100_000, periodsPerYear: 525_600 }));
    const r = Array.from({ length: n - 1 }, (_, i) => equity[i + 1]! / equity[i]! - 1);
    const mean = r.reduce((a, b) => a + b, 0) / r.length;
    const sd = Math.sqrt(r.reduce((a, x) => a + (x - mean) ** 2, 0) / (r.length - 1));
    expect(m.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(525_600), 6);
  });

  it('matches a straightforward Sharpe computation on ORCL buy-and-hold closes (a year of daily bars: as before)', () => {
    const orcl = loadRealSeries('ORCL');
    const shares = 10_000 / orcl.close[0]!;
    const equity = Float64Array.from(orcl.close, (c) => c * shares);
    const m = computeMetrics(input({ curve: { time: orcl.time, equity }, startEquity: 10_000, periodsPerYear: 252 }));

    const closes = Array.from(orcl.close);
    const returns = closes.slice(1).map((c, i) => c / closes[i]! - 1);
    const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
    const variance = returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1);
    const downside = returns.reduce((a, r) => a + Math.min(r, 0) ** 2, 0) / returns.length;
    expect(m.sharpe).toBeCloseTo((mean / Math.sqrt(variance)) * Math.sqrt(252), 9);
    expect(m.sortino).toBeCloseTo((mean / Math.sqrt(downside)) * Math.sqrt(252), 9);
    expect(m.endEquity).toBeCloseTo(equity[equity.length - 1]!, 9);
    expect(m.totalReturnPct).toBeCloseTo((closes.at(-1)! / closes[0]! - 1) * 100, 9);
  });
});

describe('computeMetrics: blocked signals', () => {
  it('counts blocked signals per key, shadow entries included', () => {
    const m = computeMetrics(
      input({
        blocked: [
          blocked('gate:max_exposure'),
          blocked('rule:r1'),
          blocked('gate:max_exposure', true),
          blocked('__proto__'),
        ],
      }),
    );
    expect(m.blockedBy).toEqual({ 'gate:max_exposure': 2, 'rule:r1': 1, ['__proto__']: 1 });
    expect(Object.keys(m.blockedBy)).toHaveLength(3);
  });
});

describe('computeMetrics: input guard', () => {
  it('throws on a non-positive start equity (a caller bug)', () => {
    expect(() => computeMetrics(input({ startEquity: 0 }))).toThrow(RangeError);
  });
});
