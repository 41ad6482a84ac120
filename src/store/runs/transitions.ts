// Run status changes: which moves are allowed, and recording one (status, endedAt, RunTransition) with a
// compare-and-set on the status read, so a concurrent pause/stop is never overwritten unseen.
import type { RunStatus } from '../../app/runs/model.js';
import { assertNever, fail, ok, type Result } from '../../core/domain/result.js';
import type { Db } from '../db/client.js';

const ALLOWED: { readonly [From in RunStatus]: readonly RunStatus[] } = {
  running: ['paused', 'halted', 'stopped', 'failed', 'completed'],
  // A paused run still manages its exits, so its own drawdown gate or circuit breaker can halt it.
  paused: ['running', 'halted', 'stopped'],
  // Resuming a halted run is a human's call (the desk halts, only people resume).
  halted: ['running', 'stopped'],
  stopped: [],
  completed: [],
  failed: [],
};

/** Statuses a run does not come back from; entering one sets endedAt. */
const ENDED: ReadonlySet<RunStatus> = new Set(['stopped', 'completed', 'failed']);

export function canTransition(from: RunStatus, to: RunStatus): boolean {
  return ALLOWED[from].includes(to);
}

function verb(to: RunStatus): string {
  switch (to) {
    case 'running':
      return 'resumed';
    case 'paused':
      return 'paused';
    case 'halted':
      return 'halted';
    case 'stopped':
      return 'stopped';
    case 'completed':
      return 'completed';
    case 'failed':
      return 'marked failed';
    default:
      return assertNever(to);
  }
}

export function refusedTransition(number: number, from: RunStatus, to: RunStatus): Result<never> {
  const message = from === to ? `Run #${number} is already ${from}` : `Run #${number} is ${from}; it cannot be ${verb(to)}`;
  return fail('run.transition', message, { number, from, to });
}

export interface TransitionRequest {
  readonly run: { readonly id: string; readonly number: number; readonly status: RunStatus };
  readonly to: RunStatus;
  readonly actor: string;
  readonly reason: string;
  readonly now: number;
}

/**
 * Moves the run from the status read to `to` and records who, when and why. `db.conflict` when the status changed
 * since it was read (nothing written; read again and retry); `run.transition` when the move is not allowed.
 */
export async function recordTransition(tx: Db, req: TransitionRequest): Promise<Result<void>> {
  const { run, to } = req;
  if (!canTransition(run.status, to)) return refusedTransition(run.number, run.status, to);
  const { count } = await tx.run.updateMany({
    where: { id: run.id, status: run.status },
    data: { status: to, ...(ENDED.has(to) ? { endedAt: new Date(req.now) } : {}) },
  });
  if (count === 0) return fail('db.conflict', `Run #${run.number} changed status while being ${verb(to)}`, { number: run.number });
  await tx.runTransition.create({
    data: { runId: run.id, fromStatus: run.status, toStatus: to, actor: req.actor, reason: req.reason, at: new Date(req.now) },
  });
  return ok(undefined);
}
