/**
 * The paper broker: a simulated broker whose account is one paper run's book (its cash and positions; each paper run
 * is its own account). It fills market orders with the fill model the backtester uses (`slippedPrice`: the open
 * moved against the order by the slippage; `commissionOf`: rate x notional; src/core/engine/fill-model.ts), so a
 * paper run and a backtest on the same bars fill identically to the cent.
 *
 * The market it fills against is told by its owner, bar by bar: `open(time, opens)` (paper-only, outside the port)
 * says which symbols print at `time` and at what open. An order fills at its symbol's open at once when the market is
 * at a bar where that symbol prints, else at the first later `open` that has it (orders waiting for the same open
 * fill in the order they were submitted). A paper run's iteration builds one over the run's stored book for the bar
 * its close ends (`paperBrokerFor`): nothing outlives the iteration, so after a crash the orders are simply submitted
 * again to a fresh one, and the book the iteration commits is the account.
 *
 * Buying power is the cash: a buy that opens or adds to a long must be paid from it, fill and commission, or the
 * order is `rejected` with the reason when it would fill. Sells, and buys that cover a short, always go through;
 * shorts are not margin-checked (the run's gates cap them). No partial fills: every update sequence is `accepted`,
 * then `filled`, `cancelled` or `rejected`.
 */
import type { BarOpens, Broker, BrokerAccount, BrokerFill, BrokerOrder, BrokerPosition, CashActivities, OrderRequest, OrderUpdate } from '../../app/broker/ports.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import type { CostConfig } from '../../core/engine/config.js';
import type { BrokerFactory } from '../../app/runs/ports.js';
import { commissionOf, slippedPrice } from '../../core/engine/fill-model.js';

export interface PaperPosition {
  readonly symbol: string;
  /** Signed: negative = short. */
  readonly qty: number;
  readonly avgPrice: number;
  /** The last price it was marked at (the account's equity uses it until its symbol opens). */
  readonly lastPrice: number;
}

export interface PaperAccount {
  readonly cash: number;
  readonly positions: readonly PaperPosition[];
}

export interface PaperBroker extends Broker {
  /** The market is at the bar opening at `time`: positions are marked at `opens`, waiting orders for those symbols fill. */
  open(time: number, opens: ReadonlyMap<string, number>): void;
}

/** A run's broker at one bar: its book as the account, the bar's opens as the market. */
export const paperBrokerFor: BrokerFactory = (run, bar: BarOpens) => {
  const broker = createPaperBroker({ cash: run.state.cash, positions: run.positions }, run.run.manifest.costs);
  broker.open(bar.time, bar.opens);
  return ok(broker);
};

/** Cash is compared with a relative tolerance: the gates size a buy to the cash with the same numbers in another order. */
const CASH_EPSILON = 1e-9;

export function createPaperBroker(start: PaperAccount, costs: CostConfig): PaperBroker {
  return new SimulatedAccount(start, costs);
}

class SimulatedAccount implements PaperBroker {
  readonly capabilities = { partialFills: false };
  private cash: number;
  private readonly held: Map<string, PaperPosition>;
  private readonly orders = new Map<string, BrokerOrder>();
  /** Accepted orders waiting for their symbol's open, in submission order. */
  private readonly waiting: string[] = [];
  private readonly listeners = new Set<(u: OrderUpdate) => void>();
  private market: BarOpens = { time: Number.NaN, opens: new Map() };

  constructor(start: PaperAccount, private readonly costs: CostConfig) {
    this.cash = start.cash;
    this.held = new Map(start.positions.map((p) => [p.symbol, p]));
  }

  async submit(request: OrderRequest): Promise<Result<BrokerOrder>> {
    const known = this.orders.get(request.clientOrderId);
    if (known !== undefined) return ok(known);
    if (!(request.qty > 0) || !Number.isFinite(request.qty) || request.symbol === '') {
      return fail('broker.invalid_order', `order ${request.clientOrderId}: the quantity must be positive and the symbol set`);
    }
    const { clientOrderId, symbol, side, qty } = request;
    const accepted = this.update({ clientOrderId, symbol, side, qty, status: 'accepted', filledQty: 0, fills: [], reason: null });
    const open = this.market.opens.get(symbol);
    if (open !== undefined) return ok(this.execute(accepted, open));
    this.waiting.push(clientOrderId);
    return ok(accepted);
  }

