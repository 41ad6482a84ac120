/**
 * The Alpaca broker: the `Broker` port (src/app/broker/ports.ts) on Alpaca's trading API v2, through the official SDK.
 *
 * - submit: a market order with the desk's client order id, `time_in_force` from the request or `day`. Alpaca answers
 *   a client order id it already has with 422: that order is "already there", looked up and returned (never a second
 *   order). A refusal at submission (403, e.g. insufficient buying power) is a `rejected` order carrying Alpaca's
 *   message; Alpaca keeps no order for it, so the adapter remembers it for getOrder.
 * - 429, 408, 5xx, timeouts and dropped connections are retried with bounded backoff, then `broker.unavailable`; a
 *   refused key is `broker.auth` naming the variables.
 * - Statuses: new/accepted/pending_new/accepted_for_bidding (and the other working ones) -> accepted;
 *   partially_filled; filled; canceled/expired/done_for_day -> cancelled (the reason says which); rejected.
 *   Fills are the increments of Alpaca's cumulative filled quantity (alpaca-orders.ts).
 * - Order updates come from Alpaca's trade-updates websocket (alpaca-trade-stream.ts), opened on the first listener and
 *   closed by `close()`: fills carry the event's price and quantity, rejections and cancellations the event's reason
 *   when it gives one. While the stream is not listening (not yet connected, dropped, keys refused) the adapter polls
 *   Alpaca for the orders it submitted that are still open (every `pollMs`, default 1 s, on an unref'd timer) and the
 *   stream reconnects with a bounded backoff; each time it listens again one poll catches up on what it missed.
 *   Every answer the adapter reads (submit, getOrder, cancel, a poll, a trade update) moves the same per-order record
 *   (by cumulative filled quantity and status), so each order's updates reach listeners once and in order, whichever
 *   path saw them first. Trade updates of orders this adapter neither sent nor read are ignored.
 * - cashActivities: the account's non-trade activities (deposits, withdrawals, fees, dividends, ...) after an activity
 *   id, every page (alpaca-activities.ts): reconciliation explains the account's cash with them.
 * - On first use the account /v2/account answers must be the kind ALPACA_ACCOUNT says (paper numbers start with
 *   "PA"): a mismatch is refused, `broker.account_mismatch`, on every call.
 */
import type { Broker, BrokerAccount, BrokerOrder, BrokerPosition, CashActivities, OrderRequest, OrderUpdate, TimeInForce } from '../../app/broker/ports.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { ACTIVITY_PAGE, readActivities, readAllActivities } from './alpaca-activities.js';
import { accountMismatch, type AlpacaBrokerConfig } from './alpaca-broker-config.js';
import { readAccount, readOrder, readOrders, readPositions, TrackedOrder, type AlpacaOrder, type UpdateDetail } from './alpaca-orders.js';
import { DEFAULT_STREAM_BACKOFF, TradeStream, type StreamBackoff, type StreamUpdate } from './alpaca-trade-stream.js';
import { createTradingApi, type TradingApi } from './alpaca-trading-api.js';
import { authFailure, DEFAULT_TRADING_RETRY, keyOrRefused, refused, tradingCall, type StatusHandler, type TradingRetry } from './alpaca-trading-call.js';

export interface AlpacaBrokerOptions extends AlpacaBrokerConfig {
  /** How often open orders are polled for updates while the trade-updates stream is down (default 1000 ms). */
  readonly pollMs?: number;
  /** Listen to the trade-updates stream (default true); false: polling only. */
  readonly stream?: boolean;
  /** The stream's reconnect delays: doubling from initialMs to maxMs (default 1 s to 60 s). */
  readonly streamBackoff?: StreamBackoff;
  /** Operational log (the stream going down, a refused key, listening again); default none. */
  readonly log?: (line: string) => void;
  readonly retry?: TradingRetry;
  /** One HTTP attempt's deadline (default 30 s). */
  readonly timeoutMs?: number;
  /** Alpaca's time in force for orders whose request names none (default `day`). */
  readonly timeInForce?: TimeInForce;
}

