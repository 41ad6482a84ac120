import { describe, expect, it } from 'vitest';
import { adoptedQty, CASH_SYMBOL, describeDifference, dollars, reconcileCash, reconcilePositions, withCash, type RunOnAccount } from '../../../src/core/runs/reconcile.js';

const run = (n: number, symbols: string[], positions: Record<string, number>): RunOnAccount => ({
  runId: `r${n}`, runNumber: n, symbols, positions: Object.entries(positions).map(([symbol, qty]) => ({ symbol, qty })),
});

describe('reconciling the broker with the runs\' books', () => {
  it('agrees when the broker holds exactly the sum of the runs\' positions', () => {
    const runs = [run(1, ['AAPL', 'MSFT'], { AAPL: 10 }), run(2, ['AAPL'], { AAPL: 5 }), run(3, ['BTC/USD'], { 'BTC/USD': 0.12345678 })];
    const r = reconcilePositions([{ symbol: 'AAPL', qty: 15 }, { symbol: 'BTC/USD', qty: 0.12345678 }], runs);
    expect(r).toEqual({ differences: [], affectedRunIds: [] });
  });

  it('reports a position changed outside the desk, halting the runs that hold the symbol', () => {
    const runs = [run(1, ['AAPL'], { AAPL: 10 }), run(2, ['AAPL'], { AAPL: 5 }), run(3, ['MSFT'], {})];
    const r = reconcilePositions([{ symbol: 'AAPL', qty: 12 }], runs);
    expect(r.affectedRunIds).toEqual(['r1', 'r2']);
    expect(r.differences.map(describeDifference)).toEqual(['AAPL: the broker holds 12, the desk 15 (Run #1 10, Run #2 5); halts Run #1, Run #2']);
  });

  it('reports a position no run holds against the runs that trade the symbol, and one the broker lost', () => {
    const runs = [run(4, ['TSLA', 'NVDA'], { NVDA: -3 }), run(5, ['TSLA'], {})];
    const r = reconcilePositions([{ symbol: 'TSLA', qty: 7 }], runs);
    expect(r.differences.map(describeDifference)).toEqual([
      'NVDA: the broker holds 0, the desk -3 (Run #4 -3); halts Run #4',
      'TSLA: the broker holds 7, the desk 0 (no run holds it); halts Run #4, Run #5',
    ]);
    expect(r.affectedRunIds).toEqual(['r4', 'r5']);
  });

  it('says what a run must hold to adopt the broker\'s view', () => {
    const runs = [run(1, ['AAPL'], { AAPL: 10 }), run(2, ['AAPL'], { AAPL: 5 })];
    const [d] = reconcilePositions([{ symbol: 'AAPL', qty: 12 }], runs).differences;
    expect(adoptedQty(d!, 'r1')).toBe(7);
    expect(adoptedQty(d!, 'r2')).toBe(2);
    expect(adoptedQty(d!, 'r9')).toBeNull();
  });
});

describe("reconciling the account's cash", () => {
  const runs = [{ runId: 'r2', runNumber: 2, change: 250.004 }, { runId: 'r1', runNumber: 1, change: -20_000 }, { runId: 'r3', runNumber: 3, change: 0 }];
  const affected = [{ runId: 'r2', runNumber: 2 }, { runId: 'r1', runNumber: 1 }];

  it("agrees when the broker's cash is the baseline plus every run's change, within a dollar of rounding", () => {
    expect(reconcileCash(80_250.0, 100_000, runs, affected)).toBeNull();
    expect(reconcileCash(80_250.99, 100_000, runs, affected)).toBeNull();
    expect(reconcileCash(80_249.01, 100_000, runs, affected)).toBeNull();
  });

  it('reports a difference in cents, with each run that moved cash, halting the runs that trade on the account', () => {
    const d = reconcileCash(79_750.004, 100_000, runs, affected);
    expect(d).toEqual({
      symbol: CASH_SYMBOL, brokerQty: 79_750, deskQty: 80_250,
      held: [{ runId: 'r1', runNumber: 1, qty: -20_000 }, { runId: 'r2', runNumber: 2, qty: 250 }],
      affected: [{ runId: 'r1', runNumber: 1 }, { runId: 'r2', runNumber: 2 }],
    });
    expect(describeDifference(d!)).toBe("cash: the broker has $79,750.00, the desk expects $80,250.00 (the account's $100,000.00, Run #1 -$20,000.00, Run #2 +$250.00): -$500.00 unexplained; halts Run #1, Run #2");
    expect(describeDifference(reconcileCash(100_001.5, 100_000, [], [])!)).toBe("cash: the broker has $100,001.50, the desk expects $100,000.00 (the account's $100,000.00): +$1.50 unexplained; no run trades on the account");
  });

  it('files the cash first among the differences, and halts the union of the runs', () => {
    const positions = reconcilePositions([{ symbol: 'AAPL', qty: 3 }], [run(4, ['AAPL'], { AAPL: 2 })]);
    const both = withCash(positions, reconcileCash(0, 10, [], [{ runId: 'r1', runNumber: 1 }]));
    expect(both.differences.map((x) => x.symbol)).toEqual([CASH_SYMBOL, 'AAPL']);
    expect(both.affectedRunIds).toEqual(['r1', 'r4']);
    expect(withCash(positions, null)).toBe(positions);
  });

  it('writes an amount of cash as a person reads it', () => {
    expect([dollars(1234.5), dollars(-0.02), dollars(-0.001), dollars(0), dollars(1e6)]).toEqual(['$1,234.50', '-$0.02', '$0.00', '$0.00', '$1,000,000.00']);
  });
});
