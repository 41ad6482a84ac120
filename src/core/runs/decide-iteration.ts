/**
 * Core decides, the shell executes: everything one paper (or live) iteration does, decided from what the shell
 * gathered (the run's book, its pending orders, the bars as of the close, what its broker did with the orders that
 * fill at this open). The shared pipeline (`stepBar`: the broker's executions applied at the open, intrabar exits,
 * mark, planIteration), the data-quality score and the circuit breaker, the halt and status change, which pending
 * entries a halt cancels, what the channel is told (fills, blocks as they start, halts, breaker trips, the day
 * summary), the decision record, and the book to store. The shell (src/app/runs/iterate.ts) loads, fetches, submits
 * `ordersAtOpen` to the run's broker, calls this and commits the outcome in one transaction. Pure: the same inputs
 * always give the same outcome, so a retried iteration decides the same.
 */
import { isoDate } from '../calendar/civil-date.js';
import { TIMEFRAME_MS, type BarSeries, type Timeframe } from '../domain/bar.js';
import type { Executions, Fill, PlannedOrder } from '../domain/order.js';
import type { Signal } from '../domain/signal.js';
import type { CostConfig, QuantConfig, SizingConfig } from '../engine/config.js';
import { createPlannerContext, type BarMode, type IterationPlan } from '../engine/plan.js';
import type { BlockedSignal, ClosedTrade } from '../engine/report.js';
import { stepBar, type StepEvent, type ProtectiveExits } from '../engine/step.js';
import { buildUniverse } from '../engine/universe.js';
import { reduceBreaker, type BreakerState } from '../risk/circuit-breaker.js';
import { assessDataQuality } from '../risk/data-quality.js';
import type { GateLimits } from '../risk/gates.js';
import type { Rule } from '../risk/rules.js';
import type { BoundStrategy } from '../strategies/registry.js';
import { barNotifications, breakerNote, type FillOutcome } from './iteration-notifications.js';
import type { NotificationDraft, RunState, StoredPosition } from './run-book.js';
import { fromEngineState, toEngineState } from './state-mapping.js';

/** What the shell gathered for one iteration. */
export interface IterationInput {
  readonly runId: string;
  readonly runNumber: number;
  /** The run is halted already (it stays halted, whatever trips now). */
  readonly halted: boolean;
  /** `trade` for a running run; `exits_only` for a paused or halted one that still holds something. */
  readonly mode: BarMode;
  readonly strategy: BoundStrategy;
  readonly config: {
    readonly timeframe: Timeframe;
    readonly startCash: number;
    readonly rules: readonly Rule[];
    readonly gates: { readonly mode: 'enforce'; readonly limits: GateLimits };
    readonly sizing: SizingConfig;
    readonly costs: CostConfig;
    readonly quant: QuantConfig;
  };
  readonly state: RunState;
  readonly positions: readonly StoredPosition[];
  readonly pending: readonly PlannedOrder[];
  readonly killSwitch: string | null;
  /** The traded symbols' bars first (`tradable` of them), then the data-only symbols'. */
  readonly series: readonly BarSeries[];
  readonly tradable: number;
  /** Open time of the bar the close ends, and the close itself. */
  readonly decideOn: number;
  readonly barClose: number;
  readonly now: number;
  /** How gaps are judged by the data-quality score: an exchange's closures are not gaps; 24/7 markets have none. */
  readonly calendar: 'exchange' | 'continuous';
  /**
   * What the run's broker did with the pending orders at this bar's open (see orders-at-open.ts): the book applies
   * these instead of the fill model's own fills. Absent: the fill model fills them (a run without a broker).
   */
  readonly executions?: Executions;
  /** Where stops, trailing stops and targets are enforced (a real broker's run: `close`; see ProtectiveExits). */
  readonly protective?: ProtectiveExits;
}

