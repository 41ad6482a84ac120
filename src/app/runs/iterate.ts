import { barOpenFor } from '../../core/calendar/bar-schedule.js';
import { TIMEFRAME_MS, type BarSeries } from '../../core/domain/bar.js';
import { ok, type Result } from '../../core/domain/result.js';
import type { Signal } from '../../core/domain/signal.js';
import { createPlannerContext, type BarMode, type IterationPlan } from '../../core/engine/plan.js';
import type { BlockedSignal, ClosedTrade } from '../../core/engine/report.js';
import { stepBar, type StepEvent } from '../../core/engine/step.js';
import { buildUniverse } from '../../core/engine/universe.js';
import { reduceBreaker, type BreakerState } from '../../core/risk/circuit-breaker.js';
import { assessDataQuality } from '../../core/risk/data-quality.js';
import { bindStrategy } from '../../core/strategies/registry.js';
import type { NamedMarketData } from '../ports.js';
import { decideOnLatest, isStale } from './book-guard.js';
import { barNotifications, breakerNote, type FillOutcome } from './iteration-notifications.js';
import type { IterationCommit, RunSnapshot, RunState } from './model.js';
import type { RunStore } from './ports.js';
import { iterationWindowStart } from './iteration-window.js';
import { runCalendar, type RunCalendars } from './run-calendar.js';
import { fromEngineState, toEngineState } from './state-mapping.js';

export interface RunDeps {
  readonly store: RunStore;
  /**
   * Bars by source name (`sim`, `csv`, or a provider list like `alpaca,yahoo`); `pinned`: the provider each symbol of a
   * run was served by; `adjustment`: the run's (split-adjusted unless its manifest says raw).
   */
  readonly marketData: NamedMarketData;
  /** The calendar a run follows (default `runCalendar`: the built-in rules); the scheduler is given the same one. */
  readonly calendars?: RunCalendars;
}

export type IterationResult =
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'committed'; readonly barTime: number; readonly orders: number; readonly fills: number; readonly blocked: number }
  | { readonly kind: 'failed'; readonly barTime: number; readonly message: string; readonly halted: boolean };

/**
 * One iteration of a paper run at a bar close: load the run -> fetch bars as of the close -> the shared pipeline
 * (fills at the open, intrabar exits, mark, planIteration) -> commit everything in one transaction. The caller holds
 * the run's lease (the scheduler takes it around each iteration); the commit is a compare-and-set on the book
 * version read, and a refused one is decided again on the run as it is now (stopped meanwhile: nothing is done;
 * paused: exits only; rules changed: the new rules). Idempotent per (run, bar): a retry after a crash recomputes the
 * same decision from the same inputs and the store refuses a second commit. Data failures go to the run's circuit
 * breaker (and may halt the run).
 *
 * A running run trades; a paused or halted run with something open decides its bar in `exits_only` mode (see
 * BarMode in src/core/engine/plan.ts): it opens nothing new but its stops, targets, trailing stops, time stops, exit
 * signals and pending exit orders work as usual (a halt stops new risk, never the protection of what is held). A
 * paused or halted run holding nothing, and any other status, is skipped.
 */
export async function iterateRun(deps: RunDeps, runId: string, barClose: number, now: number): Promise<Result<IterationResult>> {
  return decideOnLatest(deps.store, runId, (snap) => iterateSnapshot(deps, snap, barClose, now));
}

function barModeOf(snap: RunSnapshot): BarMode | null {
  if (snap.run.status === 'running') return 'trade';
  const holds = snap.positions.length > 0 || snap.pending.some((o) => o.intent === 'exit');
  return (snap.run.status === 'paused' || snap.run.status === 'halted') && holds ? 'exits_only' : null;
}

