/**
 * The guarded scheduler: gives every running run one iteration per bar close of its calendar and timeframe.
 * Guards: an in-process single-flight map (a busy run is skipped, never overlapped), a store lease per (run, close)
 * so two desk processes never iterate the same run at once, and "latest close only" after a gap (missed closes
 * are summarised in the log, not traded). Leases run on real time, never on the desk clock: a short lease, renewed
 * while the iteration works, frees a dead desk's runs within seconds whatever `--speed`. A close whose iteration
 * failed (or whose lease could not be taken) is tried again at the next tick, up to `maxAttempts` times.
 */
import type { RunSummary } from '../app/runs/model.js';
import type { RunStore } from '../app/runs/ports.js';
import { runCalendar, type RunCalendars } from '../app/runs/calendar.js';
import { withLogContext, workspaceLogContext } from '../app/log/log-context.js';
import type { Clock } from './clock.js';
import { dueClose } from './due-close.js';
import { keepLease } from './lease-keeper.js';
import { createMissedBars } from './missed-bars.js';
import { createRepeatFilter } from './repeat-filter.js';
import { startTicker, type Ticker, type TickMode } from './ticker.js';

export interface SchedulerDeps {
  readonly store: Pick<RunStore, 'listActive' | 'acquireLease' | 'releaseLease'>;
  /**
   * Runs one iteration for the run at the given bar close; resolves when committed (or skipped), rejects when the
   * iteration failed and the close should be tried again.
   */
  iterate(run: RunSummary, barClose: number): Promise<void>;
  /** The desk clock: bar closes are due on it. */
  readonly clock: Clock;
  /** Real (wall-clock) epoch ms for leases and log pacing, whatever the desk clock's speed; default Date.now. */
  readonly realNow?: () => number;
  /** This process's lease holder id. */
  readonly holder: string;
  /** Operational log (console: stderr). */
  log(line: string): void;
  /** Default `cron`. Tests skip `start()` and call `tickNow()`. */
  readonly tick?: TickMode;
  /** Real ms a lease outlives a holder that stopped renewing it (a desk killed mid-iteration). */
  readonly leaseTtlMs?: number;
  /** Tries at one close (the first included) before it is given up for the latest close. */
  readonly maxAttempts?: number;
  /** Real ms between two summaries of missed closes. */
  readonly missedSummaryMs?: number;
  /**
   * Desk-clock ms a run waits after a bar close before it is due, so a real provider has published the bar (the
   * grace delay); default none. A bar still missing after it is a data failure, fed to the run's circuit breaker.
   */
  readonly graceMs?: (run: RunSummary) => number;
  /** The calendar each run follows; default `runCalendar` (the built-in rules). Give `iterate` the same one. */
  readonly calendars?: RunCalendars;
  /**
   * Iterations this process runs at once (default DEFAULT_CONCURRENCY); the other due runs wait their turn. A desk
   * with a thousand runs neither opens a thousand transactions at once nor makes every run wait for all the others.
   */
  readonly concurrency?: number;
  /** Orders each tick's due runs (default: shuffled), so desk processes sharing a database rarely queue for one run. */
  readonly order?: <T>(items: T[]) => T[];
}

export interface Scheduler {
  /** Starts ticking. Idempotent; throws after `stop()`. */
  start(): void;
  /** Stops ticking and waits for in-flight iterations. Final: later ticks do nothing. */
  stop(): Promise<void>;
  /** One tick now; resolves when the iterations it started have finished. */
  tickNow(): Promise<void>;
}

/** Real time. A restarted desk waits at most this long for a dead desk's lease (less when it can prove it dead). */
export const DEFAULT_LEASE_TTL_MS = 20_000;
/** A lease is renewed this many times per TTL while its iteration runs. */
const RENEWALS_PER_TTL = 4;
export const DEFAULT_MAX_ATTEMPTS = 5;
/** Enough to keep the database's connections busy while one iteration computes; far below the pool of connections. */
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_MISSED_SUMMARY_MS = 60_000;

const LIST_KEY = 'list';
const runKey = (runId: string): string => `run:${runId}`;