/** Everything the iteration decided, to be committed atomically. */
export interface IterationOutcome {
  /** Open time of the bar decided on: (run, barTime) is the idempotency key. */
  readonly barTime: number;
  readonly asOf: number;
  readonly state: RunState;
  readonly positions: readonly StoredPosition[];
  /** Orders still waiting after this iteration (replaces the stored pending set). */
  readonly pending: readonly PlannedOrder[];
  /** Pending orders that filled now. */
  readonly filledOrderIds: readonly string[];
  readonly fills: readonly { readonly fill: Fill; readonly clientOrderId: string | null }[];
  readonly trades: readonly ClosedTrade[];
  readonly equity: { readonly at: number; readonly cash: number; readonly equity: number };
  readonly decision: {
    readonly inputs: Readonly<Record<string, unknown>>;
    readonly signals: readonly unknown[];
    readonly verdicts: readonly BlockedSignal[];
    readonly orders: readonly PlannedOrder[];
    readonly notes: readonly { readonly kind: string; readonly content: string }[];
  };
  readonly transition: { readonly to: 'halted'; readonly reason: string } | null;
  readonly notifications: readonly NotificationDraft[];
}

export type IterationDecision =
  /** No bar newer than the last one decided: a data failure (see decideDataFailure). */
  | { readonly kind: 'no_new_bar'; readonly message: string }
  | { readonly kind: 'decided'; readonly outcome: IterationOutcome; readonly halted: boolean };

export function decideIteration(x: IterationInput): IterationDecision {
  const { runId, state } = x;
  const tfMs = TIMEFRAME_MS[x.config.timeframe];
  const universe = buildUniverse(x.series, x.series.map((_, k) => k < x.tradable));
  const t = universe.times.length - 1;
  const barTime = universe.times[t]!;
  if (state.lastBarTime !== null && barTime <= state.lastBarTime) {
    return { kind: 'no_new_bar', message: `no new bar since ${new Date(state.lastBarTime).toISOString()}` };
  }

  let breaker: BreakerState = state.breaker;
  const quality = Math.min(...x.series.slice(0, x.tradable).map((s) => assessDataQuality(s, tfMs, x.decideOn + tfMs, { calendar: x.calendar }).score));
  breaker = reduceBreaker(breaker, { kind: 'data_quality', score: quality, at: x.now });

  const engine = toEngineState(state, x.positions, x.config.startCash, x.killSwitch);
  const ctx = createPlannerContext(universe, {
    runKey: `run:${runId}`,
    strategy: x.strategy,
    timeframe: x.config.timeframe,
    rules: x.config.rules,
    gates: x.config.gates.limits,
    gatesMode: x.config.gates.mode,
    sizing: x.config.sizing,
    costs: x.config.costs,
    quant: x.config.quant,
  });
  const fills: FillOutcome[] = [];
  const trades: ClosedTrade[] = [];
  const blocked: BlockedSignal[] = [];
  const events: StepEvent[] = [];
  const decided: { plan: IterationPlan | null } = { plan: null };
  const stepped = stepBar(ctx, engine, t, x.pending, {
    fill: (fill, order, closed) => {
      fills.push({ fill, clientOrderId: order?.clientOrderId ?? null, closed });
      trades.push(...closed);
    },
    blocked: (b) => blocked.push(b),
    event: (e) => events.push(e),
    plan: (p) => {
      decided.plan = p;
    },
  }, x.mode, x.executions, x.protective);
  breaker = reduceBreaker(breaker, { kind: 'equity', equity: engine.equity, at: x.now });
  if (breaker.status !== 'open') breaker = reduceBreaker(breaker, { kind: 'success' });

  const halt = events.find((e) => e.kind === 'halt');
  const breakerTripped = state.breaker.status !== 'open' && breaker.status === 'open';
  // A run already halted stays halted: its drawdown or breaker may trip again while it manages its exits.
  const transition = x.halted ? null
    : halt !== undefined ? { to: 'halted' as const, reason: halt.message }
    : breakerTripped ? { to: 'halted' as const, reason: breaker.reason?.message ?? 'circuit breaker tripped' } : null;
  // A halted run keeps no entry waiting: it would fill at whatever open follows a human's resume, days later.
  const dropped = transition === null ? [] : stepped.filter((o) => o.intent === 'entry');
  const pending = dropped.length === 0 ? stepped : stepped.filter((o) => o.intent !== 'entry');
  const madePlan = decided.plan;
  const said = barNotifications({
    runId, barTime, run: x.runNumber, fills, pending: x.pending, blocked,
    evaluated: x.mode === 'trade' ? entriesEvaluated(madePlan, engine.book.holdings) : new Set(),
    halt: halt?.message ?? null, breaker: breakerTripped ? breaker : null, before: state,
  });
  const after = fromEngineState(engine, { ...state, breaker, lastBlocked: said.standing }, barTime);
  const missed = state.lastBarTime === null ? 0 : countBetween(universe.times, state.lastBarTime, barTime);
  const outcome: IterationOutcome = {
    barTime,
    asOf: x.now,
    state: after.state,
    positions: after.positions,
    pending,
    filledOrderIds: fills.flatMap((f) => (f.clientOrderId === null ? [] : [f.clientOrderId])),
    fills: fills.map(({ fill, clientOrderId }) => ({ fill, clientOrderId })),
    trades,
    equity: { at: barTime, cash: engine.book.cash, equity: engine.equity },
    decision: {
      inputs: { asOf: x.now, barClose: x.barClose, bars: lastBars(x.series, barTime), dataQuality: quality, ...(x.mode === 'trade' ? {} : { mode: x.mode }) },
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
        ? [{ eventType: 'run_summary' as const, dedupeKey: `${runId}:summary:day:${state.dayKey}`, payload: { run: x.runNumber, runId, reason: `day ${isoDate(state.dayKey)} closed` } }]
        : []),
    ],
  };
  return { kind: 'decided', outcome, halted: transition !== null };
}

