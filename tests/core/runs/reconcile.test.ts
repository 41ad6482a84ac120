import { describe, expect, it } from 'vitest';
import { adoptedQty, describeDifference, reconcilePositions, type RunOnAccount } from '../../../src/core/runs/reconcile.js';

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
