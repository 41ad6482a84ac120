import type { Fill, PlannedOrder } from '../domain/order.js';
import { haltedVerdict, maxDrawdownVerdict } from '../risk/gates.js';
import { checkIntrabarExit, checkShadowExits, fillAtOpen, fillIntrabarExit, updateExtreme } from './fill-model.js';
import { planIteration, type BarMode, type IterationPlan, type PlannerContext } from './plan.js';
import { observeEquity, recordClosedTrade, type EngineState } from './state.js';
import type { BlockedSignal, ClosedTrade } from './report.js';

/** How a bar is decided (`trade`, or `exits_only` for a paused paper run): see BarMode in plan.ts. */
export type { BarMode };

export interface StepEvent {
  readonly time: number;
  readonly kind: 'halt' | 'strategy_failed' | 'entry_cancelled';
  readonly message: string;
}

/** Where one bar's outcomes go: the backtester collects them, the paper broker persists them. */
export interface StepSink {
  /** A fill was applied to the book (`order` is null for an intrabar stop/target/trailing exit). */
  fill(fill: Fill, order: PlannedOrder | null, trades: readonly ClosedTrade[]): void;
  blocked(b: BlockedSignal, t: number): void;
  event(e: StepEvent): void;
  /** The plan decided at this bar's close (null plans are not reported). */
  plan(plan: IterationPlan): void;
}

/**
 * One bar of the pipeline shared by backtest, paper and live: pending market orders fill at this bar's open ->
 * protective exits are checked intrabar -> positions are marked at the close (peak, day start, drawdown halt) ->
 * planIteration at the close. Returns the orders pending after this bar (those still waiting for their symbol's
 * next bar, plus the new ones).
 */
export function stepBar(ctx: PlannerContext, state: EngineState, t: number, pending: readonly PlannedOrder[], sink: StepSink, mode: BarMode = 'trade'): PlannedOrder[] {
  const { universe, config } = ctx;
  const { series, index, times } = universe;
  const time = times[t]!;
  const book = state.book;
  const fillable = mode === 'trade' ? pending : dropEntries(pending, time, sink);
  let next: PlannedOrder[] = fillable.length > 0 ? fillPending(ctx, state, t, fillable, sink) : [];

  const open = book.open;
  // Backwards, so an exit removing open[j] leaves the positions still to visit in place.
  for (let j = open.length - 1; j >= 0; j--) {
    const p = open[j]!;
    const k = p.slot >= 0 ? p.slot : (p.slot = ctx.symbolIndex.get(p.symbol)!);
    const i = index[k]![t]!;
    const s = series[k]!;
    if (i < 0 || s.time[i] !== time) continue;
    if (p.shadowExits.length > 0) {
      const hits = checkShadowExits(p, s.open[i]!, s.high[i]!, s.low[i]!);
      if (hits !== null) {
        for (const h of hits) sink.blocked({ time, symbol: p.symbol, by: h.by, reason: h.message, observed: h.price, limit: h.level, shadow: true }, t);
      }
    }
    const exit = checkIntrabarExit(p, s.open[i]!, s.high[i]!, s.low[i]!);
    if (exit !== null) {
      const out = fillIntrabarExit(book, p, exit, time, config.runKey, config.costs);
      if (out !== null) {
        for (const tr of out.trades) recordClosedTrade(state, tr);
        sink.fill(out.fill, null, out.trades);
      }
      continue;
    }
    updateExtreme(p, s.high[i]!, s.low[i]!);
    p.barsHeld++;
    p.lastPrice = s.close[i]!;
  }

  let eq = book.cash;
  for (let j = 0; j < open.length; j++) eq += open[j]!.qty * open[j]!.lastPrice;
  if (observeEquity(state, eq, time, config.gates.maxDrawdownPct) && config.gatesMode === 'enforce') {
    const v = maxDrawdownVerdict(eq, state.peakEquity, config.gates)!;
    state.entriesHalted = haltedVerdict(v);
    sink.event({ time, kind: 'halt', message: v.message });
  }

  const plan = planIteration(ctx, state, t, mode);
  if (plan === null) return next;
  sink.plan(plan);
  if (plan.error !== null) sink.event({ time, kind: 'strategy_failed', message: plan.error.message });
  for (const b of plan.blocked) sink.blocked(b, t);
  if (plan.orders.length > 0) next = next.length === 0 ? [...plan.orders] : [...next, ...plan.orders];
  return next;
}

function dropEntries(pending: readonly PlannedOrder[], time: number, sink: StepSink): readonly PlannedOrder[] {
  const kept: PlannedOrder[] = [];
  for (const o of pending) {
    if (o.intent === 'exit') kept.push(o);
    else sink.event({ time, kind: 'entry_cancelled', message: `cancelled the pending entry ${o.side} ${o.symbol} (${o.reason}): the run is paused` });
  }
  return kept;
}

function fillPending(ctx: PlannerContext, state: EngineState, t: number, pending: readonly PlannedOrder[], sink: StepSink): PlannedOrder[] {
  const u = ctx.universe;
  const config = ctx.config;
  const time = u.times[t]!;
  const book = state.book;
  // Equity at this open: positions marked at their symbol's open when it prints now.
  let equityAtOpen = book.cash;
  for (const p of book.open) {
    const k = ctx.symbolIndex.get(p.symbol)!;
    const i = u.index[k]![t]!;
    const s = u.series[k]!;
    equityAtOpen += p.qty * (i >= 0 && s.time[i] === time ? s.open[i]! : p.lastPrice);
  }
  const gates = { mode: config.gatesMode, minCashReservePct: config.gates.minCashReservePct };
  const waiting: PlannedOrder[] = [];
  // Exits first so their cash is available to entries filling at the same open.
  const ordered = pending.length > 1 ? [...pending].sort((a, b) => (a.intent === b.intent ? 0 : a.intent === 'exit' ? -1 : 1)) : pending;
  for (const order of ordered) {
    const k = ctx.symbolIndex.get(order.symbol)!;
    const i = u.index[k]![t]!;
    const s = u.series[k]!;
    if (i < 0 || s.time[i] !== time) {
      waiting.push(order);
      continue;
    }
    const out = fillAtOpen(book, order, { time, open: s.open[i]! }, equityAtOpen, config.costs, gates);
    for (const tr of out.trades) recordClosedTrade(state, tr);
    if (out.fill !== null) sink.fill(out.fill, order, out.trades);
    for (const v of out.verdicts) {
      if (v.action === 'qty_capped') continue;
      // A quantity fixed at plan time had its shadow caps reported then; do not count them twice.
      if (v.action === 'reported' && order.sizing.kind === 'qty') continue;
      sink.blocked({ time: order.barTime, symbol: order.symbol, by: v.by, reason: v.message, observed: v.observed, limit: v.limit, shadow: v.action === 'reported' }, t - 1);
    }
    const p = book.positions.get(order.symbol);
    if (p !== undefined) p.lastPrice = s.open[i]!;
  }
  return waiting;
}
