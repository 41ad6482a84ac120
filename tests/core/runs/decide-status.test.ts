// A person's status change decided in core (issue 12): what a pause, halt, stop or resume cancels, says and writes.
import { describe, expect, it } from 'vitest';
import { NO_PROTECTION, type PlannedOrder } from '../../../src/core/domain/order.js';
import { decideStatusMove, type StatusMoveInput } from '../../../src/core/runs/decide-status.js';
import { initialRunState } from '../../../src/core/runs/run-book.js';

const order = (intent: 'entry' | 'exit', symbol: string): PlannedOrder => ({
  clientOrderId: `run:r1:1:${symbol}:${intent}`, symbol, side: intent === 'entry' ? 'buy' : 'sell', intent, positionSide: 'long',
  sizing: { kind: 'qty', qty: 1 }, confidence: 1, reason: `${intent} ${symbol}`, exitReason: intent === 'exit' ? 'signal' : null,
  protection: NO_PROTECTION, caps: null,
} as PlannedOrder);

const base = (over: Partial<StatusMoveInput>): StatusMoveInput => ({
  runId: 'r1', runNumber: 3, from: 'running', to: 'paused', state: initialRunState(100_000), openPositions: 1,
  pending: [order('entry', 'AAPL'), order('exit', 'MSFT')], actor: 'ann', reason: 'by ann', now: 1_000, liftHalt: true, ...over,
});

describe('decideStatusMove', () => {
  it('a pause cancels pending entries, keeps exits, and says the open position stays managed', () => {
    const move = decideStatusMove(base({}));
    expect(move.cancelled.map((o) => o.symbol)).toEqual(['AAPL']);
    expect(move.state).toBeUndefined();
    expect(move.notes).toEqual(['cancelled the pending entry buy AAPL (entry AAPL): run paused by ann']);
    expect(move.notifications).toEqual([{ eventType: 'run_paused', dedupeKey: 'r1:status:paused:1000', payload: {
      run: 3, reason: 'by ann; opens nothing new until resumed; its open position keeps its stops, targets, trailing and time stops, managed every bar; cancelled entry buy AAPL',
    } }]);
  });

  it('a stop cancels every pending order and asks for the run summary', () => {
    const move = decideStatusMove(base({ to: 'stopped' }));
    expect(move.cancelled).toHaveLength(2);
    expect(move.notifications.map((n) => n.eventType)).toEqual(['run_stopped', 'run_summary']);
  });

  it("a human's resume of a halted run lifts its halt; /resume-all's does not", () => {
    const halted = { ...initialRunState(100_000), equity: 80_000, entriesHalted: { by: 'gate:max-drawdown', observed: 20, limit: 20, action: 'run_halted' as const, message: 'drawdown' } };
    const lifted = decideStatusMove(base({ from: 'halted', to: 'running', state: halted }));
    expect(lifted.state?.entriesHalted).toBeNull();
    expect(lifted.state?.peakEquity).toBe(80_000);
    expect(lifted.cancelled).toEqual([]);
    expect(decideStatusMove(base({ from: 'halted', to: 'running', state: halted, liftHalt: false })).state).toBeUndefined();
  });
});