async function iterateSnapshot(deps: RunDeps, snap: RunSnapshot, barClose: number, now: number): Promise<Result<IterationResult>> {
  const { run, state } = snap;
  const runId = run.id;
  const mode = barModeOf(snap);
  if (mode === null) return ok({ kind: 'skipped', reason: `Run #${run.number} is ${run.status}` });
  const m = run.manifest;
  const calendar = (deps.calendars ?? runCalendar)(m);
  const decideOn = barOpenFor(calendar, m.timeframe, barClose);
  if (state.lastBarTime !== null && decideOn <= state.lastBarTime) return ok({ kind: 'skipped', reason: 'bar already decided' });

  const strategy = bindStrategy(m.strategy.id, { ...m.params });
  if (!strategy.ok) return strategy;
  const market = deps.marketData(m.dataSource, { pinned: m.sources, adjustment: m.adjustment });
  if (!market.ok) return market;

  const tfMs = TIMEFRAME_MS[m.timeframe];
  const from = iterationWindowStart(decideOn, strategy.value.minBars, m.timeframe);
  const series: BarSeries[] = [];
  for (const symbol of [...m.symbols, ...m.dataSymbols.filter((s) => !m.symbols.includes(s))]) {
    const bars = await market.value.getBars({ symbol, timeframe: m.timeframe, from, to: decideOn });
    if (!bars.ok) return dataFailure(deps, snap, decideOn, now, `${symbol}: ${bars.error.message}`);
    series.push(bars.value);
  }
  const universe = buildUniverse(series, series.map((_, k) => k < m.symbols.length));
  const t = universe.times.length - 1;
  const barTime = universe.times[t]!;
  if (state.lastBarTime !== null && barTime <= state.lastBarTime) {
    return dataFailure(deps, snap, decideOn, now, `no new bar since ${new Date(state.lastBarTime).toISOString()}`);
  }
  if (await deps.store.hasDecision(runId, barTime)) return ok({ kind: 'skipped', reason: 'bar already decided' });

  let breaker: BreakerState = state.breaker;
  const quality = Math.min(...series.slice(0, m.symbols.length).map((s) => assessDataQuality(s, tfMs, decideOn + tfMs, {
    calendar: calendar.kind === 'us-equities' ? 'exchange' : 'continuous',
  }).score));
  breaker = reduceBreaker(breaker, { kind: 'data_quality', score: quality, at: now });

  const engine = toEngineState(state, snap.positions, m.startCash, snap.killSwitch);
  const ctx = createPlannerContext(universe, {
    runKey: `run:${runId}`,
    strategy: strategy.value,
    timeframe: m.timeframe,
    rules: m.rules,
    gates: m.gates.limits,
    gatesMode: m.gates.mode,
    sizing: m.sizing,
    costs: m.costs,
    quant: m.quant,
  });
  const fills: FillOutcome[] = [];
  const trades: ClosedTrade[] = [];
  const blocked: BlockedSignal[] = [];
  const events: StepEvent[] = [];
  const decided: { plan: IterationPlan | null } = { plan: null };
  const stepped = stepBar(ctx, engine, t, snap.pending, {
    fill: (fill, order, closed) => {
      fills.push({ fill, clientOrderId: order?.clientOrderId ?? null, closed });
      trades.push(...closed);
    },
    blocked: (b) => blocked.push(b),
    event: (e) => events.push(e),
    plan: (p) => {
      decided.plan = p;
    },
  }, mode);
  breaker = reduceBreaker(breaker, { kind: 'equity', equity: engine.equity, at: now });
  if (breaker.status !== 'open') breaker = reduceBreaker(breaker, { kind: 'success' });

  const halt = events.find((e) => e.kind === 'halt');
  const breakerTripped = state.breaker.status !== 'open' && breaker.status === 'open';
  // A run already halted stays halted: its drawdown or breaker may trip again while it manages its exits.
  const transition = run.status === 'halted' ? null
    : halt !== undefined ? { to: 'halted' as const, reason: halt.message }
    : breakerTripped ? { to: 'halted' as const, reason: breaker.reason?.message ?? 'circuit breaker tripped' } : null;
  // A halted run keeps no entry waiting: it would fill at whatever open follows a human's resume, days later.
  const dropped = transition === null ? [] : stepped.filter((o) => o.intent === 'entry');
  const pending = dropped.length === 0 ? stepped : stepped.filter((o) => o.intent !== 'entry');
  const madePlan = decided.plan;
  const said = barNotifications({
    runId, barTime, run: run.number, fills, pending: snap.pending, blocked,
    evaluated: mode === 'trade' ? entriesEvaluated(madePlan, engine.book.holdings) : new Set(),
    halt: halt?.message ?? null, breaker: breakerTripped ? breaker : null, before: state,
  });
  const after = fromEngineState(engine, { ...state, breaker, lastBlocked: said.standing }, barTime);
  const missed = state.lastBarTime === null ? 0 : countBetween(universe.times, state.lastBarTime, barTime);
  const commit: IterationCommit = {
    runId,
    expectedVersion: snap.version,
    barTime,
    asOf: now,
    state: after.state,
    positions: after.positions,
    pending,
    filledOrderIds: fills.flatMap((f) => (f.clientOrderId === null ? [] : [f.clientOrderId])),
    fills: fills.map(({ fill, clientOrderId }) => ({ fill, clientOrderId })),
    trades,
    equity: { at: barTime, cash: engine.book.cash, equity: engine.equity },
    decision: {
      inputs: { asOf: now, barClose, bars: lastBars(series, barTime), dataQuality: quality, ...(mode === 'trade' ? {} : { mode }) },
      signals: madePlan?.signals.map(plainSignal) ?? [],
      verdicts: blocked,
      orders: madePlan?.orders ?? [],
      notes: [
        ...(missed > 0 ? [{ kind: 'analysis', content: `missed ${missed} bar(s) since the last iteration; they were not traded` }] : []),
        ...(madePlan?.reasoning ?? []),
        ...events.map((e) => ({ kind: 'decision', content: e.message })),
        ...dropped.map((o) => ({ kind: 'decision', content: `cancelled the pending entry ${o.side} ${o.symbol} (${o.reason}): the run is halted` })),
      ],
    },
    transition,
    notifications: [
      ...said.notifications,
      // The first bar of a new UTC day closes the previous one: post that day's summary.
      ...(state.dayKey !== null && after.state.dayKey !== null && after.state.dayKey !== state.dayKey
        ? [{ eventType: 'run_summary' as const, dedupeKey: `${runId}:summary:day:${state.dayKey}`, payload: { run: run.number, runId, reason: `day ${new Date(state.dayKey * 86_400_000).toISOString().slice(0, 10)} closed` } }]
        : []),
    ],
  };
  const committed = await deps.store.commitIteration(commit);
  if (!committed.ok) return committed;
  if (!committed.value.committed) return ok({ kind: 'skipped', reason: 'bar already decided' });
  return ok({ kind: 'committed', barTime, orders: commit.decision.orders.length, fills: fills.length, blocked: blocked.length });
}

