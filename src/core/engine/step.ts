import { clientOrderId, NO_PROTECTION, type Executions, type Fill, type PlannedOrder } from '../domain/order.js';
import { haltedVerdict, maxDrawdownVerdict, type GatesMode } from '../risk/gates.js';
import type { CostConfig, EngineConfig } from './config.js';
import {
  applyOrderFill, checkIntrabarExit, checkShadowExits, fillAtOpen, fillIntrabarExit, orderFill, sizeAtOpen, updateExtreme,
  type FillOutcome, type IntrabarExit, type OpenBar,
} from './fill-model.js';
import { planIteration, type BarMode, type IterationPlan, type PlannerContext } from './plan.js';
import { observeEquity, recordClosedTrade, type EngineState } from './state.js';
import type { BlockedSignal, ClosedTrade } from './report.js';

/** How a bar is decided (`trade`, or `exits_only` for a paused paper run): see BarMode in plan.ts. */
export type { BarMode };

export interface StepEvent {
  readonly time: number;
  readonly kind: 'halt' | 'strategy_failed' | 'entry_cancelled' | 'order_refused' | 'protective_exit';
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
 * Where a position's stop, trailing stop and take-profit are enforced: `intrabar` (the fill model: at the level, or at
 * the open when the bar gapped through it; backtests and the internal paper broker), or `close` (a real broker: the
 * desk sees the bar only once it has closed, so a bar that traded through a level makes a market order that closes
 * the position at the next open, whatever that open is).
 */
export type ProtectiveExits = 'intrabar' | 'close';

/**
 * One bar of the pipeline shared by backtest, paper and live: pending market orders fill at this bar's open ->
 * protective exits are checked intrabar -> positions are marked at the close (peak, day start, drawdown halt) ->
 * planIteration at the close. Returns the orders pending after this bar (those still waiting for their symbol's
 * next bar, plus the new ones). `executions` (a paper or live run: what its broker did with the pending orders at
 * this open) replace the fill model's own fills at the open: see `fillPending`. `protective`: see ProtectiveExits.
 */
