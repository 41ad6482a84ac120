// A paper run replayed as it actually happened: only the bars it decided, each with the window of history its
// iteration loaded and in the mode it decided it (trading, or paused: exits only), under the rules in force then,
// with its status changes (a pause or halt cancels pending entries, a person's resume of a halted run lifts its
// drawdown halt) and its flattens. Where a decision of the replay leaves the run's own record (other bars, other
// orders), the divergence is kept so every differing trade can be explained.
import { barOpenFor } from '../../core/calendar/bar-schedule.js';
import { calendarForSymbol } from '../../core/calendar/calendar.js';
import { TIMEFRAME_MS, type BarSeries } from '../../core/domain/bar.js';
import type { PlannedOrder } from '../../core/domain/order.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { observationsPerYear } from '../../core/engine/annualisation.js';
import { createBlockedLog } from '../../core/engine/blocked-log.js';
import { flattenBook } from '../../core/engine/flatten.js';
import { computeMetrics } from '../../core/engine/metrics.js';
import { createPlannerContext, type IterationPlan, type PlannerContext } from '../../core/engine/plan.js';
import { createEngineState, type EngineState } from '../../core/engine/state.js';
import { buildUniverse } from '../../core/engine/universe.js';
import { activeRulesInOrder, type Rule } from '../../core/risk/rules.js';
import { bindStrategy, type BoundStrategy } from '../../core/strategies/registry.js';
import type { MarketData } from '../market-data/ports.js';
import type { EnginePass } from './engine.js';
import type { ReplaySetup } from './manifest.js';
import { stepBar, type StepSink } from '../../core/engine/step.js';
import { HOLDS_NO_ENTRY, liftsHalt, type RunTimeline } from './timeline.js';
import { iterationWindowStart } from '../runs/iteration-window.js';
import type { JournalDecision, JournalTransition } from '../runs/journal.js';

export interface PaperPassInput {
  readonly market: MarketData;
  readonly setup: ReplaySetup;
  readonly timeline: RunTimeline;
  /** How each order the run planned ended (a pending entry the run kept through a pause is kept here too). */
  readonly orderStatus: ReadonlyMap<string, string>;
  /** The run's own order key (`run:<id>`), so planned orders carry the client order ids the run's record has. */
  readonly runKey: string;
  /** One per pass (baseline first, then each variant): its change made to whatever rules were in force then. */
  readonly passes: readonly RulesFor[];
}

export type RulesFor = (rules: readonly Rule[]) => readonly Rule[];

type Decided = Extract<JournalDecision, { kind: 'decided' }>;
const iso = (ms: number): string => new Date(ms).toISOString();
const idsText = (ids: readonly string[]): string => (ids.length === 0 ? 'nothing' : ids.map((id) => id.split(':').slice(-2).join(' ')).join(', '));

/** Everything the pass needs loaded once: each symbol's bars from the first window's start to the last event. */
async function loadSeries(input: PaperPassInput, strategy: BoundStrategy, decideOn: (d: Decided) => number): Promise<Result<BarSeries[]>> {
  const { setup: s, timeline } = input;
  const tfMs = TIMEFRAME_MS[s.timeframe];
  const decided = timeline.events.flatMap((e) => (e.kind === 'decision' && e.decision.kind === 'decided' ? [e.decision] : []));
  const flattens = timeline.events.flatMap((e) => (e.kind === 'decision' && e.decision.kind === 'flatten' ? [e.at - tfMs] : []));
  if (decided.length === 0) return fail('data.range', 'the run decided no bar by then');
  const from = iterationWindowStart(decideOn(decided[0]!), strategy.minBars, s.timeframe);
  const to = Math.max(...decided.map(decideOn), ...flattens);
  const series: BarSeries[] = [];
  for (const symbol of [...s.symbols, ...strategy.dataSymbols.filter((x) => !s.symbols.includes(x))]) {
    const bars = await input.market.getBars({ symbol, timeframe: s.timeframe, from, to });
    if (!bars.ok) return bars;
    series.push(bars.value);
  }
  return ok(series);
}

