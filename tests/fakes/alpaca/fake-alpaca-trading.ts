// The trading side of the fake Alpaca (API v2, as documented): GET /v2/account, POST/GET /v2/orders,
// GET /v2/orders:by_client_order_id, GET/DELETE /v2/orders/{id}, GET /v2/positions, GET /v2/account/activities
// (`category`, `direction`, `page_size`, `page_token`: every fill is a FILL activity, and `activity()` adds a non-trade
// one that moves the cash, as a deposit, a fee or a dividend does). Market orders only. Payloads
// spell numbers as strings, as Alpaca does. The account is a cash account (buying power = cash). A buy that opens or
// adds to a long is checked against the buying power at submission with the symbol's last price (403, Alpaca's
// message); an order for a symbol without a price waits and is checked again when its market opens (then `rejected`).
// Tests drive the market and the account through the controls (`FakeTrading`). Every change of an order is also a
// trade update (`onEvent`: new, partial_fill, fill, canceled, expired, rejected), which the fake's trade-updates
// stream (fake-alpaca-stream.ts) sends to its listeners.

export interface FakeOrder {
  id: string;
  client_order_id: string;
  symbol: string;
  qty: number;
  filled_qty: number;
  filled_avg_price: number | null;
  side: 'buy' | 'sell';
  type: string;
  time_in_force: string;
  status: string;
  created_at: string;
  updated_at: string;
  submitted_at: string;
  filled_at: string | null;
  canceled_at: string | null;
  expired_at: string | null;
  failed_at: string | null;
  /** Why the fake rejected it (kept for the trade-updates stream; the REST order object has no such field). */
  reason: string | null;
}

export interface FakeTrading {
  /** Starts with "PA" for a paper account (Alpaca's convention); set another to play a live account. */
  accountNumber: string;
  /** The cash changed with no activity to explain it (nothing at Alpaca does that: a test's way to break the books). */
  setCash(cash: number): void;
  /**
   * A non-trade activity (CSD deposit, CSW withdrawal, FEE, DIV, INT, ...): `amount` (signed) moves the cash, and the
   * activity is listed. `canceled` lists it as canceled and moves nothing. Returns its id.
   */
  activity(type: string, amount: number, options?: { readonly subType?: string; readonly symbol?: string; readonly description?: string; readonly canceled?: boolean }): string;
  /** Every activity as listed (oldest first). */
  readonly activities: readonly FakeActivity[];
  /** The last trade price of a symbol (what a submission is priced at while its market is closed). */
  setLastPrice(symbol: string, price: number): void;
  /**
   * The market opens for these symbols at these prices: waiting orders fill (in submission order), new ones fill at
   * once. With `partial`, each waiting order fills only that many shares now (partially_filled) and waits for the rest.
   */
  open(prices: Readonly<Record<string, number>>, options?: { readonly partial?: number }): void;
  /** The market closes for every symbol: new orders wait. */
  closeMarket(): void;
  reject(clientOrderId: string, reason: string): void;
  expire(clientOrderId: string): void;
  /** Cancelled at Alpaca (not by the desk). */
  cancelOutside(clientOrderId: string): void;
  /** A position changed outside the desk (qty 0 removes it). */
  setPosition(symbol: string, qty: number, avgPrice: number): void;
  readonly orders: readonly FakeOrder[];
  /** Calls `listener` with every trade update from now on; returns the unsubscribe. */
  onEvent(listener: (e: FakeTradeEvent) => void): () => void;
}

/** One trade update as Alpaca's trade_updates stream sends it in `data` (numbers as strings). */
export interface FakeTradeEvent {
  readonly event: 'new' | 'partial_fill' | 'fill' | 'canceled' | 'expired' | 'rejected';
  /** The order as it is after the event. */
  readonly order: Record<string, unknown>;
  readonly timestamp: string;
  /** Fills only: this execution's price and quantity, and the position after it. */
  readonly price?: string;
  readonly qty?: string;
  readonly position_qty?: string;
  readonly execution_id?: string;
  /** Why the fake rejected the order (rejections only). */
  readonly reason?: string;
}

/** One activity as Alpaca's /v2/account/activities lists it (numbers as strings). */
export interface FakeActivity {
  readonly id: string;
  readonly activity_type: string;
  readonly [field: string]: unknown;
}

export interface TradingAnswer {
  readonly status: number;
  readonly body?: unknown;
}

const OPEN = new Set(['new', 'accepted', 'pending_new', 'partially_filled', 'pending_cancel', 'accepted_for_bidding', 'held']);
const TIME_IN_FORCE = new Set(['day', 'gtc', 'opg', 'cls', 'ioc', 'fok']);
const num = (n: number | null): string | null => (n === null ? null : String(n));