export interface AlpacaBroker extends Broker {
  /** Asks Alpaca now for the open orders' news; resolves once the updates it found reached the listeners. */
  poll(): Promise<void>;
  /** Whether order updates come from the trade-updates stream now (else from polling). */
  readonly streaming: boolean;
  /** Stops the polling timer and closes the stream. */
  close(): void;
}

export function createAlpacaBroker(options: AlpacaBrokerOptions): AlpacaBroker {
  return new AlpacaTradingBroker(options);
}

const notFound: StatusHandler<null> = (status, message, code) => (status === 404 ? ok(null) : keyOrRefused(status, message, code));

class AlpacaTradingBroker implements AlpacaBroker {
  readonly capabilities = { partialFills: true };
  private readonly api: () => Promise<TradingApi>;
  private readonly retry: TradingRetry;
  private readonly tracked = new Map<string, TrackedOrder>();
  private readonly listeners = new Set<(u: OrderUpdate) => void>();
  /** Client order ids being submitted: their trade updates may arrive before Alpaca's answer. */
  private readonly sending = new Set<string>();
  private readonly stream: TradeStream | null;
  private checked: Promise<Result<true>> | undefined;
  private polling: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly o: AlpacaBrokerOptions) {
    this.api = createTradingApi({ keyId: o.keyId, secretKey: o.secretKey, baseUrl: o.baseUrl, timeoutMs: o.timeoutMs ?? 30_000 });
    this.retry = o.retry ?? DEFAULT_TRADING_RETRY;
    this.stream = o.stream === false ? null : new TradeStream({
      keyId: o.keyId, secretKey: o.secretKey, baseUrl: o.baseUrl, backoff: o.streamBackoff ?? DEFAULT_STREAM_BACKOFF, log: o.log ?? (() => undefined),
      onUpdate: (u) => this.streamed(u),
      onListening: () => void this.poll(),
    });
  }

  get streaming(): boolean {
    return this.stream?.listening ?? false;
  }

  async submit(request: OrderRequest): Promise<Result<BrokerOrder>> {
    const known = this.tracked.get(request.clientOrderId);
    if (known?.status === 'rejected' && known.alpacaId === null) return ok(known.view());
    if (!(request.qty > 0) || !Number.isFinite(request.qty) || request.symbol === '') {
      return fail('broker.invalid_order', `order ${request.clientOrderId}: the quantity must be positive and the symbol set`);
    }
    const ready = await this.firstUse();
    if (!ready.ok) return ready;
    const api = await this.api();
    const timeInForce = request.timeInForce ?? this.o.timeInForce ?? 'day';
    type Answer = { kind: 'order'; order: AlpacaOrder } | { kind: 'duplicate' } | { kind: 'refused'; message: string };
    this.sending.add(request.clientOrderId);
    const answered = await tradingCall<Answer, Answer>(
      `order ${request.clientOrderId}`,
      () => api.orders.postOrderRaw({
        postOrderRequest: { symbol: request.symbol, qty: String(request.qty), side: request.side, type: 'market', timeInForce, clientOrderId: request.clientOrderId },
      }),
      (json) => {
        const order = readOrder(json);
        return typeof order === 'string' ? order : { kind: 'order', order };
      },
      this.retry,
      (status, message, code) => {
        if (status === 422 && /client_order_id must be unique/i.test(message)) return ok({ kind: 'duplicate' });
        if (status === 403 && code !== undefined) return ok({ kind: 'refused', message });
        if (status === 403) return authFailure(status);
        if (status === 422) return fail('broker.invalid_order', `Alpaca refused order ${request.clientOrderId} (HTTP 422: ${message})`);
        return refused(status, message, code);
      },
    ).finally(() => this.sending.delete(request.clientOrderId));
    if (!answered.ok) return answered;
    const answer = answered.value;
    if (answer.kind === 'refused') {
      const order = new TrackedOrder(request.clientOrderId, request.symbol, request.side, request.qty, null);
      this.tracked.set(request.clientOrderId, order);
      this.emit(order.refuse(`Alpaca refused the order: ${answer.message}`));
      return ok(order.view());
    }
    if (answer.kind === 'order') return ok(this.observe(answer.order).view());
    // Already there (a retried submit, or a restart): the existing order, never a second one.
    const existing = await this.fetchByClientId(request.clientOrderId);
    if (!existing.ok) return existing;
    if (existing.value === null) return fail('broker.unavailable', `Alpaca said order ${request.clientOrderId} exists but does not find it`);
    return ok(existing.value.view());
  }

  async cancel(clientOrderId: string, reason?: string): Promise<Result<BrokerOrder>> {
    const found = await this.fetchByClientId(clientOrderId);
    if (!found.ok) return found;
    const order = found.value;
    if (order === null) return fail('broker.order_not_found', `order ${clientOrderId} is unknown to Alpaca`);
    if (order.ended || order.alpacaId === null) return fail('broker.not_cancellable', `order ${clientOrderId} is ${order.status}: it can no longer be cancelled`);
    order.cancelledBecause = reason ?? 'cancelled by the desk';
    const api = await this.api();
    const alpacaId = order.alpacaId;
    const done = await tradingCall<true, 'gone' | 'too_late'>(
      `cancel ${clientOrderId}`,
      () => api.orders.deleteOrderByOrderIDRaw({ orderId: alpacaId }),
      () => true,
      this.retry,
      (status, message, code) => (status === 422 ? ok('too_late') : status === 404 ? ok('gone') : keyOrRefused(status, message, code)),
    );
    if (!done.ok) return done;
    if (done.value === 'gone') return fail('broker.order_not_found', `order ${clientOrderId} is unknown to Alpaca`);
    const after = await this.fetchById(alpacaId);
    if (!after.ok) return after;
    if (done.value === 'too_late' && after.value.status !== 'cancelled') {
      return fail('broker.not_cancellable', `order ${clientOrderId} is ${after.value.status}: it can no longer be cancelled`);
    }
    return ok(after.value);
  }

  async getOrder(clientOrderId: string): Promise<Result<BrokerOrder | null>> {
    const found = await this.fetchByClientId(clientOrderId);
    return found.ok ? ok(found.value?.view() ?? null) : found;
  }

  async positions(): Promise<Result<readonly BrokerPosition[]>> {
    const ready = await this.firstUse();
    if (!ready.ok) return ready;
    const api = await this.api();
    return tradingCall('positions', () => api.positions.getAllOpenPositionsRaw(), readPositions, this.retry, keyOrRefused);
  }

  async account(): Promise<Result<BrokerAccount>> {
    const ready = await this.firstUse();
    if (!ready.ok) return ready;
    const read = await this.readAccount();
    return read.ok ? ok(read.value.account) : read;
  }

  /** The account's non-trade activities after `after` (null: from the first), oldest first (alpaca-activities.ts). */
  async cashActivities(after: string | null): Promise<Result<CashActivities>> {
    const ready = await this.firstUse();
    if (!ready.ok) return ready;
    const api = await this.api();
    return readAllActivities(after, (token) => tradingCall('account activities', () => api.activities.getAccountActivitiesRaw({
      category: 'non_trade_activity', direction: 'asc', pageSize: ACTIVITY_PAGE, ...(token === null ? {} : { pageToken: token }),
    }), readActivities, this.retry, keyOrRefused));
  }

  onOrderUpdate(listener: (u: OrderUpdate) => void): () => void {
    this.listeners.add(listener);
    if (this.timer === undefined) {
      this.timer = setInterval(() => {
        if (!this.streaming) void this.poll();
      }, this.o.pollMs ?? 1_000);
      this.timer.unref();
    }
    this.stream?.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.close();
    };
  }

  poll(): Promise<void> {
    // One poll at a time, each after the one before; a poll that fails (Alpaca unreachable) leaves it to the next.
    this.polling = this.polling.then(() => this.pollOnce()).catch(() => undefined);
    return this.polling;
  }

  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.stream?.stop();
  }

  /** A trade update: moves the order's record like any answer (what the poll already told is not told again). */
  private streamed(u: StreamUpdate): void {
    const id = u.order.client_order_id;
    if (!this.tracked.has(id) && !this.sending.has(id)) return;
    this.observe(u.order, { execution: u.event === 'fill' || u.event === 'partial_fill' ? u.execution : null, reason: u.reason });
  }

  /** Open orders in one request; those of ours that left it are read one by one. Errors wait for the next poll. */
  private async pollOnce(): Promise<void> {
    const open = [...this.tracked.values()].filter((t) => !t.ended && t.alpacaId !== null);
    if (open.length === 0) return;
    const ready = await this.firstUse();
    if (!ready.ok) return;
    const api = await this.api();
    const listed = await tradingCall('open orders', () => api.orders.getAllOrdersRaw({ status: 'open', limit: 500, direction: 'asc' }), readOrders, this.retry, keyOrRefused);
    if (!listed.ok) return;
    const stillOpen = new Set<string>();
    for (const o of listed.value) {
      if (!this.tracked.has(o.client_order_id)) continue;
      stillOpen.add(o.id);
      this.observe(o);
    }
    for (const t of open) if (!stillOpen.has(t.alpacaId!)) await this.fetchById(t.alpacaId!);
  }

  /** The order by the desk's id, its record moved to Alpaca's answer; null when Alpaca (and this adapter) never saw it. */
  private async fetchByClientId(clientOrderId: string): Promise<Result<TrackedOrder | null>> {
    const ready = await this.firstUse();
    if (!ready.ok) return ready;
    const api = await this.api();
    const read = await tradingCall(`order ${clientOrderId}`, () => api.orders.getOrderByClientOrderIdRaw({ clientOrderId }), readOrder, this.retry, notFound);
    if (!read.ok) return read;
    if (read.value === null) return ok(this.tracked.get(clientOrderId) ?? null);
    return ok(this.observe(read.value));
  }

  private async fetchById(alpacaId: string): Promise<Result<BrokerOrder>> {
    const api = await this.api();
    const read = await tradingCall(`order ${alpacaId}`, () => api.orders.getOrderByOrderIDRaw({ orderId: alpacaId }), readOrder, this.retry, keyOrRefused);
    return read.ok ? ok(this.observe(read.value).view()) : read;
  }

  private observe(o: AlpacaOrder, detail: UpdateDetail | null = null): TrackedOrder {
    let t = this.tracked.get(o.client_order_id);
    if (t === undefined) {
      t = TrackedOrder.of(o);
      this.tracked.set(o.client_order_id, t);
    }
    this.emit(t.observe(o, detail));
    return t;
  }

  private emit(updates: readonly OrderUpdate[]): void {
    for (const u of updates) for (const l of [...this.listeners]) l(u);
  }

  private readAccount() {
    return this.api().then((api) => tradingCall('the account', () => api.accounts.getAccountRaw(), readAccount, this.retry, keyOrRefused));
  }

  /** The account check, once: a paper/live mismatch is refused for good; an unreachable Alpaca is tried again next call. */
  private firstUse(): Promise<Result<true>> {
    this.checked ??= this.readAccount().then((read): Result<true> => {
      if (!read.ok) {
        this.checked = undefined;
        return read;
      }
      const mismatch = accountMismatch(this.o, read.value.accountNumber);
      return mismatch === null ? ok(true) : fail('broker.account_mismatch', mismatch);
    });
    return this.checked;
  }
}
