/**
 * The Broker port: where a run's orders are executed. The paper broker (src/broker/paper) implements it today, with
 * the fill model the backtester uses; a real broker (src/broker/<name>) implements the same interface and passes the
 * same contract suite (tests/broker/broker-contract.ts).
 *
 * - Orders are keyed by the desk's deterministic client order id. `submit` is idempotent: submitting an id the broker
 *   already knows never makes a second order, it returns the existing one (after a crash the shell simply submits
 *   again).
 * - Order updates are pushed to listeners (`onOrderUpdate`), in the order they happen per order: `accepted` first,
 *   then `partially_filled` (brokers with `capabilities.partialFills` only), then one of `filled`, `cancelled`,
 *   `rejected`. A listener is called after the broker's state changed, so `getOrder` inside it sees the change.
 *   Listeners must not throw.
 * - Every method answers a `Result`: an expected failure (unknown order, an order that can no longer be cancelled,
 *   the broker unreachable) is a Failure with a dotted code (`broker.*`) and a one-line message.
 */
import type { OrderSide } from '../../core/domain/order.js';
import type { Result } from '../../core/domain/result.js';

/** A market order: it fills at the market (the paper broker: at the open of its symbol's next bar). */
export interface OrderRequest {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  /** Units (shares, or a crypto pair's base currency); positive. */
  readonly qty: number;
  /** How long the order stays working at a real broker (Alpaca's default here: `day`); the paper broker ignores it. */
  readonly timeInForce?: TimeInForce;
}

export type TimeInForce = 'day' | 'gtc' | 'opg' | 'cls' | 'ioc' | 'fok';

export type OrderStatus = 'accepted' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected';

/** One execution of an order. */
export interface BrokerFill {
  /** Unique per fill at this broker. */
  readonly id: string;
  readonly qty: number;
  readonly price: number;
  readonly commission: number;
  /** When it filled (epoch ms; the paper broker: the bar's open time). */
  readonly time: number;
}

export interface BrokerOrder extends OrderRequest {
  readonly status: OrderStatus;
  /** Sum of the fills' quantities. */
  readonly filledQty: number;
  /** Oldest first. */
  readonly fills: readonly BrokerFill[];
  /** The broker's reason for a rejection or a cancellation; null otherwise. */
  readonly reason: string | null;
}

export interface OrderUpdate {
  readonly kind: OrderStatus;
  /** The order as it is after this update. */
  readonly order: BrokerOrder;
  /** The fill this update reports (`partially_filled`, `filled`); null otherwise. */
  readonly fill: BrokerFill | null;
  readonly reason: string | null;
}

export interface BrokerPosition {
  readonly symbol: string;
  /** Signed: negative = short. */
  readonly qty: number;
  readonly avgPrice: number;
}

export interface BrokerAccount {
  readonly cash: number;
  /** What new orders may spend. */
  readonly buyingPower: number;
  /** Cash plus positions at their last price. */
  readonly equity: number;
}

/**
 * Money moved in or out of a real broker account by something other than a fill: a deposit or withdrawal, a fee, a
 * dividend, interest, a journal (Alpaca's non-trade activities). Reconciliation explains the account's cash with them.
 */
export interface CashActivity {
  /** The broker's id: activities are listed oldest first, and the last one read is where the next read starts. */
  readonly id: string;
  /** The broker's type: Alpaca's `activity_type` (CSD deposit, CSW withdrawal, FEE, DIV, INT, JNLC, ...). */
  readonly type: string;
  /** Alpaca's `activity_sub_type` (REG and TAF fees, CDIV, ...); null when it sends none. */
  readonly subType: string | null;
  /** Signed: positive into the account's cash, negative out of it. */
  readonly amount: number;
  /** When it happened (epoch ms; a day's activities carry only their date). */
  readonly time: number;
  readonly description: string;
  readonly symbol: string | null;
}

export interface CashActivities {
  /** Oldest first. */
  readonly activities: readonly CashActivity[];
  /** The id of the last activity the account has listed so far (where the next read starts); null when it has none. */
  readonly cursor: string | null;
}

export interface Broker {
  readonly capabilities: { readonly partialFills: boolean };
  /** Idempotent per client order id (see above). An order the account cannot pay for is `rejected` (with a reason), not a failure. */
  submit(request: OrderRequest): Promise<Result<BrokerOrder>>;
  /**
   * `broker.order_not_found` for an unknown id; `broker.not_cancellable` for an order already filled, cancelled or
   * rejected. `reason`: why the desk cancels it, the reason the cancelled order (and its update) then carries.
   */
  cancel(clientOrderId: string, reason?: string): Promise<Result<BrokerOrder>>;
  /** Null when the broker does not know the id. */
  getOrder(clientOrderId: string): Promise<Result<BrokerOrder | null>>;
  /** Open positions, sorted by symbol. */
  positions(): Promise<Result<readonly BrokerPosition[]>>;
  account(): Promise<Result<BrokerAccount>>;
  /**
   * The account's cash activities after `after` (an activity id; null: from the account's first), every page, oldest
   * first. The paper broker's account has none. Required, so a wrapper cannot drop it: a real broker whose activities
   * went unread would make every deposit a reconciliation difference.
   */
  cashActivities(after: string | null): Promise<Result<CashActivities>>;
  /** Calls `listener` with every order update from now on; returns the function that stops it. */
  onOrderUpdate(listener: (update: OrderUpdate) => void): () => void;
}

/** The bar a paper or live iteration executes at: its open time and the opens of the symbols that print then. */
export interface BarOpens {
  readonly time: number;
  readonly opens: ReadonlyMap<string, number>;
}
