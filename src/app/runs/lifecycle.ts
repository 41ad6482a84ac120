import { fail, ok, type Result } from '../../core/domain/result.js';
import type { PlannedOrder } from '../../core/domain/order.js';
import type { ClosedTrade } from '../../core/engine/report.js';
import { decideStatusMove, statusNotifications } from '../../core/runs/decide-status.js';
import { withBroker } from '../../core/runs/notification-events.js';
import type { Actor, WorkspaceRef } from '../chat/command.js';
import { guardedChange, type GuardDeps } from './book-guard.js';
import { flattenCommit } from './flatten.js';
import type { RunDeps } from './iterate.js';
import type { NotificationDraft, RunSnapshot, RunStatus, RunSummary } from './model.js';

/** Queues a notification for a run's channel (the outbox de-duplicates by key). */
export type Notify = (workspace: WorkspaceRef, runId: string | null, draft: NotificationDraft, now: number) => Promise<Result<unknown>>;

/** A person's status change goes through the run's lease and a compare-and-set on its book (see book-guard.ts). */
export type LifecycleDeps = GuardDeps;

export interface StopDeps extends LifecycleDeps {
  readonly marketData: RunDeps['marketData'];
  /** The broker a flatten's closing orders go to (the run's, as its iterations use). */
  readonly brokerFor: RunDeps['brokerFor'];
}

export interface StatusChanged {
  readonly run: RunSummary;
  /** Pending orders the change cancelled. */
  readonly cancelled: readonly PlannedOrder[];
  /** Trades a flatten closed. */
  readonly closed: readonly ClosedTrade[];
  /** Positions the run held when the change was decided (a pause keeps managing their exits). */
  readonly openPositions: number;
}

export interface StatusRequest {
  readonly workspace: WorkspaceRef;
  readonly number: number;
  readonly actor: Actor;
  /** Recorded in the run's history; `by <name>` when absent. */
  readonly reason?: string;
  readonly now: number;
}

/** One status move decided on `snap`: status, cancelled orders, history lines and notifications in one transaction. */
async function moveStatus(deps: LifecycleDeps, snap: RunSnapshot, to: RunStatus, req: StatusRequest, options: { liftHalt: boolean }): Promise<Result<StatusChanged>> {
  const { run } = snap;
  if (run.status === to) return fail('run.transition', `Run #${run.number} is already ${to}`);
  const reason = req.reason ?? `by ${req.actor.name}`;
  const move = decideStatusMove({
    runId: run.id, runNumber: run.number, from: run.status, to, state: snap.state, openPositions: snap.positions.length, pending: snap.pending,
    actor: req.actor.name, reason, now: req.now, liftHalt: options.liftHalt,
  });
  const moved = await deps.store.transition(run.id, to, req.actor.name, reason, req.now, {
    expectedVersion: snap.version,
    ...(move.state === undefined ? {} : { state: move.state }),
    cancelOrders: move.cancelled.map((o) => o.clientOrderId),
    notes: move.notes,
    notifications: withBroker(run.manifest.broker, move.notifications),
  });
  if (!moved.ok) return moved;
  return ok({ run: moved.value, cancelled: move.cancelled, closed: [], openPositions: snap.positions.length });
}

/**
 * Moves a run of this workspace to a new status on a person's behalf (pause, resume, halt, stop without flatten),
 * through the run's lease and a compare-and-set on its book: who/when/why, the orders the move cancels and the
 * notifications are one transaction. `liftHalt: false` resumes a halted run without forgiving its drawdown
 * (/resume-all: the desk halted a healthy run).
 */
export async function changeRunStatus(deps: LifecycleDeps, args: StatusRequest & { readonly to: RunStatus; readonly liftHalt?: boolean }): Promise<Result<StatusChanged>> {
  const run = await deps.store.getRun(args.workspace, args.number);
  if (!run.ok) return run;
  return guardedChange(deps, run.value, args.now, (snap) => moveStatus(deps, snap, args.to, args, { liftHalt: args.liftHalt ?? true }));
}

/**
 * `/run stop`: with `flatten` and open positions, the positions closed at market, every pending order cancelled and
 * the status moved to stopped in ONE commit; otherwise the stop cancels every pending order (positions kept).
 */
export async function stopRun(deps: StopDeps, args: StatusRequest & { readonly flatten: boolean }): Promise<Result<StatusChanged>> {
  const run = await deps.store.getRun(args.workspace, args.number);
  if (!run.ok) return run;
  return guardedChange(deps, run.value, args.now, async (snap) => {
    if (!args.flatten || snap.positions.length === 0 || snap.run.status === 'stopped') return moveStatus(deps, snap, 'stopped', args, { liftHalt: false });
    const reason = args.reason ?? `by ${args.actor.name}`;
    const commit = await flattenCommit(deps, snap, {
      actor: args.actor.name,
      now: args.now,
      transition: { to: 'stopped', reason, actor: args.actor.name },
      notifications: statusNotifications({ runId: snap.run.id, runNumber: snap.run.number, to: 'stopped', reason, openPositions: snap.positions.length, now: args.now }, snap.pending),
    });
    if (!commit.ok) return commit;
    const done = await deps.store.commitIteration(commit.value);
    if (!done.ok) return done;
    // Not committed: a flatten at this very instant is already there; read the run again and decide again.
    if (!done.value.committed) return fail('run.stale', `Run #${snap.run.number} was flattened at the same instant`, { number: snap.run.number });
    const after = await deps.store.getRun(args.workspace, args.number);
    if (!after.ok) return after;
    return ok({ run: after.value, cancelled: snap.pending, closed: commit.value.trades, openPositions: snap.positions.length });
  });
}
