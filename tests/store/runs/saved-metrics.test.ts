import { describe, expect, it } from 'vitest';
import { savedResults } from '../../../src/store/runs/query-rows.js';

const DAY = 86_400_000;
// What a backtest saved before the n/a notes: Sharpe of day-end returns x sqrt(252), CAGR of any span.
const OLDER = {
  startEquity: 100_000, endEquity: 97_529.31, totalReturnPct: -2.47, cagrPct: -95.25, sharpe: -17.02, sortino: -13.25, maxDrawdownPct: 3.77, trades: 46,
  winRatePct: 21.74, profitFactor: 0.53, expectancy: -53.71, avgWin: 278.98, avgLoss: -146.12, exposurePct: 34.38, blockedBy: {},
};

describe('savedResults', () => {
  it('reads metrics saved before the notes with today\'s minimum sample: three days are n/a, with the reason', () => {
    const { metrics } = savedResults({ metrics: OLDER, openPositions: [] }, 3 * DAY);
    const why = 'n/a: the equity curve spans 3.0 day(s), under the 30 days an annualised figure needs';
    expect(metrics).toMatchObject({ sharpe: null, sharpeNote: why, sortino: null, cagrPct: null, cagrNote: why, periodsPerYear: 252, trades: 46 });
  });

  it('keeps an older save\'s figures over a long span, on the 252-day basis they were computed with', () => {
    const { metrics } = savedResults({ metrics: OLDER, openPositions: [] }, 400 * DAY);
    expect(metrics).toMatchObject({ sharpe: -17.02, sharpeNote: null, cagrPct: -95.25, cagrNote: null, periodsPerYear: 252 });
  });

  it('reads today\'s saves as they are', () => {
    const today = { ...OLDER, sharpe: null, sharpeNote: 'n/a: x', sortino: null, sortinoNote: 'n/a: x', cagrPct: null, cagrNote: 'n/a: x', periodsPerYear: 525_600 };
    expect(savedResults({ metrics: today, openPositions: [] }, 400 * DAY).metrics).toEqual(today);
  });
});