/** Index of the last bar with time <= t, or -1. */
function lastAtOrBefore(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (time[mid]! <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The bars of `s` in [from, to], sharing its arrays. */
function slice(s: BarSeries, from: number, to: number): BarSeries {
  const lo = lastAtOrBefore(s.time, from - 1) + 1;
  const hi = lastAtOrBefore(s.time, to) + 1;
  const sub = (a: Float64Array) => a.subarray(lo, Math.max(lo, hi));
  return { symbol: s.symbol, timeframe: s.timeframe, length: Math.max(0, hi - lo), time: sub(s.time), open: sub(s.open), high: sub(s.high), low: sub(s.low), close: sub(s.close), volume: sub(s.volume) };
}

/** One pass's own state: its rules (the run's at that point, with the pass's change), book, pending orders, curve. */
class Lane {
  readonly state: EngineState;
  rules: readonly Rule[];
  pending: PlannedOrder[] = [];
  readonly blocked = createBlockedLog();
  readonly curveTime: number[] = [];
  readonly curveEquity: number[] = [];
  readonly divergences: { time: number; why: string }[] = [];
  exposedBars = 0;

  constructor(readonly rulesFor: RulesFor, startCash: number, initial: readonly Rule[]) {
    this.state = createEngineState(startCash);
    this.rules = rulesFor(initial);
  }

  mark(time: number): void {
    this.curveTime.push(time);
    this.curveEquity.push(this.state.equity);
    if (this.state.book.open.length > 0) this.exposedBars++;
  }
}

/**
 * The baseline and every variant in one sweep over the run's history: each decided bar's window is loaded and
 * prepared once (the strategy's indicators, ATR) and every pass steps it under its own rules and book.
 */
export async function runPaperPasses(input: PaperPassInput): Promise<Result<EnginePass[]>> {
  const { setup: s, timeline } = input;
  const strategy = bindStrategy(s.strategyId, { ...s.params });
  if (!strategy.ok) return strategy;
  const calendar = calendarForSymbol(s.symbols[0]!, { simulated: s.data.kind === 'source' && s.data.source === 'sim' });
  const tfMs = TIMEFRAME_MS[s.timeframe];
  const decideOn = (d: Decided): number => {
    if (d.barClose === null) return d.barTime;
    try {
      return barOpenFor(calendar, s.timeframe, d.barClose);
    } catch {
      return d.barTime; // not a close of today's calendar for this run: the bar it decided is the best bound
    }
  };
  const loaded = await loadSeries(input, strategy.value, decideOn);
  if (!loaded.ok) return loaded;
  const series = loaded.value;
  const tradable = series.map((_, k) => k < s.symbols.length);
  const lanes = input.passes.map((rulesFor) => new Lane(rulesFor, s.startCash, timeline.initialRules.rules));
  let step = 0;
  let firstBar = Number.NaN;
  let lastBar = Number.NaN;

  for (const event of timeline.events) {
    if (event.kind === 'rules') {
      for (const lane of lanes) lane.rules = lane.rulesFor(event.set.rules);
      continue;
    }
    if (event.kind === 'transition') {
      for (const lane of lanes) moved(lane, event.transition, input.orderStatus);
      continue;
    }
    const d = event.decision;
    if (d.kind === 'data_failure') continue;
    if (d.kind === 'flatten') {
      for (const lane of lanes) {
        flatten(lane.state, series, event.at, tfMs, s.costs, input.runKey);
        lane.pending = [];
        lane.mark(event.at);
      }
      continue;
    }
    const bound = decideOn(d);
    const universe = buildUniverse(series.map((x) => slice(x, iterationWindowStart(bound, strategy.value.minBars, s.timeframe), bound)), tradable);
    const t = universe.times.length - 1;
    if (t < 0) {
      for (const lane of lanes) lane.divergences.push({ time: d.barTime, why: `the run decided bar ${iso(d.barTime)} but no bar up to it can be loaded now` });
      continue;
    }
    const prepared = createPlannerContext(universe, {
      runKey: input.runKey, strategy: strategy.value, timeframe: s.timeframe, rules: [], gates: s.gates, gatesMode: s.gatesMode, sizing: s.sizing, costs: s.costs, quant: s.quant,
    });
    const time = universe.times[t]!;
    for (const lane of lanes) {
      const ctx: PlannerContext = { ...prepared, config: { ...prepared.config, rules: lane.rules }, rules: activeRulesInOrder(lane.rules) };
      lane.state.killSwitch = d.killSwitch ? 'kill switch on at this bar (as recorded)' : null;
      let plan: IterationPlan | null = null;
      const sink: StepSink = {
        fill: () => undefined,
        blocked: (b, local) => lane.blocked.add(b, step - (t - local)),
        event: () => undefined,
        plan: (p) => {
          plan = p;
        },
      };
      lane.pending = stepBar(ctx, lane.state, t, lane.pending, sink, d.mode);
      const why = divergence(d, time, series, bound, plan);
      if (why !== null) lane.divergences.push({ time: d.barTime, why });
      lane.mark(time);
    }
    if (Number.isNaN(firstBar)) firstBar = time;
    lastBar = time;
    step++;
  }
  if (Number.isNaN(firstBar)) return fail('data.range', 'the run decided no bar that can be replayed');
  return ok(lanes.map((lane) => {
    const curve = { time: Float64Array.from(lane.curveTime), equity: Float64Array.from(lane.curveEquity) };
    const metrics = computeMetrics({
      curve, trades: lane.state.book.trades, startEquity: s.startCash, exposedBars: lane.exposedBars, blocked: lane.blocked.records,
      periodsPerYear: observationsPerYear(calendar, s.timeframe, curve.time),
    });
    return {
      trades: lane.state.book.trades, metrics, blocked: lane.blocked.records, strategyVersion: strategy.value.version, bars: step, firstBar, lastBar,
      lastTime: lane.curveTime[lane.curveTime.length - 1]!, divergences: lane.divergences,
    };
  }));
}

/** A status change: a pause or halt cancels pending entries, a person's resume of a halted run lifts its halt. */
function moved(lane: Lane, t: JournalTransition, orderStatus: ReadonlyMap<string, string>): void {
  // A pending entry the run itself kept through the move (a version that did not cancel them) is kept too.
  if (HOLDS_NO_ENTRY.has(t.to)) lane.pending = lane.pending.filter((o) => o.intent === 'exit' || keptByRun(orderStatus.get(o.clientOrderId)));
  if (liftsHalt(t)) {
    lane.state.entriesHalted = null;
    lane.state.peakEquity = lane.state.equity;
  }
}

/** An order status that says the run kept the order past a pause or halt (it filled later, or still waits). */
const keptByRun = (status: string | undefined): boolean => status === 'filled' || status === 'partially_filled' || status === 'submitted';

/** Equal up to the last digits a decision record's JSON may have lost on the way through the database. */
const sameNumber = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));

