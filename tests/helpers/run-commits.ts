// Builders for paper-run iterations, for the report tests (store and commands alike).
import type { IterationCommit, RunState, StoredPosition } from '../../src/app/runs/model.js';
import type { RunStore } from '../../src/app/runs/ports.js';
import type { Result } from '../../src/core/domain/result.js';
import { NO_PROTECTION, type PlannedOrder } from '../../src/core/domain/order.js';
import type { BlockedSignal, ClosedTrade } from '../../src/core/engine/report.js';
import { initialBreakerState } from '../../src/core/risk/circuit-breaker.js';

export const stateOf = (over: Partial<RunState> = {}): RunState => ({
  cash: 100_000, equity: 100_000, peakEquity: 100_000, dayStartEquity: 100_000, dayKey: null, lastBarTime: null,
  entriesHalted: null, breaker: initialBreakerState(), tradeRecord: [], ...over,
});

export const positionOf = (symbol: string, over: Partial<StoredPosition> = {}): StoredPosition => ({
  symbol, qty: 10, avgPrice: 100, entryTime: 0, entryCommission: 0, lastPrice: 110, barsHeld: 1, stopPrice: null, targetPrice: null,
  trailingPct: null, extreme: 110, maxHoldingBars: null, shadowExits: [], ...over,
});

/** A market entry (buy) planned at `barTime`; client order ids carry the run id so they are unique across runs. */
export const entryOf = (runId: string, symbol: string, barTime: number): PlannedOrder => ({
  clientOrderId: `${runId}:${barTime}:${symbol}:entry`, symbol, side: 'buy', intent: 'entry', positionSide: 'long', sizing: { kind: 'percent', pct: 10 },
  confidence: 0.7, reason: `${symbol} oversold`, exitReason: null, protection: NO_PROTECTION, caps: null, barTime,
});

export const tradeOf = (symbol: string, pnl: number, exitTime: number): ClosedTrade => ({
  symbol, side: 'long', qty: 10, entryTime: exitTime - 60_000, entryPrice: 100, exitTime, exitPrice: 100 + pnl / 10, pnl, commission: 0, exitReason: 'signal', barsHeld: 1,
});

export const blockedOf = (symbol: string, by: string, time: number, shadow = false): BlockedSignal => ({
  time, symbol, by, reason: `${by} said no`, observed: 30, limit: 25, shadow,
});

/** A commit a test seeds a run with: `expectedVersion` is filled in by `commitSeed` unless the test sets it. */
export type SeedCommit = Omit<IterationCommit, 'expectedVersion'> & { readonly expectedVersion?: number };

/** Commits a test's seed iteration on top of whatever the run holds now (nothing concurrent to guard against). */
export async function commitSeed(store: Pick<RunStore, 'loadSnapshot' | 'commitIteration'>, c: SeedCommit): Promise<Result<{ committed: boolean }>> {
  const snap = await store.loadSnapshot(c.runId);
  if (!snap.ok) return snap;
  return store.commitIteration({ ...c, expectedVersion: c.expectedVersion ?? snap.value.version });
}

/** One iteration with nothing in it but an equity point at `barTime`; override what the test needs. */
export function commitOf(runId: string, barTime: number, over: Partial<SeedCommit> = {}): SeedCommit {
  return {
    runId, barTime, asOf: barTime + 60_000, state: stateOf({ lastBarTime: barTime }), positions: [], pending: [], filledOrderIds: [], fills: [], trades: [],
    equity: { at: barTime, cash: 100_000, equity: 100_000 },
    decision: { inputs: {}, signals: [], verdicts: [], orders: [], notes: [] },
    transition: null, notifications: [], ...over,
  };
}