const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');
const MAX_ERROR_CHARS = 300;
/** One line: a store error's message may span lines (call site, code frame); its reason comes last. */
function errorText(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const line = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '').at(-1) ?? '';
  return line.length > MAX_ERROR_CHARS ? `${line.slice(0, MAX_ERROR_CHARS - 1)}…` : line;
}
// Run numbers are per workspace, so the workspace name disambiguates a shared desk process's log.
const label = (run: RunSummary): string => `Run #${run.number} (${run.workspace.name})`;

export function createScheduler(deps: SchedulerDeps): Scheduler {
  /** The last close handled per run (ran, given up, or left to another process). Unknown after a (re)start. */
  const lastRan = new Map<string, number>();
  /**
   * A close owed another try, per run: after a failure (`attempts` counted), or because someone else held the run's
   * lease (`busy`: another desk iterating it, or a person's stop or pause in flight). A busy close is tried again at
   * the next tick until it goes through (then it is usually found decided already) or a later close is due.
   */
  const owed = new Map<string, { close: number; attempts: number; busy?: true }>();
  /** Runs already reported as shared with another desk process (said once, not at every close). */
  const shared = new Set<string>();
  const inFlight = new Map<string, Promise<void>>();
  /** Ticks still listing runs; `stop()` waits for them so none starts an iteration after it returns. */
  const dispatching = new Set<Promise<unknown>>();
  const quiet = createRepeatFilter(deps.log);
  const realNow = deps.realNow ?? Date.now;
  const leaseTtlMs = deps.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
  const maxAttempts = deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const missed = createMissedBars({ log: deps.log, realNow, windowMs: deps.missedSummaryMs ?? DEFAULT_MISSED_SUMMARY_MS });
  let phase: 'idle' | 'running' | 'stopped' = 'idle';
  let ticker: Ticker | null = null;
  const slots = createSlots(deps.concurrency ?? DEFAULT_CONCURRENCY);
  const order = deps.order ?? shuffle;

  function handled(run: RunSummary, close: number): void {
    lastRan.set(run.id, close);
    owed.delete(run.id);
  }

  /** Keeps the close for the next tick, or gives it up after `maxAttempts`. Logged once per run until it works. */
  function failed(run: RunSummary, close: number, what: string): void {
    const before = owed.get(run.id);
    const attempts = (before?.close === close ? before.attempts : 0) + 1;
    if (attempts >= maxAttempts) {
      deps.log(`${label(run)}: gave up on the ${iso(close)} close after ${attempts} attempts (${what}); trading resumes at the latest close`);
      quiet.clear(runKey(run.id));
      handled(run, close);
      return;
    }
    owed.set(run.id, { close, attempts });
    quiet.log(runKey(run.id), `${label(run)}: ${what}; retrying`);
  }

  async function runOnce(run: RunSummary, close: number): Promise<void> {
    let leased: boolean;
    try {
      leased = await deps.store.acquireLease(run.id, deps.holder, close, leaseTtlMs, realNow());
    } catch (e) {
      failed(run, close, `could not take the lease for the ${iso(close)} close: ${errorText(e)}`);
      return;
    }
    if (!leased) {
      if (!shared.has(run.id)) {
        shared.add(run.id);
        deps.log(`${label(run)}: its lease is held elsewhere at the ${iso(close)} close (another desk process, or a person's change to the run); trying again at the next tick`);
      }
      // Not handled: the holder may be a stop or a pause, not an iteration. Once free, the close is decided (or
      // found decided by the other desk) here; a later close due meanwhile supersedes it.
      owed.set(run.id, { close, attempts: owed.get(run.id)?.attempts ?? 0, busy: true });
      return;
    }
    const kept = keepLease(
      {
        store: deps.store,
        holder: deps.holder,
        realNow,
        ttlMs: leaseTtlMs,
        everyMs: leaseTtlMs / RENEWALS_PER_TTL,
        onTrouble: (p) =>
          quiet.log(
            runKey(run.id),
            p.kind === 'lost'
              ? `${label(run)}: lost its lease during the ${iso(close)} close: another desk process took it over`
              : `${label(run)}: could not renew its lease: ${errorText(p.error)}; retrying`,
          ),
      },
      run.id,
      close,
    );
    try {
      await deps.iterate(run, close);
      quiet.clear(runKey(run.id));
      handled(run, close);
    } catch (e) {
      failed(run, close, `iteration at the ${iso(close)} close failed: ${errorText(e)}`);
    } finally {
      await kept.stop();
    }
    try {
      await deps.store.releaseLease(run.id, deps.holder);
    } catch (e) {
      deps.log(`${label(run)}: could not release the lease: ${errorText(e)}; it expires on its own`);
    }
  }

  /** The close to run now: one owed after a failure first, else the latest due one (gaps go to the summary). */
  function closeToRun(run: RunSummary, now: number): number | null {
    const retry = owed.get(run.id);
    if (retry !== undefined && retry.busy !== true) return retry.close;
    // A busy close stands for the last one handled: a later close due supersedes it (the holder decided it).
    const previous = retry?.close ?? lastRan.get(run.id);
    let due;
    try {
      due = dueClose((deps.calendars ?? runCalendar)(run.manifest), run.manifest.timeframe, now - (deps.graceMs?.(run) ?? 0), previous);
    } catch (e) {
      quiet.log(runKey(run.id), `${label(run)}: cannot work out its bar closes: ${errorText(e)}`);
      return null;
    }
    if (retry !== undefined) {
      if (due === null) return retry.close;
      handled(run, retry.close);
    }
    if (due === null) return null;
    // A new run's first decision is at the first close after it started: acting on a bar that closed before the
    // run existed would fill at an open that is already in the past.
    if (due.close <= run.startedAt) return null;
    if (previous !== undefined) missed.add(label(run), due.missed, due.missedAtLeast, previous, due.close);
    return due.close;
  }

  function startIfDue(run: RunSummary, now: number): Promise<void> | null {
    // Busy: skip this tick. The check and the `set` below are synchronous, so concurrent ticks cannot both pass.
    if (inFlight.has(run.id)) return null;
    const close = closeToRun(run, now);
    if (close === null) return null;
    // Queued for a slot; a stop meanwhile drops it (the close stays undecided, for the next desk or start). Every line
    // of this iteration (the lease, the run's own, its broker's) carries the run and its workspace.
    // A close owed another try (its lease was held elsewhere, or it failed) goes ahead of the ones queued for the
    // first time: it is older, and a dead desk's runs are taken over as soon as their leases expire.
    const retry = owed.get(run.id)?.close === close;
    const context = { ...workspaceLogContext(run.workspace), runId: run.id, run: run.number };
    const done = slots.run(() => (phase === 'stopped' ? Promise.resolve() : withLogContext(context, () => runOnce(run, close))), retry).finally(() => inFlight.delete(run.id));
    inFlight.set(run.id, done);
    return done;
  }

  /** Forgets runs that left the active list (paused, stopped...), so memory follows the work list. */
  function forgetInactive(active: ReadonlySet<string>): void {
    for (const map of [lastRan, owed]) for (const id of [...map.keys()]) if (!active.has(id) && !inFlight.has(id)) map.delete(id);
    for (const id of [...shared]) if (!active.has(id)) shared.delete(id);
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
    const started = order([...runs]).flatMap((run) => startIfDue(run, now) ?? []);
    missed.flush();
    return started;
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
      missed.flush(true);
    },
    async tickNow() {
      if (phase === 'stopped') return;
      await Promise.all(await tick());
    },
  };
}

/** At most `n` tasks at once, the rest started in the order they came (an urgent one ahead of them). */
function createSlots(n: number): { run(task: () => Promise<void>, urgent?: boolean): Promise<void> } {
  if (!Number.isInteger(n) || n < 1) throw new Error(`scheduler: concurrency must be a whole number of at least 1 (got ${n})`);
  let busy = 0;
  const waiting: (() => void)[] = [];
  return {
    async run(task, urgent = false) {
      if (busy >= n) await new Promise<void>((resolve) => (urgent ? waiting.unshift(resolve) : waiting.push(resolve)));
      busy++;
      try {
        await task();
      } finally {
        busy--;
        waiting.shift()?.();
      }
    },
  };
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
