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
    const m = computeMetrics(input({ curve: dailyCurve([100, 100, 100, 100]), exposedBars: 0 }));
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
  });

  it('uses startEquity as the end and zero CAGR for an empty curve', () => {
    const m = computeMetrics(input({ startEquity: 1000 }));
    expect(m).toMatchObject({ endEquity: 1000, totalReturnPct: 0, cagrPct: 0, maxDrawdownPct: 0, exposurePct: 0 });
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
    expect(m.exposurePct).toBeCloseTo(200 / 3, 12);
  });

  it('reports CAGR -100 once equity is gone', () => {
    expect(computeMetrics(input({ curve: dailyCurve([100, 50, 0]) })).cagrPct).toBe(-100);
  });

  it('computes Sharpe and Sortino from daily returns by hand', () => {
    // Day-end returns +10%, -10%, +20%; expected values follow the definitions step by step.
    const m = computeMetrics(input({ curve: dailyCurve([100, 110, 99, 118.8]) }));
    const r = [0.1, -0.1, 0.2];
    const mean = (0.1 - 0.1 + 0.2) / 3;
    const sd = Math.sqrt(r.reduce((s, x) => s + (x - mean) ** 2, 0) / 2);
    const down = Math.sqrt((0.1 * 0.1) / 3);
    expect(m.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(252), 10);
    expect(m.sortino).toBeCloseTo((mean / down) * Math.sqrt(252), 10);
  });

  it('returns a null Sortino when no day lost', () => {
    const m = computeMetrics(input({ curve: dailyCurve([100, 101, 103, 104]) }));
    expect(m.sharpe).not.toBeNull();
    expect(m.sortino).toBeNull();
  });

  it('reduces an intraday curve to the last point of each UTC day', () => {
    const H = 3_600_000;
    // Day 1 ends at 110, day 2 at 99, day 3 at 118.8, with noise in between that must be ignored.
    const points: Array<[number, number]> = [
      [T0 + 14 * H, 100],
      [T0 + 20 * H, 110],
      [T0 + DAY + 14 * H, 200],
      [T0 + DAY + 15 * H, 50],
      [T0 + DAY + 23 * H, 99],
      [T0 + 2 * DAY + 1 * H, 118.8],
      [T0 + 3 * DAY + 10 * H, 130],
      [T0 + 3 * DAY + 16 * H, 118.8 * 1.1],
    ];
    const intraday: EquityCurve = {
      time: Float64Array.from(points, (p) => p[0]),
      equity: Float64Array.from(points, (p) => p[1]),
    };
    const dayEnds = computeMetrics(input({ curve: dailyCurve([110, 99, 118.8, 118.8 * 1.1]) }));
    const m = computeMetrics(input({ curve: intraday }));
    expect(m.sharpe).toBeCloseTo(dayEnds.sharpe!, 12);
    expect(m.sortino).toBeCloseTo(dayEnds.sortino!, 12);
    // The drawdown still sees every intraday point (200 -> 50).
    expect(m.maxDrawdownPct).toBeCloseTo(75, 12);
  });

  it('matches a straightforward Sharpe computation on ORCL buy-and-hold closes', () => {
    const orcl = loadRealSeries('ORCL');
    const shares = 10_000 / orcl.close[0]!;
    const equity = Float64Array.from(orcl.close, (c) => c * shares);
    const m = computeMetrics(input({ curve: { time: orcl.time, equity }, startEquity: 10_000 }));

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
