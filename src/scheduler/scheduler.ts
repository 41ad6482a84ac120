/**
 * The guarded scheduler: gives every running run one iteration per bar close of its calendar and timeframe.
 * Guards: an in-process single-flight map (a busy run is skipped, never overlapped), a store lease per (run, close)
 * so two desk processes never iterate the same run at once, and "latest close only" after a gap (missed closes
 * are logged, not traded). Iteration failures are logged; the run's circuit breaker is the iteration's business.
 */
import type { RunSummary } from '../app/runs/model.js';
import type { RunStore } from '../app/runs/ports.js';
import { runCalendar } from '../app/runs/run-calendar.js';
import type { Clock } from './clock.js';
import { dueClose, type DueClose } from './due-close.js';
import { createRepeatFilter } from './repeat-filter.js';
import { startTicker, type Ticker, type TickMode } from './ticker.js';

export interface SchedulerDeps {
  readonly store: Pick<RunStore, 'listActive' | 'acquireLease' | 'releaseLease'>;
  /** Runs one iteration for the run at the given bar close; resolves when committed (or skipped). */
  iterate(run: RunSummary, barClose: number): Promise<void>;
  readonly clock: Clock;
  /** This process's lease holder id. */
  readonly holder: string;
  /** Operational log (console: stderr). */
  log(line: string): void;
  /** Default `cron`. Tests skip `start()` and call `tickNow()`. */
  readonly tick?: TickMode;
  /** Real time a lease outlives a process that died mid-iteration; default 5 minutes. */
  readonly leaseTtlMs?: number;
}

export interface Scheduler {
  /** Starts ticking. Idempotent; throws after `stop()`. */
  start(): void;
  /** Stops ticking and waits for in-flight iterations. Final: later ticks do nothing. */
  stop(): Promise<void>;
  /** One tick now; resolves when the iterations it started have finished. */
  tickNow(): Promise<void>;
}

export const DEFAULT_LEASE_TTL_MS = 5 * 60_000;

const LIST_KEY = 'list';
const runKey = (runId: string): string => `run:${runId}`;

const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');
const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
// Run numbers are per workspace, so the workspace name disambiguates a shared desk process's log.
const label = (run: RunSummary): string => `Run #${run.number} (${run.workspace.name})`;

export function createScheduler(deps: SchedulerDeps): Scheduler {
  /** The last close handled per run (ran, failed, or left to another process). Unknown after a (re)start. */
  const lastRan = new Map<string, number>();
  const inFlight = new Map<string, Promise<void>>();
  /** Ticks still listing runs; `stop()` waits for them so none starts an iteration after it returns. */
  const dispatching = new Set<Promise<unknown>>();
  const quiet = createRepeatFilter(deps.log);
  // The store compares lease expiry with clock time, so a real-time TTL is stretched by the clock's speed.
  const leaseTtlMs = (deps.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS) * (deps.clock.speed ?? 1);
  let phase: 'idle' | 'running' | 'stopped' = 'idle';
  let ticker: Ticker | null = null;

  async function runOnce(run: RunSummary, close: number): Promise<void> {
    let leased: boolean;
    try {
      leased = await deps.store.acquireLease(run.id, deps.holder, close, leaseTtlMs, deps.clock.now());
    } catch (e) {
      // Not marked as handled: the next tick retries this close.
      quiet.log(runKey(run.id), `${label(run)}: could not take the lease for the ${iso(close)} close: ${errorText(e)}; retrying`);
      return;
    }
    quiet.clear(runKey(run.id));
    if (!leased) {
      deps.log(`${label(run)}: another desk process holds the run's lease at the ${iso(close)} close; leaving the close to it`);
      lastRan.set(run.id, close);
      return;
    }
    try {
      await deps.iterate(run, close);
    } catch (e) {
      deps.log(`${label(run)}: iteration at the ${iso(close)} close failed: ${errorText(e)}`);
    }
    lastRan.set(run.id, close);
    try {
      await deps.store.releaseLease(run.id, deps.holder);
    } catch (e) {
      deps.log(`${label(run)}: could not release the lease: ${errorText(e)}; it expires on its own`);
    }
  }

  function startIfDue(run: RunSummary, now: number): Promise<void> | null {
    // Busy: skip this tick. The check and the `set` below are synchronous, so concurrent ticks cannot both pass.
    if (inFlight.has(run.id)) return null;
    const previous = lastRan.get(run.id);
    let due: DueClose | null;
    try {
      due = dueClose(runCalendar(run.manifest), run.manifest.timeframe, now, previous);
    } catch (e) {
      quiet.log(runKey(run.id), `${label(run)}: cannot work out its bar closes: ${errorText(e)}`);
      return null;
    }
    if (due === null) return null;
    // A new run's first decision is at the first close after it started: acting on a bar that closed before the
    // run existed would fill at an open that is already in the past.
    if (due.close <= run.startedAt) return null;
    if (previous !== undefined && due.missed > 0) {
      const count = `${due.missedAtLeast ? 'at least ' : ''}${due.missed}`;
      deps.log(`${label(run)}: missed ${count} bar(s) between ${iso(previous)} and ${iso(due.close)}; trading resumes at the latest close`);
    }
    const done = runOnce(run, due.close).finally(() => inFlight.delete(run.id));
    inFlight.set(run.id, done);
    return done;
  }

  /** Forgets runs that left the active list (paused, stopped...), so memory follows the work list. */
  function forgetInactive(active: ReadonlySet<string>): void {
    for (const id of [...lastRan.keys()]) if (!active.has(id) && !inFlight.has(id)) lastRan.delete(id);
    quiet.retain((key) => key === LIST_KEY || active.has(key.slice(runKey('').length)));
  }

  async function dispatch(): Promise<Promise<void>[]> {
    let runs: readonly RunSummary[];
    try {
      runs = await deps.store.listActive();
    } catch (e) {
      quiet.log(LIST_KEY, `scheduler: listing active runs failed: ${errorText(e)}; retrying every tick`);
      return [];
    }
    if (quiet.clear(LIST_KEY)) deps.log('scheduler: listing active runs works again');
    if (phase === 'stopped') return [];
    forgetInactive(new Set(runs.map((r) => r.id)));
    const now = deps.clock.now();
    return runs.flatMap((run) => startIfDue(run, now) ?? []);
  }

  function tick(): Promise<Promise<void>[]> {
    const listing = dispatch();
    dispatching.add(listing);
    void listing.finally(() => dispatching.delete(listing));
    return listing;
  }

  return {
    start() {
      if (phase === 'stopped') throw new Error('scheduler: start() after stop()');
      if (ticker !== null) return;
      phase = 'running';
      // A tick still waiting on the store is not doubled up: this one is dropped, the next second tries again.
      ticker = startTicker(deps.tick ?? 'cron', () => {
        if (phase === 'running' && dispatching.size === 0) void tick();
      }, deps.log);
    },
    async stop() {
      phase = 'stopped';
      const running = ticker;
      ticker = null;
      await running?.stop();
      await Promise.all([...dispatching]);
      await Promise.all([...inFlight.values()]);
    },
    async tickNow() {
      if (phase === 'stopped') return;
      await Promise.all(await tick());
    },
  };
}