export function createFakeTrading(): FakeTrading & { handle(method: string, path: string, query: Readonly<Record<string, string>>, body: string): TradingAnswer | null } {
  let cash = 100_000;
  let seq = 0;
  let tick = 0;
  const orders: FakeOrder[] = [];
  const activities: FakeActivity[] = [];
  /** Alpaca's activity id: a sortable time, `::`, a unique part. */
  const activityId = (at: string): string => `${at.replace(/[-:TZ.]/g, '')}::${String(activities.length + 1).padStart(8, '0')}`;
  const eventListeners = new Set<(e: FakeTradeEvent) => void>();
  const positions = new Map<string, { qty: number; avg: number }>();
  const last = new Map<string, number>();
  const market = new Set<string>();
  /** Deterministic, increasing timestamps. */
  const now = (): string => new Date(Date.UTC(2024, 0, 2, 15, 0, 0) + ++tick * 1_000).toISOString();
  const byClient = (id: string): FakeOrder => {
    const o = orders.find((x) => x.client_order_id === id);
    if (o === undefined) throw new Error(`the fake has no order ${id}`);
    return o;
  };
  const orderJson = (o: FakeOrder) => ({
    id: o.id, client_order_id: o.client_order_id, created_at: o.created_at, updated_at: o.updated_at, submitted_at: o.submitted_at,
    filled_at: o.filled_at, expired_at: o.expired_at, canceled_at: o.canceled_at, failed_at: o.failed_at, replaced_at: null, replaced_by: null, replaces: null,
    asset_id: `asset-${o.symbol}`, symbol: o.symbol, asset_class: 'us_equity', notional: null, qty: String(o.qty), filled_qty: String(o.filled_qty),
    filled_avg_price: num(o.filled_avg_price), order_class: '', order_type: o.type, type: o.type, side: o.side, time_in_force: o.time_in_force,
    limit_price: null, stop_price: null, status: o.status, extended_hours: false, legs: null, trail_percent: null, trail_price: null, hwm: null, position_intent: o.side === 'buy' ? 'buy_to_open' : 'sell_to_close',
  });
  const emit = (o: FakeOrder, event: FakeTradeEvent['event'], extra: Partial<FakeTradeEvent> = {}): void => {
    const e: FakeTradeEvent = { event, order: orderJson(o), timestamp: o.updated_at, ...extra };
    for (const l of [...eventListeners]) l(e);
  };
  /** Why the account cannot pay `qty` of a buy at `price`, or null (sells and covers always pass). */
  const cannotPay = (o: Pick<FakeOrder, 'side' | 'symbol'>, qty: number, price: number): { cost: number } | null => {
    if (o.side !== 'buy' || (positions.get(o.symbol)?.qty ?? 0) < 0) return null;
    const cost = qty * price;
    return cost > cash + 1e-9 ? { cost } : null;
  };
  const fill = (o: FakeOrder, qty: number, price: number): void => {
    const signed = o.side === 'buy' ? qty : -qty;
    cash -= signed * price;
    const p = positions.get(o.symbol) ?? { qty: 0, avg: price };
    const after = p.qty + signed;
    if (Math.abs(after) < 1e-12) positions.delete(o.symbol);
    else if (p.qty === 0 || Math.sign(after) !== Math.sign(p.qty)) positions.set(o.symbol, { qty: after, avg: price });
    else if (Math.abs(after) > Math.abs(p.qty)) positions.set(o.symbol, { qty: after, avg: (p.avg * Math.abs(p.qty) + price * qty) / Math.abs(after) });
    else positions.set(o.symbol, { qty: after, avg: p.avg });
    activities.push({
      id: activityId(now()), activity_type: 'FILL', type: o.status === 'filled' ? 'fill' : 'partial_fill', transaction_time: new Date().toISOString(),
      price: String(price), qty: String(qty), side: o.side, symbol: o.symbol, order_id: o.id, cum_qty: String(o.filled_qty + qty), order_status: 'filled',
    });
    const before = o.filled_qty;
    o.filled_qty = before + qty;
    o.filled_avg_price = o.filled_avg_price === null ? price : (o.filled_avg_price * before + price * qty) / o.filled_qty;
    o.status = o.filled_qty >= o.qty ? 'filled' : 'partially_filled';
    o.updated_at = now();
    if (o.status === 'filled') o.filled_at = o.updated_at;
    emit(o, o.status === 'filled' ? 'fill' : 'partial_fill', {
      price: String(price), qty: String(qty), position_qty: String(positions.get(o.symbol)?.qty ?? 0), execution_id: `exec-${o.id}-${o.filled_qty}`,
    });
  };
  const execute = (o: FakeOrder, price: number, partial?: number): void => {
    const qty = partial === undefined ? o.qty - o.filled_qty : Math.min(partial, o.qty - o.filled_qty);
    if (cannotPay(o, qty, price) !== null) {
      end(o, 'rejected', 'insufficient buying power');
      return;
    }
    fill(o, qty, price);
  };
  const end = (o: FakeOrder, status: 'canceled' | 'expired' | 'rejected', reason: string | null): void => {
    o.status = status;
    o.reason = reason;
    o.updated_at = now();
    if (status === 'canceled') o.canceled_at = o.updated_at;
    else if (status === 'expired') o.expired_at = o.updated_at;
    else o.failed_at = o.updated_at;
    emit(o, status, reason === null ? {} : { reason });
  };

  const postOrder = (body: string): TradingAnswer => {
    let r: Record<string, unknown>;
    try {
      r = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return { status: 400, body: { code: 40010000, message: 'request body format is invalid' } };
    }
    const qty = Number(r.qty);
    if (typeof r.symbol !== 'string' || r.symbol === '') return { status: 422, body: { code: 40010001, message: 'symbol is required' } };
    if (!(qty > 0)) return { status: 422, body: { code: 40010001, message: 'qty must be > 0' } };
    if (r.side !== 'buy' && r.side !== 'sell') return { status: 422, body: { code: 40010001, message: 'invalid side' } };
    if (r.type !== 'market') return { status: 422, body: { code: 40010001, message: `the fake takes market orders only, not ${String(r.type)}` } };
    if (typeof r.time_in_force !== 'string' || !TIME_IN_FORCE.has(r.time_in_force)) return { status: 422, body: { code: 40010001, message: 'invalid time_in_force' } };
    const clientId = typeof r.client_order_id === 'string' && r.client_order_id !== '' ? r.client_order_id : `auto-${seq + 1}`;
    if (orders.some((o) => o.client_order_id === clientId)) return { status: 422, body: { code: 40010001, message: 'client_order_id must be unique' } };
    const side = r.side;
    const price = last.get(r.symbol);
    const short = price === undefined ? null : cannotPay({ side, symbol: r.symbol }, qty, price);
    if (short !== null) {
      return { status: 403, body: { buying_power: String(Math.max(0, cash)), code: 40310000, cost_basis: String(short.cost), message: 'insufficient buying power' } };
    }
    const at = now();
    const o: FakeOrder = {
      id: `order-${++seq}`, client_order_id: clientId, symbol: r.symbol, qty, filled_qty: 0, filled_avg_price: null, side, type: 'market',
      time_in_force: r.time_in_force, status: market.has(r.symbol) ? 'pending_new' : 'accepted', created_at: at, updated_at: at, submitted_at: at,
      filled_at: null, canceled_at: null, expired_at: null, failed_at: null, reason: null,
    };
    orders.push(o);
    emit(o, 'new');
    // The answer is the order as accepted; the execution happens after it (a poll sees it), as at Alpaca.
    const answer = orderJson(o);
    if (market.has(o.symbol)) execute(o, last.get(o.symbol)!);
    return { status: 200, body: answer };
  };

  const listActivities = (query: Readonly<Record<string, string>>): TradingAnswer => {
    const size = Number(query.page_size ?? 100);
    if (!(Number.isInteger(size) && size >= 1 && size <= 100)) return { status: 422, body: { code: 42210000, message: 'page_size must be between 1 and 100' } };
    if (query.category !== undefined && query.activity_types !== undefined) return { status: 422, body: { code: 42210000, message: 'category and activity_types cannot both be given' } };
    const types = query.activity_types?.split(',');
    const asc = query.direction === 'asc';
    const token = query.page_token;
    const wanted = activities.filter((a) => (query.category === 'trade_activity' ? a.activity_type === 'FILL' : query.category === 'non_trade_activity' ? a.activity_type !== 'FILL' : true)
      && (types === undefined || types.includes(a.activity_type)) && (token === undefined || (asc ? a.id > token : a.id < token)));
    return { status: 200, body: (asc ? wanted : [...wanted].reverse()).slice(0, size) };
  };

  const trading = {
    accountNumber: 'PA1FAKE0001',
    orders,
    activities,
    setCash: (n: number) => void (cash = n),
    activity(type: string, amount: number, options: { readonly subType?: string; readonly symbol?: string; readonly description?: string; readonly canceled?: boolean } = {}) {
      const at = now();
      const id = activityId(at);
      if (options.canceled !== true) cash += amount;
      activities.push({
        id, activity_type: type, ...(options.subType === undefined ? {} : { activity_sub_type: options.subType }), date: at.slice(0, 10), created_at: at,
        net_amount: String(amount), description: options.description ?? '', ...(options.symbol === undefined ? {} : { symbol: options.symbol }),
        status: options.canceled === true ? 'canceled' : 'executed', currency: 'USD',
      });
      return id;
    },
    setLastPrice: (symbol: string, price: number) => void last.set(symbol, price),
    open(prices: Readonly<Record<string, number>>, options: { readonly partial?: number } = {}) {
      for (const [symbol, price] of Object.entries(prices)) {
        last.set(symbol, price);
        market.add(symbol);
      }
      for (const o of orders) {
        if (OPEN.has(o.status) && prices[o.symbol] !== undefined) execute(o, prices[o.symbol]!, options.partial);
      }
    },
    closeMarket: () => market.clear(),
    onEvent(listener: (e: FakeTradeEvent) => void) {
      eventListeners.add(listener);
      return () => void eventListeners.delete(listener);
    },
    reject: (id: string, reason: string) => end(byClient(id), 'rejected', reason),
    expire: (id: string) => end(byClient(id), 'expired', null),
    cancelOutside: (id: string) => end(byClient(id), 'canceled', null),
    setPosition(symbol: string, qty: number, avgPrice: number) {
      if (qty === 0) positions.delete(symbol);
      else positions.set(symbol, { qty, avg: avgPrice });
    },
    handle(method: string, path: string, query: Readonly<Record<string, string>>, body: string): TradingAnswer | null {
      if (path === '/v2/account' && method === 'GET') {
        let equity = cash;
        for (const [s, p] of positions) equity += p.qty * (last.get(s) ?? p.avg);
        return {
          status: 200,
          body: {
            id: 'account-fake', account_number: trading.accountNumber, status: 'ACTIVE', currency: 'USD', cash: String(cash), buying_power: String(Math.max(0, cash)),
            non_marginable_buying_power: String(Math.max(0, cash)), equity: String(equity), portfolio_value: String(equity), multiplier: '1', pattern_day_trader: false,
            trading_blocked: false, transfers_blocked: false, account_blocked: false, shorting_enabled: true, created_at: '2024-01-01T00:00:00Z',
          },
        };
      }
      if (path === '/v2/positions' && method === 'GET') {
        const rows = [...positions].sort(([a], [b]) => (a < b ? -1 : 1)).map(([symbol, p]) => {
          const price = last.get(symbol) ?? p.avg;
          // As Alpaca lists them: a crypto position without the pair's slash (orders say BTC/USD, positions BTCUSD).
          const crypto = symbol.includes('/');
          return {
            asset_id: `asset-${symbol}`, symbol: symbol.replace('/', ''), exchange: crypto ? 'CRYPTO' : 'NASDAQ', asset_class: crypto ? 'crypto' : 'us_equity', asset_marginable: false, qty: String(p.qty), qty_available: String(p.qty),
            avg_entry_price: String(p.avg), side: p.qty < 0 ? 'short' : 'long', market_value: String(p.qty * price), cost_basis: String(p.qty * p.avg),
            unrealized_pl: String(p.qty * (price - p.avg)), current_price: String(price), lastday_price: String(price), change_today: '0',
          };
        });
        return { status: 200, body: rows };
      }
      if (path === '/v2/account/activities' && method === 'GET') return listActivities(query);
      if (path === '/v2/orders' && method === 'POST') return postOrder(body);
      if (path === '/v2/orders' && method === 'GET') {
        const status = query.status ?? 'open';
        const wanted = orders.filter((o) => status === 'all' || (status === 'open') === OPEN.has(o.status));
        const limit = Math.min(500, Number(query.limit ?? 50));
        const sorted = query.direction === 'asc' ? wanted : [...wanted].reverse();
        return { status: 200, body: sorted.slice(0, limit).map(orderJson) };
      }
      if (path === '/v2/orders:by_client_order_id' && method === 'GET') {
        const o = orders.find((x) => x.client_order_id === query.client_order_id);
        return o === undefined ? { status: 404, body: { code: 40410000, message: 'order not found' } } : { status: 200, body: orderJson(o) };
      }
      const one = path.match(/^\/v2\/orders\/([^/]+)$/);
      if (one !== null) {
        const o = orders.find((x) => x.id === decodeURIComponent(one[1]!));
        if (o === undefined) return { status: 404, body: { code: 40410000, message: 'order not found' } };
        if (method === 'GET') return { status: 200, body: orderJson(o) };
        if (method === 'DELETE') {
          if (!OPEN.has(o.status)) return { status: 422, body: { code: 42210000, message: `order is already in "${o.status}" state` } };
          end(o, 'canceled', null);
          return { status: 204 };
        }
      }
      return null;
    },
  };
  return trading;
}