  async cancel(clientOrderId: string, reason?: string): Promise<Result<BrokerOrder>> {
    const order = this.orders.get(clientOrderId);
    if (order === undefined) return fail('broker.order_not_found', `order ${clientOrderId} is unknown to the paper broker`);
    if (order.status !== 'accepted') return fail('broker.not_cancellable', `order ${clientOrderId} is ${order.status}: it can no longer be cancelled`);
    this.waiting.splice(this.waiting.indexOf(clientOrderId), 1);
    return ok(this.update({ ...order, status: 'cancelled', reason: reason ?? 'cancelled on request' }));
  }

  async getOrder(clientOrderId: string): Promise<Result<BrokerOrder | null>> {
    return ok(this.orders.get(clientOrderId) ?? null);
  }

  async positions(): Promise<Result<readonly BrokerPosition[]>> {
    const sorted = [...this.held.values()].sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
    return ok(sorted.map(({ symbol, qty, avgPrice }) => ({ symbol, qty, avgPrice })));
  }

  /** The simulated account's cash moves only by fills: it lists no cash activities. */
  async cashActivities(): Promise<Result<CashActivities>> {
    return ok({ activities: [], cursor: null });
  }

  async account(): Promise<Result<BrokerAccount>> {
    let equity = this.cash;
    for (const p of this.held.values()) equity += p.qty * p.lastPrice;
    return ok({ cash: this.cash, buyingPower: Math.max(0, this.cash), equity });
  }

  onOrderUpdate(listener: (u: OrderUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  open(time: number, opens: ReadonlyMap<string, number>): void {
    this.market = { time, opens };
    for (const [symbol, p] of this.held) {
      const open = opens.get(symbol);
      if (open !== undefined) this.held.set(symbol, { ...p, lastPrice: open });
    }
    const ready = this.waiting.filter((id) => opens.has(this.orders.get(id)!.symbol));
    for (const id of ready) {
      this.waiting.splice(this.waiting.indexOf(id), 1);
      const order = this.orders.get(id)!;
      this.execute(order, opens.get(order.symbol)!);
    }
  }

  /** Fills `order` at `open` with the fill model's price and commission, or rejects it when the cash cannot pay. */
  private execute(order: BrokerOrder, open: number): BrokerOrder {
    const price = slippedPrice(open, order.side, this.costs.slippageBps);
    const commission = commissionOf(order.qty, price, this.costs);
    const refusal = unaffordable(order, price, commission, this.cash, this.held.get(order.symbol));
    if (refusal !== null) return this.update({ ...order, status: 'rejected', reason: refusal });
    this.cash -= (order.side === 'buy' ? order.qty : -order.qty) * price + commission;
    movePosition(this.held, order, price, open);
    const fill: BrokerFill = { id: `${order.clientOrderId}:fill`, qty: order.qty, price, commission, time: this.market.time };
    return this.update({ ...order, status: 'filled', filledQty: order.qty, fills: [fill] }, fill);
  }

  /** Records the order as it now is and tells every listener. */
  private update(order: BrokerOrder, fill: BrokerFill | null = null): BrokerOrder {
    this.orders.set(order.clientOrderId, order);
    for (const l of [...this.listeners]) l({ kind: order.status, order, fill, reason: order.reason });
    return order;
  }
}

/** Why the account cannot pay for `order` at `price` (a buy that opens or adds to a long, beyond the cash), or null. */
function unaffordable(order: BrokerOrder, price: number, commission: number, cash: number, position: PaperPosition | undefined): string | null {
  if (order.side !== 'buy' || (position?.qty ?? 0) < 0) return null;
  const cost = order.qty * price + commission;
  if (cost <= cash + CASH_EPSILON * Math.max(1, Math.abs(cash))) return null;
  return `insufficient buying power: buying ${order.qty} ${order.symbol} costs ${cost.toFixed(2)}, buying power ${Math.max(0, cash).toFixed(2)}`;
}

/** The account's position in `order.symbol` after it filled at `price` (marked at the bar's `open`). */
function movePosition(held: Map<string, PaperPosition>, order: BrokerOrder, price: number, open: number): void {
  const p = held.get(order.symbol);
  const before = p?.qty ?? 0;
  const qty = before + (order.side === 'buy' ? order.qty : -order.qty);
  if (Math.abs(qty) < 1e-12) {
    held.delete(order.symbol);
    return;
  }
  const adds = before === 0 || (Math.sign(before) === Math.sign(qty) && Math.abs(qty) > Math.abs(before));
  const crossed = before !== 0 && Math.sign(before) !== Math.sign(qty);
  const avgPrice = crossed || p === undefined ? price
    : adds ? (p.avgPrice * Math.abs(before) + price * (Math.abs(qty) - Math.abs(before))) / Math.abs(qty) : p.avgPrice;
  held.set(order.symbol, { symbol: order.symbol, qty, avgPrice, lastPrice: open });
}
