// The one guarded path for every change to a paper run's book (iteration, flatten, stop, pause, resume, halt, a
// rule applied to runs in progress): hold the run's lease, read the run, decide, and commit with a compare-and-set
// on the book version read. A commit refused as `run.stale` (someone changed the run in between: another desk
// process, a lease that ran out) is never forced: the run is read again and the change decided again on what is
// there now, which may be "nothing to do any more" (the run was stopped meanwhile).
import { fail, ok, type Result } from '../../core/domain/result.js';
import type { RunSnapshot } from './model.js';
import type { RunStore } from './ports.js';

/** How a person's change takes a run's lease. Lease lifetimes are real time, never the desk's scaled clock. */
export interface RunLeasing {
  /** A holder id for one change: unique in the process, never the scheduler's own (that one iterates). */
  holder(): string;
  /** Wall-clock epoch ms. */
  realNow(): number;
  /** Waits between tries while another holder has the lease (tests pass one that only moves a fake clock). */
  sleep(ms: number): Promise<void>;
}

export interface GuardDeps {
  readonly store: RunStore;
  readonly leasing: RunLeasing;
}

/** A command's change is a few reads and one transaction; a holder that died keeps the run no longer than this. */
export const CHANGE_LEASE_TTL_MS = 20_000;
/** Real time a change waits for an iteration (or another change) holding the run before it gives up. */
export const LEASE_WAIT_MS = 15_000;
/** Reads and decisions per change before it gives up on a run that keeps changing under it. */
export const MAX_DECISIONS = 5;

/** The store refused a commit because the run changed since it was read (see src/store/runs/version.ts). */
export const isStale = (r: Result<unknown>): boolean => !r.ok && r.error.code === 'run.stale';

/**
 * Reads the run, lets `decide` decide and commit on that snapshot (its commit names `snap.version`), and reads and
 * decides again while the store refuses the commit as stale. The caller holds the run's lease (see guardedChange;
 * the scheduler holds it around each iteration).
 */
export async function decideOnLatest<T>(store: RunStore, runId: string, decide: (snap: RunSnapshot) => Promise<Result<T>>): Promise<Result<T>> {
  let last: Result<T> | null = null;
  for (let attempt = 1; attempt <= MAX_DECISIONS; attempt++) {
    const snap = await store.loadSnapshot(runId);
    if (!snap.ok) return snap;
    last = await decide(snap.value);
    if (!isStale(last)) return last;
  }
  const number = last !== null && !last.ok ? last.error.details?.['number'] : undefined;
  return fail('run.stale', `${typeof number === 'number' ? `Run #${number}` : 'The run'} kept changing while this was decided ${MAX_DECISIONS} times; try again`, { runId });
}

/** A person's change to a run: under the run's lease (waiting for an iteration in flight), decided on the latest read. */
export async function guardedChange<T>(deps: GuardDeps, run: LeasedRun, now: number, decide: (snap: RunSnapshot) => Promise<Result<T>>): Promise<Result<T>> {
  return withLeases(deps, [run], now, () => decideOnLatest(deps.store, run.id, decide));
}

export interface LeasedRun {
  readonly id: string;
  readonly number: number;
}

/**
 * Runs `fn` holding the leases of `runs` (taken one by one in id order, so two changes over overlapping runs cannot
 * each wait for the other), and releases them after.
 */
export async function withLeases<T>(deps: GuardDeps, runs: readonly LeasedRun[], now: number, fn: () => Promise<Result<T>>): Promise<Result<T>> {
  const holder = deps.leasing.holder();
  const held: LeasedRun[] = [];
  try {
    for (const run of [...runs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      const leased = await takeLease(deps, run, holder, now);
      if (!leased.ok) return leased;
      held.push(run);
    }
    return await fn();
  } finally {
    // A lease that cannot be released runs out on its own within CHANGE_LEASE_TTL_MS.
    for (const run of held) await deps.store.releaseLease(run.id, holder).catch(() => undefined);
  }
}

async function takeLease(deps: GuardDeps, run: LeasedRun, holder: string, now: number): Promise<Result<void>> {
  const { store, leasing } = deps;
  const since = leasing.realNow();
  for (let waitMs = 20; ; waitMs = Math.min(waitMs * 2, 500)) {
    try {
      if (await store.acquireLease(run.id, holder, now, CHANGE_LEASE_TTL_MS, leasing.realNow())) return ok(undefined);
    } catch (error) {
      return fail('run.lease_failed', `Could not take run #${run.number}'s lease: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { number: run.number });
    }
    if (leasing.realNow() - since >= LEASE_WAIT_MS) {
      return fail('run.busy', `Run #${run.number} is busy (an iteration or another change holds it); try again in a moment`, { number: run.number });
    }
    await leasing.sleep(waitMs);
  }
}