export function stepBar(ctx: PlannerContext, state: EngineState, t: number, pending: readonly PlannedOrder[], sink: StepSink,
  mode: BarMode = 'trade', executions?: Executions, protective: ProtectiveExits = 'intrabar'): PlannedOrder[] {
  const { universe, config } = ctx;
  const { series, index, times } = universe;
  const time = times[t]!;
  const book = state.book;
  const fillable = mode === 'trade' ? pending : dropEntries(pending, time, sink);
  let next: PlannedOrder[] = fillable.length > 0 ? fillPending(ctx, state, t, fillable, sink, executions) : [];

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
    if (exit !== null && protective === 'close') {
      // One closing order per position: none while an exit for it is still pending.
      if (!next.some((o) => o.intent === 'exit' && o.symbol === p.symbol)) {
        next = [...next, protectiveExitOrder(config.runKey, time, p.symbol, p.qty > 0, exit)];
        sink.event({ time, kind: 'protective_exit', message: `${exit.reason.replace('_', ' ')} ${p.symbol}: the bar traded through ${exit.price}; a market order closes it at the next open` });
      }
    } else if (exit !== null) {
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
  // At a real broker a position may still have its closing order pending (a protective exit at the close, or one the
  // broker has not finished): the plan does not add a second.
  const orders = protective === 'close' && next.length > 0
    ? plan.orders.filter((o) => !(o.intent === 'exit' && next.some((n) => n.intent === 'exit' && n.symbol === o.symbol)))
    : plan.orders;
  if (orders.length > 0) next = next.length === 0 ? [...orders] : [...next, ...orders];
  return next;
}

/** The market order closing a position whose stop, trailing stop or target the bar traded through (ProtectiveExits `close`). */
function protectiveExitOrder(runKey: string, barTime: number, symbol: string, long: boolean, exit: IntrabarExit): PlannedOrder {
  return {
    clientOrderId: clientOrderId(runKey, barTime, symbol, exit.reason),
    symbol,
    side: long ? 'sell' : 'buy',
    intent: 'exit',
    positionSide: long ? 'long' : 'short',
    sizing: { kind: 'close' },
    confidence: 1,
    reason: `${exit.reason.replace('_', ' ')} at ${exit.price}`,
    exitReason: exit.reason,
    protection: NO_PROTECTION,
    caps: null,
    barTime,
  };
}

function dropEntries(pending: readonly PlannedOrder[], time: number, sink: StepSink): readonly PlannedOrder[] {
  const kept: PlannedOrder[] = [];
  for (const o of pending) {
    if (o.intent === 'exit') kept.push(o);
    else sink.event({ time, kind: 'entry_cancelled', message: `cancelled the pending entry ${o.side} ${o.symbol} (${o.reason}): the run is paused` });
  }
  return kept;
}

/** What filling pending orders at an open needs: the bars, and the costs and gates of the run. */
export interface FillContext {
  readonly universe: PlannerContext['universe'];
  readonly symbolIndex: ReadonlyMap<string, number>;
  readonly config: Pick<EngineConfig, 'costs' | 'gates' | 'gatesMode'>;
  /**
   * The price orders are sized at: the bar's open (default: they fill there), or its close (a real broker's orders
   * are sized at the close that decided them and sent for the next open; see orders-at-open.ts).
   */
  readonly priceAt?: 'open' | 'close';
}

/**
 * Pending orders at the open of bar t: those whose symbol prints now fill (exits first, so their cash is there for
 * the entries), the others keep waiting (returned). Without `executions` the fill model fills them; with them, each
 * order is still sized here (its gate verdicts, and an order sized to nothing is dropped as always) but the broker's
 * execution is what the book applies: a refused order is dropped with a note, one the broker has not finished waits.
 */
export function fillPending(ctx: FillContext, state: EngineState, t: number, pending: readonly PlannedOrder[],
  sink: Pick<StepSink, 'fill' | 'blocked' | 'event'>, executions?: Executions): PlannedOrder[] {
  const u = ctx.universe;
  const config = ctx.config;
  const time = u.times[t]!;
  const book = state.book;
  const atClose = ctx.priceAt === 'close';
  // Equity at this open: positions marked at their symbol's open when it prints now.
  let equityAtOpen = book.cash;
  for (const p of book.open) {
    const k = ctx.symbolIndex.get(p.symbol)!;
    const i = u.index[k]![t]!;
    const s = u.series[k]!;
    equityAtOpen += p.qty * (i >= 0 && s.time[i] === time ? (atClose ? s.close[i]! : s.open[i]!) : p.lastPrice);
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
    const bar = { time, open: atClose ? s.close[i]! : s.open[i]! };
    const out = executions === undefined ? fillAtOpen(book, order, bar, equityAtOpen, config.costs, gates)
      : fillByBroker(book, order, bar, equityAtOpen, config.costs, gates, executions, sink);
    if (out === null) {
      waiting.push(order);
      continue;
    }
    for (const tr of out.trades) recordClosedTrade(state, tr);
    if (out.fill !== null) sink.fill(out.fill, order, out.trades);
    for (const v of out.verdicts) {
      if (v.action === 'qty_capped') continue;
      // A quantity fixed at plan time had its shadow caps reported then; do not count them twice.
      if (v.action === 'reported' && order.sizing.kind === 'qty') continue;
      sink.blocked({ time: order.barTime, symbol: order.symbol, by: v.by, reason: v.message, observed: v.observed, limit: v.limit, shadow: v.action === 'reported' }, t - 1);
    }
    const p = book.positions.get(order.symbol);
    if (p !== undefined) p.lastPrice = bar.open;
  }
  return waiting;
}

/** An order filled as its broker executed it (null: the broker has not finished it, it keeps waiting). */
function fillByBroker(book: EngineState['book'], order: PlannedOrder, bar: OpenBar, equityAtOpen: number, costs: CostConfig,
  gates: { mode: GatesMode; minCashReservePct: number }, executions: Executions, sink: Pick<StepSink, 'event'>): FillOutcome | null {
  const sized = sizeAtOpen(book, order, bar, equityAtOpen, costs, gates);
  const done = executions.get(order.clientOrderId);
  // What the broker filled is applied whatever this open would size it at (a real broker's order was sized at the
  // close before it); an order this open sizes to nothing and the broker never executed is dropped as always.
  if (!(sized.qty > 0) && done?.kind !== 'filled') return { fill: null, trades: [], verdicts: sized.verdicts };
  if (done === undefined) return null;
  if (done.kind === 'refused') {
    sink.event({ time: bar.time, kind: 'order_refused', message: `the broker refused ${order.side} ${done.qty ?? sized.qty} ${order.symbol} (${order.reason}): ${done.reason}` });
    return { fill: null, trades: [], verdicts: sized.verdicts };
  }
  if (done.unfilled !== undefined) {
    sink.event({ time: bar.time, kind: 'order_refused', message: `the broker filled ${done.qty} of ${done.qty + done.unfilled.qty} ${order.symbol} (${order.side}, ${order.reason}); the rest ended: ${done.unfilled.reason}` });
  }
  const fill = orderFill(order, done.qty, done.price, done.commission, bar.time);
  const applied = applyOrderFill(book, order, fill);
  return { fill: applied.ok ? fill : null, trades: applied.ok ? applied.value : [], verdicts: sized.verdicts };
}
