import { fail, ok, type Result } from '../../core/domain/result.js';
import type { PlannedOrder } from '../../core/domain/order.js';
import type { ClosedTrade } from '../../core/engine/report.js';
import { reduceBreaker } from '../../core/risk/circuit-breaker.js';
import type { Actor, WorkspaceRef } from '../command.js';
import { guardedChange, type GuardDeps } from './book-guard.js';
import { flattenCommit } from './flatten.js';
import type { RunDeps } from './iterate.js';
import type { NotificationDraft, RunSnapshot, RunState, RunStatus, RunSummary } from './model.js';

/** Queues a notification for a run's channel (the outbox de-duplicates by key). */
export type Notify = (workspace: WorkspaceRef, runId: string | null, draft: NotificationDraft, now: number) => Promise<Result<unknown>>;

/** A person's status change goes through the run's lease and a compare-and-set on its book (see book-guard.ts). */
export type LifecycleDeps = GuardDeps;

export interface StopDeps extends LifecycleDeps {
  readonly marketData: RunDeps['marketData'];
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

const EVENT: Partial<Record<RunStatus, NotificationDraft['eventType']>> = {
  stopped: 'run_stopped',
  paused: 'run_paused',
  running: 'run_started',
  halted: 'run_halted',
};

/**
 * Pending orders a move cancels: a stopped run keeps none; a paused or halted one no entry (it would fill at
 * whatever open follows the resume, however late). A paused run's pending exits still fill.
 */
function cancelledBy(to: RunStatus, pending: readonly PlannedOrder[]): readonly PlannedOrder[] {
  if (to === 'stopped' || to === 'completed' || to === 'failed') return pending;
  if (to === 'paused' || to === 'halted') return pending.filter((o) => o.intent === 'entry');
  return [];
}

const orderText = (o: PlannedOrder): string => `${o.intent} ${o.side} ${o.symbol}`;

/** What the run's channel is told, queued with the change itself. */
function statusNotifications(snap: RunSnapshot, to: RunStatus, reason: string, cancelled: readonly PlannedOrder[], now: number): NotificationDraft[] {
  const { run } = snap;
  const eventType = EVENT[to];
  if (eventType === undefined) return [];
  const said = [to === 'running' ? `resumed ${reason}` : reason];
  if (to === 'paused') said.push(pausedLine(snap.positions.length));
  if (to === 'halted' && snap.positions.length > 0) said.push(haltedLine(snap.positions.length));
  if (cancelled.length > 0) said.push(`cancelled ${cancelled.map(orderText).join(', ')}`);
  return [
    { eventType, dedupeKey: `${run.id}:status:${to}:${now}`, payload: { run: run.number, reason: said.join('; ') } },
    ...(to === 'stopped' ? [{ eventType: 'run_summary' as const, dedupeKey: `${run.id}:summary:stopped`, payload: { run: run.number, runId: run.id, reason: 'run stopped' } }] : []),
  ];
}

/** What a pause means for the run, in one line (the pause card and its notification say it). */
export function pausedLine(openPositions: number): string {
  return openPositions === 0
    ? 'opens nothing new until resumed (nothing is open)'
    : `opens nothing new until resumed; ${openPositions === 1 ? 'its open position keeps its' : `its ${openPositions} open positions keep their`} stops, targets, trailing and time stops, managed every bar`;
}

/** What a halt means for what the run holds: its exits stay managed (said on the halt notification). */
export function haltedLine(openPositions: number): string {
  return `${openPositions === 1 ? 'its open position keeps its' : `its ${openPositions} open positions keep their`} stops, targets, trailing and time stops, managed every bar`;
}

/** One status move decided on `snap`: status, cancelled orders, history lines and notifications in one transaction. */
async function moveStatus(deps: LifecycleDeps, snap: RunSnapshot, to: RunStatus, req: StatusRequest, options: { liftHalt: boolean }): Promise<Result<StatusChanged>> {
  const { run } = snap;
  if (run.status === to) return fail('run.transition', `Run #${run.number} is already ${to}`);
  const reason = req.reason ?? `by ${req.actor.name}`;
  let state: RunState | undefined;
  if (run.status === 'halted' && to === 'running' && options.liftHalt) {
    // A human resumes a halted run: lift the drawdown halt and put the circuit breaker in its half-open trial.
    state = { ...snap.state, entriesHalted: null, peakEquity: snap.state.equity, breaker: reduceBreaker(snap.state.breaker, { kind: 'resume', by: req.actor.name, at: req.now }) };
  }
  const cancelled = cancelledBy(to, snap.pending);
  const moved = await deps.store.transition(run.id, to, req.actor.name, reason, req.now, {
    expectedVersion: snap.version,
    ...(state === undefined ? {} : { state }),
    cancelOrders: cancelled.map((o) => o.clientOrderId),
    notes: cancelled.map((o) => `cancelled the pending ${orderText(o)} (${o.reason}): run ${to} ${reason}`),
    notifications: statusNotifications(snap, to, reason, cancelled, req.now),
  });
  if (!moved.ok) return moved;
  return ok({ run: moved.value, cancelled, closed: [], openPositions: snap.positions.length });
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
      notifications: statusNotifications(snap, 'stopped', reason, snap.pending, args.now),
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
