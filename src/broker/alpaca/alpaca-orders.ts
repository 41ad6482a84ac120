/**
 * Alpaca's order, account and position payloads read with zod, and an order's history turned into the port's
 * updates. Alpaca reports an order's cumulative `filled_qty` and `filled_avg_price`; each time the cumulative quantity
 * grows the desk sees one fill of the increment (id `<alpaca order id>:<cumulative qty>`, priced so that the fills'
 * notional adds up to filled_qty x filled_avg_price, commission 0: Alpaca charges none on stocks). A trade update from the
 * stream names its execution: when the increment is that execution, the fill has the execution's price and time.
 */
import { z } from 'zod';
import type { BrokerAccount, BrokerFill, BrokerOrder, BrokerPosition, OrderStatus, OrderUpdate } from '../../app/broker/ports.js';

/** Alpaca's numbers, sent as strings. */
export const decimal = z.union([z.string(), z.number()]).transform((v) => Number(v)).refine((n) => Number.isFinite(n), 'expected a number');

export const alpacaOrder = z.object({
  id: z.string().min(1),
  client_order_id: z.string(),
  symbol: z.string(),
  qty: decimal.nullable(),
  filled_qty: decimal,
  filled_avg_price: decimal.nullable(),
  side: z.enum(['buy', 'sell']),
  status: z.string(),
  updated_at: z.string().nullable().optional(),
  filled_at: z.string().nullable().optional(),
  time_in_force: z.string().optional(),
});
export type AlpacaOrder = z.infer<typeof alpacaOrder>;

const alpacaAccount = z.object({ account_number: z.string(), cash: decimal, buying_power: decimal, equity: decimal });
const alpacaPosition = z.object({ symbol: z.string(), qty: decimal, avg_entry_price: decimal, side: z.string().optional(), asset_class: z.string().optional() });

/** Alpaca lists a crypto position without the pair's slash (BTCUSD); orders and the desk spell it BTC/USD. */
function positionSymbol(symbol: string, assetClass: string | undefined): string {
  if (assetClass !== 'crypto' || symbol.includes('/')) return symbol;
  const quote = ['USDT', 'USDC', 'USD'].find((q) => symbol.endsWith(q) && symbol.length > q.length);
  return quote === undefined ? symbol : `${symbol.slice(0, -quote.length)}/${quote}`;
}

/** A zod reader for tradingCall: the value, or what was wrong. */
export function reader<T>(schema: z.ZodType<T>): (json: unknown) => T | string {
  return (json) => {
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? 'the payload' : issue.path.join('.');
    return `${where}: ${issue?.message ?? 'does not parse'}`;
  };
}

export const readOrder = reader(alpacaOrder);
export const readOrders = reader(z.array(alpacaOrder));
export const readAccount = reader(alpacaAccount.transform((a) => ({ accountNumber: a.account_number, account: { cash: a.cash, buyingPower: a.buying_power, equity: a.equity } satisfies BrokerAccount })));
export const readPositions = reader(
  z.array(alpacaPosition).transform((rows) =>
    rows
      .map((p): BrokerPosition => ({ symbol: positionSymbol(p.symbol, p.asset_class), qty: p.side === 'short' && p.qty > 0 ? -p.qty : p.qty, avgPrice: p.avg_entry_price }))
      .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0)),
  ),
);

/** Where an Alpaca status leaves the order: still working, or ended (with the reason the desk is told). */
export function mapStatus(status: string, timeInForce: string | undefined): { readonly ended: null } | { readonly ended: 'filled' | 'cancelled' | 'rejected'; readonly reason: string | null } {
  switch (status) {
    case 'filled':
      return { ended: 'filled', reason: null };
    case 'canceled':
      return { ended: 'cancelled', reason: 'canceled at Alpaca' };
    case 'expired':
      return { ended: 'cancelled', reason: `expired at Alpaca${timeInForce === undefined ? '' : ` (time in force ${timeInForce})`}` };
    case 'done_for_day':
      return { ended: 'cancelled', reason: 'done for the day at Alpaca' };
    case 'rejected':
      return { ended: 'rejected', reason: 'rejected by Alpaca' };
    default:
      // new, accepted, pending_new, accepted_for_bidding, partially_filled, pending_cancel, pending_replace, held...
      return { ended: null };
  }
}

