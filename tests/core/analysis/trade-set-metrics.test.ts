import { describe, expect, it } from 'vitest';
import { tradeSetMetrics } from '../../../src/core/analysis/trade-set-metrics.js';
import { computeMetrics } from '../../../src/core/engine/metrics.js';
import { EIGHT, EIGHT_SHUFFLED, jan, trade } from './trades-fixture.js';

describe('tradeSetMetrics', () => {
  it('computes every figure of a hand-computed set (cumulative pnl in exit order, from 1,000)', () => {
    // Curve: 1000, 1100, 1050, 1020, 1040, 1030, 1030, 990, 1050: peak 1100, trough 990.
    expect(tradeSetMetrics(EIGHT, 1000)).toEqual({
      trades: 8,
      wins: 3,
      losses: 4,
      winRatePct: 37.5,
      profitFactor: 180 / 130,
      expectancy: 6.25,
      avgWin: 60,
      avgLoss: -32.5,
      totalPnl: 50,
      startCash: 1000,
      endEquity: 1050,
      totalReturnPct: 5,
      maxDrawdownPct: 10,
      maxDrawdown: 110,
      largestWin: 100,
      largestLoss: -50,
    });
  });

  it('agrees with computeMetrics on every trade statistic', () => {
    const m = computeMetrics({ curve: { time: new Float64Array(0), equity: new Float64Array(0) }, trades: EIGHT, startEquity: 1, exposedBars: 0, blocked: [] });
    const s = tradeSetMetrics(EIGHT, 1000);
    for (const k of ['trades', 'winRatePct', 'profitFactor', 'expectancy', 'avgWin', 'avgLoss'] as const) expect(s[k]).toBe(m[k]);
  });

  it('walks the curve in exit order whatever order the trades arrive in', () => {
    expect(tradeSetMetrics(EIGHT_SHUFFLED, 1000)).toEqual(tradeSetMetrics(EIGHT, 1000));
  });

  it('reports the deepest % and the deepest money drawdown, which can sit under different peaks', () => {
    // 100 -> 200 -> 150 (-50, 25%) -> 1000 -> 900 (-100, 10%)
    const pnls = [100, -50, 850, -100];
    const trades = pnls.map((p, i) => trade('X', 'long', jan(1, i), jan(1, i + 1), p, 'signal', 1));
    const m = tradeSetMetrics(trades, 100);
    expect(m.maxDrawdownPct).toBe(25);
    expect(m.maxDrawdown).toBe(100);
  });

  it('counts a fall from the starting cash as a drawdown', () => {
    const trades = [trade('X', 'long', jan(1, 1), jan(1, 2), -20, 'stop_loss', 1), trade('X', 'long', jan(1, 3), jan(1, 4), 5, 'signal', 1)];
    const m = tradeSetMetrics(trades, 100);
    expect(m.maxDrawdownPct).toBe(20);
    expect(m.maxDrawdown).toBe(20);
    expect(m.largestWin).toBe(5);
    expect(m.largestLoss).toBe(-20);
    expect(m.profitFactor).toBe(0.25);
  });

  it('gives neutral figures for an empty set', () => {
    expect(tradeSetMetrics([], 500)).toEqual({
      trades: 0,
      wins: 0,
      losses: 0,
      winRatePct: 0,
      profitFactor: null,
      expectancy: 0,
      avgWin: 0,
      avgLoss: 0,
      totalPnl: 0,
      startCash: 500,
      endEquity: 500,
      totalReturnPct: 0,
      maxDrawdownPct: 0,
      maxDrawdown: 0,
      largestWin: 0,
      largestLoss: 0,
    });
  });

  it('handles a single winning trade', () => {
    const m = tradeSetMetrics([trade('X', 'short', jan(1, 1), jan(1, 2), 40, 'take_profit', 1)], 400);
    expect(m).toMatchObject({ trades: 1, wins: 1, losses: 0, winRatePct: 100, profitFactor: null, totalReturnPct: 10, maxDrawdownPct: 0, largestWin: 40, largestLoss: 0 });
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('throws on a start cash of %s (a bug: the edge validates it)', (cash) => {
    expect(() => tradeSetMetrics(EIGHT, cash)).toThrow(RangeError);
  });
});
