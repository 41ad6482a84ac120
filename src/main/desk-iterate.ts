import type { RunSummary } from '../app/runs/model.js';
import { iterateRun, type RunDeps } from '../app/runs/iterate.js';
import type { Clock } from '../scheduler/clock.js';
import { errorLine } from '../store/db/errors.js';
import type { DeskMetrics, IterationOutcome } from './ops/counters.js';

export interface DeskIterateDeps extends RunDeps {
  /** The desk clock: the iteration's `now`. */
  readonly clock: Clock;
  log(line: string): void;
  /** TRADEDESK_DEBUG=1: one line per close iterated and how it went (the two-desk soak counts them). */
  readonly debug: boolean;
  /** Called after each iteration that did not fail (a real broker's run: its account is reconciled). */
  readonly afterIteration?: (run: RunSummary) => void;
  /** Counts each iteration's outcome and duration (TRADEDESK_HTTP's /metrics). */
  readonly metrics?: Pick<DeskMetrics, 'iteration'>;
}

/**
 * The scheduler's `iterate`: one paper iteration. It rejects when nothing was committed (a busy database, a
 * failed read), so the scheduler tries the close again; its message is one line. A data failure is committed (the
 * run's circuit breaker counts it) and only logged.
 */
export function createDeskIterate(deps: DeskIterateDeps): (run: RunSummary, barClose: number) => Promise<void> {
  return async (run, barClose) => {
    const at = `Run #${run.number} (${run.workspace.name}) at the ${new Date(barClose).toISOString()} close`;
    const debug = (outcome: string): void => {
      if (deps.debug) deps.log(`debug: ${at}: ${outcome}`);
    };
    const started = performance.now();
    const count = (outcome: IterationOutcome): void => deps.metrics?.iteration(outcome, (performance.now() - started) / 1_000);
    let res: Awaited<ReturnType<typeof iterateRun>>;
    try {
      res = await iterateRun(deps, run.id, barClose, deps.clock.now());
    } catch (err) {
      count('failed');
      debug(`failed (${errorLine(err)})`);
      throw new Error(errorLine(err), { cause: err });
    }
    if (!res.ok) {
      count('failed');
      debug(`failed (${res.error.message})`);
      throw new Error(res.error.message);
    }
    // A data failure is committed (for the run's circuit breaker), but the bar was not decided: it counts as failed.
    count(res.value.kind);
    debug(res.value.kind === 'skipped' ? `skipped (${res.value.reason})` : 'committed');
    if (res.value.kind === 'committed') deps.afterIteration?.(run);
    if (res.value.kind === 'failed') deps.log(`Run #${run.number}: ${res.value.message}${res.value.halted ? ' (circuit breaker tripped: run halted)' : ''}`);
  };
}
