import type { Executions, OrderExecution, OrderSide } from '../../core/domain/order.js';
import { ok, type Result } from '../../core/domain/result.js';
import type { IterationInput } from '../../core/runs/decide-iteration.js';
import { ordersAtOpen } from '../../core/runs/orders-at-open.js';
import type { Broker, BrokerFill, BrokerOrder, OrderRequest } from '../broker/ports.js';
import type { BrokerFactory } from './ports.js';
import type { RunSnapshot } from './model.js';

/**
 * The execution step of a paper (or live) iteration: the run's pending orders that fill at the open of the bar its
 * close ends, sized by core (`ordersAtOpen`), are submitted to the run's broker under their client order ids, exits
 * first; what the broker did with each is read back from the order it answers. Submitting is idempotent, so a retry
 * after a crash submits the same orders again and gets the same orders back. The book applies the executions in
 * `decideIteration`. An order the broker has not finished (a real broker filling later) has no execution: it waits.
 */
export async function executeAtOpen(brokerFor: BrokerFactory, snap: RunSnapshot, input: IterationInput): Promise<Result<Executions>> {
  const bar = ordersAtOpen(input);
  if (bar.orders.length === 0) return ok(new Map());
  const broker = brokerFor(snap, bar);
  if (!broker.ok) return broker;
  return submitOrders(broker.value, bar.orders);
}

/**
 * Submits `orders` to `broker` in order, under their client order ids (idempotent: a retry gets the same orders
 * back), and reads what it did with each: the finished ones by client order id; one it has not finished is left out.
 */
export async function submitOrders(broker: Broker, orders: readonly OrderRequest[]): Promise<Result<Executions>> {
  const done = new Map<string, OrderExecution>();
  for (const { clientOrderId, symbol, side, qty } of orders) {
    const order = await broker.submit({ clientOrderId, symbol, side, qty });
    if (!order.ok) return order;
    const execution = executionOf(order.value);
    if (execution !== null) done.set(clientOrderId, execution);
  }
  return ok(done);
}

/** A finished order as the book applies it: its fills summed (one fill: exactly its price), or the refusal. */
export function executionOf(order: BrokerOrder): OrderExecution | null {
  if (order.status === 'rejected' || order.status === 'cancelled') return { kind: 'refused', reason: order.reason ?? order.status };
  if (order.status !== 'filled') return null;
  const { qty, price, commission } = sumFills(order.fills);
  return { kind: 'filled', qty, price: price!, commission };
}

/** The cash an order's fills move, as a book applies them (core: cash -= signed x price + commission). */
export function cashOfFills(side: OrderSide, fills: readonly BrokerFill[]): number {
  const sign = side === 'buy' ? 1 : -1;
  return fills.reduce((sum, f) => sum - sign * f.qty * f.price - f.commission, 0);
}

/** An order's fills summed: quantity, average price (one fill: exactly its price; none: null) and commission. */
export function sumFills(fills: readonly BrokerFill[]): { readonly qty: number; readonly price: number | null; readonly commission: number } {
  let qty = 0;
  let notional = 0;
  let commission = 0;
  for (const f of fills) {
    qty += f.qty;
    notional += f.qty * f.price;
    commission += f.commission;
  }
  return { qty, price: fills.length === 1 ? fills[0]!.price : qty > 0 ? notional / qty : null, commission };
}
