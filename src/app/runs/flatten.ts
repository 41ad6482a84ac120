import { TIMEFRAME_MS } from '../../core/domain/bar.js';
import { ok, type Result } from '../../core/domain/result.js';
import { DAY_MS } from '../../core/calendar/civil-date.js';
import type { Executions } from '../../core/domain/order.js';
import { decideFlatten, flattenOrders } from '../../core/runs/decide-flatten.js';
import { withBroker } from '../../core/runs/notification-events.js';
import { submitOrders } from './execute-at-open.js';
import type { RunDeps } from './iterate.js';
import type { IterationCommit, NotificationDraft, RunSnapshot } from './model.js';

export interface FlattenBy {
  readonly actor: string;
  readonly now: number;
  /** The status change that goes with it in the same transaction (`/run stop flatten:true`: stopped). */
  readonly transition: IterationCommit['transition'];
  /** Notifications of that change, queued with the flatten's own. */
  readonly notifications: readonly NotificationDraft[];
}

/**
 * The run's book flattened at market now, as one commit decided on `snap` (compare-and-set on its version): the shell
 * reads each held symbol's latest close, sends the closing orders to the run's broker (the paper broker fills them at
 * those closes with the fill model), and core decides the flatten from what the broker did
 * (src/core/runs/decide-flatten.ts). The orders' client order ids are fixed by (run, time, symbol): a retry submits
 * the same orders again and the broker answers the ones it has.
 */
export async function flattenCommit(deps: Pick<RunDeps, 'marketData' | 'brokerFor'>, snap: RunSnapshot, by: FlattenBy): Promise<Result<IterationCommit>> {
  const { run, state, positions, pending } = snap;
  const { now } = by;
  const m = run.manifest;
  const market = deps.marketData(m.dataSource, { pinned: m.sources, adjustment: m.adjustment });
  if (!market.ok) return market;
  const lastClose = new Map<string, number>();
  for (const p of positions) {
    const bars = await market.value.getBars({ symbol: p.symbol, timeframe: m.timeframe, from: now - 30 * TIMEFRAME_MS[m.timeframe] - 10 * DAY_MS, to: now - TIMEFRAME_MS[m.timeframe] });
    if (bars.ok && bars.value.length > 0) lastClose.set(p.symbol, bars.value.close[bars.value.length - 1]!);
  }
  const executions = await closeAtBroker(deps, snap, lastClose, now);
  if (!executions.ok) return executions;
  const outcome = decideFlatten({
    runId: run.id, runNumber: run.number, startCash: m.startCash, costs: m.costs, state, positions, pending, lastClose, actor: by.actor, now,
    notifications: by.notifications, executions: executions.value,
  });
  if (!outcome.ok) return outcome;
  // The flatten's fills and the change's own notifications name the run's broker (a real one only).
  return ok({ runId: run.id, expectedVersion: snap.version, ...outcome.value, notifications: withBroker(m.broker, outcome.value.notifications), transition: by.transition });
}

/** Submits the orders closing every position to the run's broker, at market `now` (a symbol without a close: its last mark). */
async function closeAtBroker(deps: Pick<RunDeps, 'brokerFor'>, snap: RunSnapshot, lastClose: ReadonlyMap<string, number>, now: number): Promise<Result<Executions>> {
  const opens = new Map(snap.positions.map((p) => [p.symbol, lastClose.get(p.symbol) ?? p.lastPrice]));
  const broker = deps.brokerFor(snap, { time: now, opens });
  if (!broker.ok) return broker;
  return submitOrders(broker.value, flattenOrders(snap.run.id, snap.positions, now));
}