/** Symbols whose entry signal went through the planner's checks at this close (flat then: held ones are skipped). */
function entriesEvaluated(plan: IterationPlan | null, holdings: ReadonlyMap<string, number>): Set<string> {
  const out = new Set<string>();
  for (const s of plan?.signals ?? []) {
    if ((s.action === 'enter_long' || s.action === 'enter_short') && (holdings.get(s.symbol) ?? 0) === 0) out.add(s.symbol);
  }
  return out;
}

/**
 * A data failure still commits a decision (so the bar is not retried forever) and feeds the circuit breaker. A
 * stale refusal is passed on (the iteration is decided again); any other failure to record it is reported.
 */
async function dataFailure(deps: RunDeps, snap: RunSnapshot, barTime: number, now: number, message: string): Promise<Result<IterationResult>> {
  const breaker = reduceBreaker(snap.state.breaker, { kind: 'failure', source: 'data', message, at: now });
  const tripped = snap.state.breaker.status !== 'open' && breaker.status === 'open';
  const state: RunState = { ...snap.state, breaker };
  const res = await deps.store.commitIteration({
    runId: snap.run.id,
    expectedVersion: snap.version,
    barTime,
    asOf: now,
    state,
    positions: snap.positions,
    pending: tripped ? snap.pending.filter((o) => o.intent !== 'entry') : snap.pending,
    filledOrderIds: [],
    fills: [],
    trades: [],
    equity: { at: barTime, cash: state.cash, equity: state.equity },
    decision: { inputs: { asOf: now, error: message }, signals: [], verdicts: [], orders: [], notes: [{ kind: 'analysis', content: `data failure: ${message}` }] },
    transition: tripped && snap.run.status !== 'halted' ? { to: 'halted', reason: breaker.reason?.message ?? message } : null,
    notifications: tripped ? [breakerNote(snap.run.id, barTime, snap.run.number, breaker)] : [],
  });
  if (!res.ok) return isStale(res) ? res : ok({ kind: 'failed', barTime, message: `${message}; and the failure could not be recorded: ${res.error.message}`, halted: false });
  return ok({ kind: 'failed', barTime, message, halted: tripped });
}

function lastBars(series: readonly BarSeries[], barTime: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of series) {
    const i = s.length - 1;
    if (i < 0) continue;
    out[s.symbol] = { time: s.time[i], open: s.open[i], high: s.high[i], low: s.low[i], close: s.close[i], volume: s.volume[i], current: s.time[i] === barTime };
  }
  return out;
}

const plainSignal = (s: Signal): Signal => ({ symbol: s.symbol, action: s.action, confidence: s.confidence, reason: s.reason });

function countBetween(times: Float64Array, after: number, before: number): number {
  let n = 0;
  for (let i = times.length - 1; i >= 0 && times[i]! > after; i--) if (times[i]! < before) n++;
  return n;
}
