// `as_of`: reviewing the past must not leak the future. Every tool that reads run history or market data resolves
// one cut-off time and drops everything after it.
import { z } from 'zod';
import type { RunHistory, RunRef } from '../app/runs/ports.js';
import { fail, ok, type Result } from '../core/domain/result.js';
import type { ClosedTrade } from '../core/engine/report.js';
import { iso, parseIsoTime } from './time-input.js';

export const asOfField = z.string().max(40).optional()
  .describe('Cut-off time (ISO 8601, default now): nothing after it is returned; a time later than now is treated as now');

/** The cut-off in epoch ms: the given time, clamped to now, or now. */
export function resolveAsOf(text: string | undefined, now: number): Result<number> {
  if (text === undefined) return ok(now);
  const t = parseIsoTime('as_of', text);
  return t.ok ? ok(Math.min(t.value, now)) : t;
}

/**
 * When a run began and ended in market time: a backtest spans its data window (it was saved after the fact), a
 * paper/live run its wall-clock life.
 */
export function runSpan(run: RunRef): { start: number; end: number | null } {
  if (run.mode === 'backtest') return { start: run.config.dataFrom ?? run.startedAt, end: run.config.dataTo ?? run.endedAt };
  return { start: run.startedAt, end: run.endedAt };
}

/**
 * Refuses a run that starts after the cut-off. Without an as_of, the cut-off is this clock's now, and a run that
 * starts later was recorded by a desk whose clock ran ahead of it (a `--speed` demo): the message says so.
 */
export function requireStarted(run: RunRef, asOf: number, asOfGiven: boolean): Result<RunRef> {
  const start = runSpan(run).start;
  if (start <= asOf) return ok(run);
  const why = asOfGiven
    ? `Run #${run.number} had not started at ${iso(asOf)}`
    : `Run #${run.number} starts at ${iso(start)}, after this clock's now (${iso(asOf)}): a sped-up desk (--speed) recorded it with a clock running ahead`;
  return fail('run.not_started', why, { number: run.number });
}

/** What a cut-off left out of a run list: runs that start after it, said plainly rather than dropped without a word. */
export function laterRunsNote(later: readonly RunRef[], asOf: number, asOfGiven: boolean): string | null {
  if (later.length === 0) return null;
  const numbers = later.map((r) => `#${r.number}`).join(', ');
  return `${later.length} run(s) (${numbers}) start after ${iso(asOf)} and are not listed` +
    (asOfGiven ? '.' : ': a sped-up desk (--speed) recorded them with a clock running ahead of this one.');
}

/** Status as it stood at `asOf`: a run that ended later was still running then. */
export function statusAsOf(run: RunRef, asOf: number): { status: string; endedAt: number | null } {
  const { end } = runSpan(run);
  return end !== null && end > asOf ? { status: 'running', endedAt: null } : { status: run.status, endedAt: end };
}

export interface HistoryAsOf {
  readonly history: RunHistory;
  /** Trades entered by `asOf` that closed after it: open positions at that time (exit unknown then). */
  readonly openAtAsOf: readonly Pick<ClosedTrade, 'symbol' | 'side' | 'qty' | 'entryTime' | 'entryPrice'>[];
  /** True when the cut-off left part of the run out. */
  readonly truncated: boolean;
}

/** The history as it stood at `asOf`; saved backtest metrics only stand when nothing was cut. */
export function historyAsOf(h: RunHistory, asOf: number): HistoryAsOf {
  const trades = h.trades.filter((t) => t.exitTime <= asOf);
  const equity = h.equity.filter((p) => p.time <= asOf);
  const blocked = h.blocked.filter((b) => b.time <= asOf);
  const truncated = trades.length < h.trades.length || equity.length < h.equity.length || blocked.length < h.blocked.length;
  const openAtAsOf = h.trades.filter((t) => t.entryTime <= asOf && t.exitTime > asOf)
    .map(({ symbol, side, qty, entryTime, entryPrice }) => ({ symbol, side, qty, entryTime, entryPrice }));
  if (!truncated) return { history: h, openAtAsOf, truncated };
  return { history: { ...h, trades, equity, blocked, savedMetrics: null, openAtEnd: [] }, openAtAsOf, truncated };
}

/** Run #number's history as of the given cut-off: refuses a run that had not started by then. */
export async function loadHistoryAsOf(
  deps: { findRun: (n: number) => Promise<Result<RunRef>>; runHistory: (n: number) => Promise<Result<RunHistory>>; now: () => number },
  number: number,
  asOfText: string | undefined,
): Promise<Result<HistoryAsOf & { asOf: number }>> {
  const asOf = resolveAsOf(asOfText, deps.now());
  if (!asOf.ok) return asOf;
  const run = await deps.findRun(number);
  if (!run.ok) return run;
  const started = requireStarted(run.value, asOf.value, asOfText !== undefined);
  if (!started.ok) return started;
  const h = await deps.runHistory(number);
  if (!h.ok) return h;
  return ok({ ...historyAsOf(h.value, asOf.value), asOf: asOf.value });
}
