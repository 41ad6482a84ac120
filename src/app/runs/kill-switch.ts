import { ok, type Result } from '../../core/domain/result.js';
import type { Actor, WorkspaceRef } from '../chat/command.js';
import { changeRunStatus, type LifecycleDeps } from './lifecycle.js';
import type { HaltedRun, KillSwitch, WorkspaceAdmin } from '../workspace/ports.js';
import type { CancelledOrders } from './broker-cancel.js';

/** Each run is halted or resumed through its lease and a compare-and-set on its book, like any status change. */
export interface KillSwitchDeps extends LifecycleDeps {
  readonly admin: WorkspaceAdmin;
  /** Cancels the workspace's open orders at real brokers (broker-orders.ts); absent: the desk has none. */
  readonly cancelOpenOrders?: (workspace: WorkspaceRef, reason: string, now: number) => Promise<Result<CancelledOrders>>;
}

// Every run /halt halts carries this at the start of its transition reason: /resume-all resumes those and only
// those, never a run its own drawdown gate or circuit breaker halted (those stay for a human, one by one).
const DESK_HALT = 'desk halt by ';

export const isDeskHalt = (run: Pick<HaltedRun, 'reason'>): boolean => run.reason.startsWith(DESK_HALT);

export interface RunOutcome {
  readonly number: number;
  /** null when it moved; why not otherwise (e.g. it changed status meanwhile). */
  readonly refused: string | null;
}

export interface DeskHalted {
  readonly killSwitch: KillSwitch;
  /** Open orders cancelled at real brokers, and what could not be (null: the desk trades at none). */
  readonly brokerOrders: CancelledOrders | null;
  /** The kill switch was already set (its original time and reason are kept). */
  readonly already: boolean;
  readonly runs: readonly RunOutcome[];
}

/**
 * /halt: sets the workspace kill switch first (so an iteration starting meanwhile already blocks entries), then
 * halts every running run on the person's behalf and tells each run's channel. Each halt waits for an iteration in
 * flight (the run's lease), cancels the run's pending entries, and refuses an iteration that read the run before it.
 */
export async function haltDesk(deps: KillSwitchDeps, args: { workspace: WorkspaceRef; actor: Actor; reason?: string; now: number }): Promise<Result<DeskHalted>> {
  const engaged = await deps.admin.engageKillSwitch(args.workspace, args.reason ?? `halted by ${args.actor.name}`, args.actor, args.now);
  if (!engaged.ok) return engaged;
  const reason = `${DESK_HALT}${args.actor.name}${args.reason === undefined ? '' : `: ${args.reason}`}`;
  // Orders working at real brokers are cancelled before the runs are halted, and once more after (an iteration in
  // flight meanwhile may have sent one: each halt waits for it).
  const cancel = async (): Promise<Result<CancelledOrders | null>> => (deps.cancelOpenOrders === undefined ? ok(null) : deps.cancelOpenOrders(args.workspace, `cancelled by /halt (${reason})`, args.now));
  const before = await cancel();
  if (!before.ok) return before;
  const runs: RunOutcome[] = [];
  for (const run of await deps.store.listRuns(args.workspace, { status: 'running' })) {
    const moved = await changeRunStatus(deps, { workspace: args.workspace, number: run.number, to: 'halted', actor: args.actor, reason, now: args.now });
    runs.push({ number: run.number, refused: moved.ok ? null : moved.error.message });
  }
  const after = await cancel();
  if (!after.ok) return after;
  const brokerOrders = before.value === null || after.value === null ? null
    : { cancelled: before.value.cancelled + after.value.cancelled, failures: [...before.value.failures, ...after.value.failures] };
  return ok({ ...engaged.value, brokerOrders, runs: runs.sort((a, b) => a.number - b.number) });
}

export interface DeskResumed {
  /** The kill switch lifted, or null when it was already off. */
  readonly lifted: KillSwitch | null;
  readonly runs: readonly RunOutcome[];
  /** Halted runs left alone: their own gates or breaker halted them. */
  readonly stillHalted: readonly HaltedRun[];
}

/**
 * /resume-all: lifts the kill switch and resumes the runs /halt halted, with `liftHalt: false`: forgiving a drawdown
 * (peak reset) and re-arming the breaker is right for a run halted by its own gates, wrong for a run the desk halted
 * while it was healthy, whose state must carry on untouched.
 */
export async function resumeDesk(deps: KillSwitchDeps, args: { workspace: WorkspaceRef; actor: Actor; now: number }): Promise<Result<DeskResumed>> {
  const lifted = await deps.admin.releaseKillSwitch(args.workspace, args.actor, args.now);
  if (!lifted.ok) return lifted;
  const halted = await deps.admin.haltedRuns(args.workspace);
  if (!halted.ok) return halted;
  const runs: RunOutcome[] = [];
  for (const run of halted.value.filter(isDeskHalt)) {
    const moved = await changeRunStatus(deps, {
      workspace: args.workspace, number: run.number, to: 'running', actor: args.actor, reason: `by ${args.actor.name} (desk resumed)`, now: args.now, liftHalt: false,
    });
    runs.push({ number: run.number, refused: moved.ok ? null : moved.error.message });
  }
  return ok({ lifted: lifted.value, runs, stillHalted: halted.value.filter((r) => !isDeskHalt(r)) });
}