/** Why this replayed bar is not the one the run decided, or null when bars and orders agree with its record. */
function divergence(d: Decided, barTime: number, series: readonly BarSeries[], bound: number, plan: IterationPlan | null): string | null {
  if (barTime !== d.barTime) return `the run decided bar ${iso(d.barTime)}, the data now ends at ${iso(barTime)} there`;
  for (const s of series) {
    const seen = d.bars.get(s.symbol);
    const i = lastAtOrBefore(s.time, bound);
    if (seen === undefined || i < 0) continue;
    if (s.time[i] !== seen.time || !sameNumber(s.close[i]!, seen.close)) {
      return `the bars changed since the run saw them: ${s.symbol} closed ${seen.close} at ${iso(seen.time)} then, ${s.close[i]} at ${iso(s.time[i]!)} now`;
    }
  }
  const planned = ((plan as IterationPlan | null)?.orders ?? []).map((o) => o.clientOrderId);
  const same = planned.length === d.orders.length && planned.every((id) => d.orders.includes(id));
  return same ? null : `at bar ${iso(d.barTime)} the run ordered ${idsText(d.orders)}, the replay ${idsText(planned)}`;
}

/**
 * `/run stop flatten:true` at `at`, priced as src/app/runs/flatten.ts prices it: the close of each symbol's latest
 * bar at or before `at` minus one bar.
 */
function flatten(state: EngineState, series: readonly BarSeries[], at: number, tfMs: number, costs: ReplaySetup['costs'], runKey: string): void {
  const lastClose = (symbol: string): number | undefined => {
    const s = series.find((x) => x.symbol === symbol);
    const i = s === undefined ? -1 : lastAtOrBefore(s.time, at - tfMs);
    return i >= 0 ? s!.close[i]! : undefined;
  };
  flattenBook(state, lastClose, at, runKey, costs);
}
