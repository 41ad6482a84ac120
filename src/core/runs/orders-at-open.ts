/**
 * The orders a paper (or live) iteration sends its broker at the open of the bar its close ends: the run's pending
 * orders whose symbol prints at that bar, each sized exactly as the fill model sizes it there (percent sizing on the
 * equity at the open, the gates' caps with the fill price, exits first so their cash is there for the entries),
 * and the bar's opens (the market a paper broker fills against). The shell submits them and hands what the broker
 * did to `decideIteration` as its `executions`. Pure.
 */
import type { OrderSide, PlannedOrder } from '../domain/order.js';
import { fillPending, type FillContext } from '../engine/step.js';
import { buildUniverse } from '../engine/universe.js';
import type { IterationInput } from './decide-iteration.js';
import { toEngineState } from './state-mapping.js';

export interface OrderAtOpen {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly qty: number;
}

/** An order sized at a close for a real broker: what is sent, and the price it was sized at (the account gates'). */
export interface OrderAtClose extends OrderAtOpen {
  readonly intent: 'entry' | 'exit';
  readonly price: number;
}

export interface OrdersAtOpen {
  /** Open time of the bar (NaN when there is none). */
  readonly time: number;
  /** The open of every symbol that prints at `time`. */
  readonly opens: ReadonlyMap<string, number>;
  /** In the order they fill: exits first. */
  readonly orders: readonly OrderAtOpen[];
}

export function ordersAtOpen(x: IterationInput): OrdersAtOpen {
  const universe = buildUniverse(x.series, x.series.map((_, k) => k < x.tradable));
  const t = universe.times.length - 1;
  if (t < 0) return { time: Number.NaN, opens: new Map(), orders: [] };
  const time = universe.times[t]!;
  const opens = new Map<string, number>();
  universe.series.forEach((s, k) => {
    const i = universe.index[k]![t]!;
    if (i >= 0 && s.time[i] === time) opens.set(s.symbol, s.open[i]!);
  });
  if (x.state.lastBarTime !== null && time <= x.state.lastBarTime) return { time, opens, orders: [] };
  const fillable = x.mode === 'trade' ? x.pending : x.pending.filter((o) => o.intent === 'exit');
  const orders = dryFill(x, universe, t, fillable, 'open').orders.map(({ clientOrderId, symbol, side, qty }) => ({ clientOrderId, symbol, side, qty }));
  return { time, opens, orders };
}

/**
 * A dry run of the fill of `fillable` at bar t (at its opens, or its closes) on a copy of the run's book: what it would
 * fill is what the broker is asked; the orders whose symbol does not print at t wait.
 */
function dryFill(x: Pick<IterationInput, 'config' | 'state' | 'positions' | 'killSwitch'>, universe: ReturnType<typeof buildUniverse>, t: number,
  fillable: readonly PlannedOrder[], priceAt: 'open' | 'close'): { readonly orders: OrderAtClose[]; readonly waiting: readonly PlannedOrder[] } {
  const ctx: FillContext = {
    universe,
    symbolIndex: new Map(universe.symbols.map((s, k) => [s, k])),
    config: { costs: x.config.costs, gates: x.config.gates.limits, gatesMode: x.config.gates.mode },
    priceAt,
  };
  const orders: OrderAtClose[] = [];
  const waiting = fillPending(ctx, toEngineState(x.state, x.positions, x.config.startCash, x.killSwitch), t, fillable, {
    fill: (fill, order) => {
      if (order !== null) orders.push({ clientOrderId: order.clientOrderId, symbol: order.symbol, side: order.side, qty: fill.qty, intent: order.intent, price: fill.price });
    },
    blocked: () => undefined,
    event: () => undefined,
  });
  return { orders, waiting };
}

/**
 * The orders a run at a real broker sends after the close that decided them, for the next session's open: its pending
 * orders (`x.pending` as the decision left them) that `sendable` admits (not already at the broker), whose symbol
 * printed at this bar, each sized as the fill model would size it at a fill at this bar's close (percent sizing on
 * the equity at the close, the gates' caps at the close price, exits first). `x.state`/`x.positions` are the book
 * after the decision. What the next open then fills is what the book applies (the broker's executions). An order
 * the close sizes to nothing is listed apart (`sizedToNothing`): it is not sent, and the book drops it. Pure.
 */
export function ordersAtClose(x: Pick<IterationInput, 'series' | 'tradable' | 'config' | 'state' | 'positions' | 'pending' | 'killSwitch' | 'mode'>,
  sendable: (clientOrderId: string) => boolean): { readonly orders: OrderAtClose[]; readonly sizedToNothing: readonly string[] } {
  const universe = buildUniverse(x.series, x.series.map((_, k) => k < x.tradable));
  const t = universe.times.length - 1;
  if (t < 0) return { orders: [], sizedToNothing: [] };
  const fillable = x.pending.filter((o) => sendable(o.clientOrderId) && (x.mode === 'trade' || o.intent === 'exit'));
  const { orders, waiting } = dryFill(x, universe, t, fillable, 'close');
  // Neither sized nor waiting for their symbol's bar: sized to nothing (less than one unit, a cap at zero).
  const kept = new Set([...orders.map((o) => o.clientOrderId), ...waiting.map((o) => o.clientOrderId)]);
  return { orders, sizedToNothing: fillable.filter((o) => !kept.has(o.clientOrderId)).map((o) => o.clientOrderId) };
}