/** What a trade update adds to its order: the execution of a fill, the reason of an end. */
export interface UpdateDetail {
  readonly execution: { readonly price: number; readonly qty: number; readonly time: number | null } | null;
  readonly reason: string | null;
}

/** What the desk knows of one order: its request, the fills seen so far and the last status it was told. */
export class TrackedOrder {
  alpacaId: string | null;
  status: OrderStatus | null = null;
  filledQty = 0;
  notional = 0;
  reason: string | null = null;
  /** Why the desk asked Alpaca to cancel it (the reason its cancellation carries); null when it did not. */
  cancelledBecause: string | null = null;
  readonly fills: BrokerFill[] = [];

  constructor(
    readonly clientOrderId: string,
    readonly symbol: string,
    readonly side: 'buy' | 'sell',
    readonly qty: number,
    alpacaId: string | null,
  ) {
    this.alpacaId = alpacaId;
  }

  static of(o: AlpacaOrder): TrackedOrder {
    return new TrackedOrder(o.client_order_id, o.symbol, o.side, o.qty ?? o.filled_qty, o.id);
  }

  get ended(): boolean {
    return this.status === 'filled' || this.status === 'cancelled' || this.status === 'rejected';
  }

  view(): BrokerOrder {
    return {
      clientOrderId: this.clientOrderId, symbol: this.symbol, side: this.side, qty: this.qty,
      status: this.status ?? 'accepted', filledQty: this.filledQty, fills: [...this.fills], reason: this.reason,
    };
  }

  /**
   * Moves the order to what Alpaca now says and returns the updates the desk has not been told yet, in order. An
   * answer older than what was already seen (fewer shares filled, or open after the end) changes nothing.
   */
  observe(o: AlpacaOrder, detail: UpdateDetail | null = null): OrderUpdate[] {
    const out: OrderUpdate[] = [];
    if (this.ended) return out;
    this.alpacaId = o.id;
    const push = (kind: OrderStatus, fill: BrokerFill | null): void => {
      this.status = kind;
      out.push({ kind, order: this.view(), fill, reason: this.reason });
    };
    if (this.status === null) push('accepted', null);
    const mapped = mapStatus(o.status, o.time_in_force);
    const execution = detail?.execution ?? null;
    if (o.filled_qty > this.filledQty + 1e-12 && (o.filled_avg_price !== null || execution !== null)) {
      const qty = o.filled_qty - this.filledQty;
      const isExecution = execution !== null && Math.abs(execution.qty - qty) < 1e-9;
      const total = o.filled_avg_price !== null ? o.filled_qty * o.filled_avg_price : this.notional + qty * execution!.price;
      const price = isExecution ? execution.price : qty === o.filled_qty && o.filled_avg_price !== null ? o.filled_avg_price : (total - this.notional) / qty;
      const parsed = Date.parse(o.filled_at ?? o.updated_at ?? '');
      const time = isExecution && execution.time !== null ? execution.time : Number.isNaN(parsed) ? 0 : parsed;
      const fill: BrokerFill = { id: `${o.id}:${o.filled_qty}`, qty, price, commission: 0, time };
      this.fills.push(fill);
      this.filledQty = o.filled_qty;
      this.notional = total;
      push(mapped.ended === 'filled' ? 'filled' : 'partially_filled', fill);
    }
    if (mapped.ended === 'cancelled' || mapped.ended === 'rejected') {
      const why = o.status === 'canceled' && this.cancelledBecause !== null ? this.cancelledBecause : mapped.reason;
      this.reason = detail?.reason ? `${why}: ${detail.reason}` : why;
      push(mapped.ended, null);
    } else if (mapped.ended === 'filled' && this.status !== 'filled') {
      push('filled', null); // filled with no quantity reported (never at Alpaca; kept total)
    }
    return out;
  }

  /** Refused at submission (Alpaca made no order): accepted then rejected, with Alpaca's message. */
  refuse(reason: string): OrderUpdate[] {
    this.reason = null;
    const accepted: OrderUpdate = { kind: 'accepted', order: { ...this.view(), status: 'accepted' }, fill: null, reason: null };
    this.status = 'rejected';
    this.reason = reason;
    return [accepted, { kind: 'rejected', order: this.view(), fill: null, reason }];
  }
}
