import { TIMEFRAME_MS } from '../../core/domain/bar.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { DAY_MS } from '../../core/calendar/civil-date.js';
import type { Executions } from '../../core/domain/order.js';
import { decideFlatten, flattenOrders } from '../../core/runs/decide-flatten.js';
import { withBroker } from '../../core/runs/notification-events.js';
import { executionOf, submitOrders } from './execute-at-open.js';
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
export async function flattenCommit(deps: Pick<RunDeps, 'marketData' | 'brokerFor'> & { readonly flattenWaitMs?: number }, snap: RunSnapshot, by: FlattenBy): Promise<Result<IterationCommit>> {
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

/** How long a flatten at a real broker waits for its closing orders to fill before it cancels them. */
export const REAL_FLATTEN_WAIT_MS = 15_000;
const POLL_MS = 200;

/**
 * Submits the orders closing every position to the run's broker, at market `now` (a symbol without a close: its last
 * mark). A real broker fills them in its market: the flatten waits up to `flattenWaitMs` (wall-clock) for them, then
 * cancels whatever has not filled (a closed market), so no closing order is left working behind a failed flatten.
 */
async function closeAtBroker(deps: Pick<RunDeps, 'brokerFor'> & { readonly flattenWaitMs?: number }, snap: RunSnapshot, lastClose: ReadonlyMap<string, number>,
  now: number): Promise<Result<Executions>> {
  const opens = new Map(snap.positions.map((p) => [p.symbol, lastClose.get(p.symbol) ?? p.lastPrice]));
  const broker = deps.brokerFor(snap, { time: now, opens });
  if (!broker.ok) return broker;
  const orders = flattenOrders(snap.run.id, snap.positions, now);
  const submitted = await submitOrders(broker.value, orders);
  if (!submitted.ok || snap.run.manifest.broker === undefined) return submitted;
  const done = new Map(submitted.value);
  const deadline = Date.now() + (deps.flattenWaitMs ?? REAL_FLATTEN_WAIT_MS);
  let waiting = orders.filter((o) => !done.has(o.clientOrderId));
  while (waiting.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    for (const o of waiting) {
      const got = await broker.value.getOrder(o.clientOrderId);
      const execution = got.ok && got.value !== null ? executionOf(got.value) : null;
      if (execution !== null) done.set(o.clientOrderId, execution);
    }
    waiting = waiting.filter((o) => !done.has(o.clientOrderId));
  }
  if (waiting.length === 0) return ok(done);
  let partly = [...done.values()].some((e) => e.kind === 'filled');
  for (const o of waiting) {
    const cancelled = await broker.value.cancel(o.clientOrderId);
    if (!cancelled.ok) return fail(cancelled.error.code, `the order closing ${o.symbol} did not fill, and cancelling it failed: ${cancelled.error.message}`);
    if (cancelled.value.filledQty > 0) partly = true;
  }
  const symbols = waiting.map((o) => o.symbol).join(', ');
  const waited = Math.round((deps.flattenWaitMs ?? REAL_FLATTEN_WAIT_MS) / 1000);
  if (partly) {
    return fail('run.flatten_partial', `the broker did not fill the orders closing ${symbols} within ${waited} s and they were cancelled, but other closing fills happened: the broker and the run's book now differ (see /reconcile)`);
  }
  return fail('run.flatten_unfilled', `the broker did not fill the orders closing ${symbols} within ${waited} s (is the market closed?): they were cancelled and nothing was flattened`);
}
