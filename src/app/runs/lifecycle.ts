import { fail, ok, type Result } from '../../core/domain/result.js';
import type { Actor, WorkspaceRef } from '../command.js';
import { reduceBreaker } from '../../core/risk/circuit-breaker.js';
import type { NotificationDraft, RunState, RunStatus, RunSummary } from './model.js';
import type { RunStore } from './ports.js';

/** Queues a notification for a run's channel (the outbox de-duplicates by key). */
export type Notify = (workspace: WorkspaceRef, runId: string | null, draft: NotificationDraft, now: number) => Promise<Result<unknown>>;

export interface LifecycleDeps {
  readonly store: RunStore;
  readonly notify: Notify;
}

const EVENT: Partial<Record<RunStatus, NotificationDraft['eventType']>> = {
  stopped: 'run_stopped',
  paused: 'run_paused',
  running: 'run_started',
  halted: 'run_halted',
};

/**
 * Moves a run of this workspace to a new status on a person's behalf, records who/when/why (the store keeps the
 * transition) and tells the run's channel.
 */
export async function changeRunStatus(deps: LifecycleDeps, args: { workspace: WorkspaceRef; number: number; to: RunStatus; actor: Actor; reason?: string; now: number }):
  Promise<Result<RunSummary>> {
  const run = await deps.store.getRun(args.workspace, args.number);
  if (!run.ok) return run;
  if (run.value.status === args.to) return fail('run.transition', `Run #${args.number} is already ${args.to}`);
  const reason = args.reason ?? `by ${args.actor.name}`;
  let state: RunState | undefined;
  if (run.value.status === 'halted' && args.to === 'running') {
    // A human resumes a halted run: lift the drawdown halt and put the circuit breaker in its half-open trial.
    const snap = await deps.store.loadSnapshot(run.value.id);
    if (!snap.ok) return snap;
    state = { ...snap.value.state, entriesHalted: null, peakEquity: snap.value.state.equity,
      breaker: reduceBreaker(snap.value.state.breaker, { kind: 'resume', by: args.actor.name, at: args.now }) };
  }
  const moved = await deps.store.transition(run.value.id, args.to, args.actor.name, reason, args.now, state === undefined ? undefined : { state });
  if (!moved.ok) return moved;
  const eventType = EVENT[args.to];
  if (eventType !== undefined) {
    await deps.notify(args.workspace, run.value.id, {
      eventType: args.to === 'running' ? 'run_started' : eventType,
      dedupeKey: `${run.value.id}:status:${args.to}:${args.now}`,
      payload: { run: args.number, reason: args.to === 'running' ? `resumed ${reason}` : reason },
    }, args.now);
  }
  if (args.to === 'stopped') {
    await deps.notify(args.workspace, run.value.id, { eventType: 'run_summary', dedupeKey: `${run.value.id}:summary:stopped`, payload: { run: args.number, runId: run.value.id, reason: 'run stopped' } }, args.now);
  }
  return ok(moved.value);
}