/** What a run that got no usable bar at a close does: the failure fed to its circuit breaker, a halt when it trips. */
export interface DataFailureInput {
  readonly runId: string;
  readonly runNumber: number;
  readonly halted: boolean;
  readonly state: RunState;
  readonly positions: readonly StoredPosition[];
  readonly pending: readonly PlannedOrder[];
  /** The bar the close was for (its open time): recorded as decided, so it is not retried forever. */
  readonly barTime: number;
  readonly now: number;
  readonly message: string;
}

export function decideDataFailure(x: DataFailureInput): { readonly outcome: IterationOutcome; readonly tripped: boolean } {
  const breaker = reduceBreaker(x.state.breaker, { kind: 'failure', source: 'data', message: x.message, at: x.now });
  const tripped = x.state.breaker.status !== 'open' && breaker.status === 'open';
  const state: RunState = { ...x.state, breaker };
  return {
    tripped,
    outcome: {
      barTime: x.barTime,
      asOf: x.now,
      state,
      positions: x.positions,
      pending: tripped ? x.pending.filter((o) => o.intent !== 'entry') : x.pending,
      filledOrderIds: [],
      fills: [],
      trades: [],
      equity: { at: x.barTime, cash: state.cash, equity: state.equity },
      decision: { inputs: { asOf: x.now, error: x.message }, signals: [], verdicts: [], orders: [], notes: [{ kind: 'analysis', content: `data failure: ${x.message}` }] },
      transition: tripped && !x.halted ? { to: 'halted', reason: breaker.reason?.message ?? x.message } : null,
      notifications: tripped ? [breakerNote(x.runId, x.barTime, x.runNumber, breaker)] : [],
    },
  };
}

/** Symbols whose entry signal went through the planner's checks at this close (flat then: held ones are skipped). */
function entriesEvaluated(plan: IterationPlan | null, holdings: ReadonlyMap<string, number>): Set<string> {
  const out = new Set<string>();
  for (const s of plan?.signals ?? []) {
    if ((s.action === 'enter_long' || s.action === 'enter_short') && (holdings.get(s.symbol) ?? 0) === 0) out.add(s.symbol);
  }
  return out;
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
