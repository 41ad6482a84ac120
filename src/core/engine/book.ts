import { fail, ok, type Result } from '../domain/result.js';
import type { Fill, PositionSide } from '../domain/order.js';
import type { ClosedTrade } from './report.js';

/**
 * Portfolio accounting: cash + positions marked at market = equity. Long and short (qty signed), realised and
 * unrealised P&L, commissions. Mutable for speed (the backtester applies millions of marks), but pure: no I/O.
 */
export interface OpenPosition {
  readonly symbol: string;
  /** Signed: negative = short. */
  qty: number;
  avgPrice: number;
  entryTime: number;
  /** Entry commission not yet attributed to a closed trade (pro-rated on partial closes). */
  entryCommission: number;
  /** Last mark (close) used for equity. */
  lastPrice: number;
  barsHeld: number;
  /** Protective exits; NaN = none. */
  stopPrice: number;
  targetPrice: number;
  trailingPct: number;
  /** Highest high (long) / lowest low (short) since entry, for the trailing stop. */
  extreme: number;
  maxHoldingBars: number;
  /** Shadow exit rules being watched for this position (reported once when they would have fired). */
  shadowExits: ShadowExitWatch[];
  /** Index of the symbol in the engine's universe, cached by the engine for its hot loop (-1 = not set). */
  slot: number;
}

export interface ShadowExitWatch {
  readonly by: string;
  readonly type: 'stop_loss_pct' | 'take_profit_pct' | 'trailing_stop_pct' | 'max_holding_bars';
  /** The rule's percentage, or bars for max_holding_bars. */
  readonly value: number;
  /** Stop or target price (NaN for trailing and time rules). */
  readonly level: number;
}

export interface Book {
  readonly startCash: number;
  cash: number;
  readonly positions: Map<string, OpenPosition>;
  /** The same open positions as an array, for allocation-free iteration in hot loops. */
  readonly open: OpenPosition[];
  /** symbol -> signed qty, the view strategies get. */
  readonly holdings: Map<string, number>;
  realizedPnl: number;
  commissionPaid: number;
  readonly appliedFillIds: Set<string>;
  readonly trades: ClosedTrade[];
}

export function createBook(startCash: number): Book {
  return {
    startCash,
    cash: startCash,
    positions: new Map(),
    open: [],
    holdings: new Map(),
    realizedPnl: 0,
    commissionPaid: 0,
    appliedFillIds: new Set(),
    trades: [],
  };
}

export function positionSide(p: OpenPosition): PositionSide {
  return p.qty > 0 ? 'long' : 'short';
}

export function marketValue(book: Book): number {
  let v = 0;
  for (let j = 0; j < book.open.length; j++) v += book.open[j]!.qty * book.open[j]!.lastPrice;
  return v;
}

export function bookEquity(book: Book): number {
  return book.cash + marketValue(book);
}

export function unrealizedPnl(book: Book): number {
  let u = 0;
  for (const p of book.positions.values()) u += (p.lastPrice - p.avgPrice) * p.qty;
  return u;
}

/**
 * Applies one fill. A fill id already applied is refused (`fill.duplicate`), so a fill can never be counted twice.
 * A fill that crosses zero closes the position and opens the opposite side with the remainder.
 * Returns the trades the fill closed (usually zero or one).
 */
export function applyFill(book: Book, fill: Fill): Result<readonly ClosedTrade[]> {
  if (book.appliedFillIds.has(fill.id)) return fail('fill.duplicate', `fill ${fill.id} was already applied`);
  if (!(fill.qty > 0) || !Number.isFinite(fill.price) || !(fill.price > 0) || !(fill.commission >= 0)) {
    return fail('fill.invalid', `fill ${fill.id}: qty, price must be positive and commission non-negative`);
  }
  book.appliedFillIds.add(fill.id);
  const signed = fill.side === 'buy' ? fill.qty : -fill.qty;
  book.cash -= signed * fill.price + fill.commission;
  book.commissionPaid += fill.commission;

  const pos = book.positions.get(fill.symbol);
  const closed: ClosedTrade[] = [];
  let remaining = signed;
  let commissionLeft = fill.commission;
  if (pos !== undefined && Math.sign(pos.qty) !== Math.sign(signed)) {
    const closeQty = Math.min(Math.abs(pos.qty), Math.abs(signed));
    const exitCommission = (fill.commission * closeQty) / fill.qty;
    commissionLeft -= exitCommission;
    const entryCommission = (pos.entryCommission * closeQty) / Math.abs(pos.qty);
    const direction = pos.qty > 0 ? 1 : -1;
    const gross = (fill.price - pos.avgPrice) * closeQty * direction;
    book.realizedPnl += gross;
    const trade: ClosedTrade = {
      symbol: fill.symbol,
      side: direction > 0 ? 'long' : 'short',
      qty: closeQty,
      entryTime: pos.entryTime,
      entryPrice: pos.avgPrice,
      exitTime: fill.time,
      exitPrice: fill.price,
      pnl: gross - entryCommission - exitCommission,
      commission: entryCommission + exitCommission,
      exitReason: fill.exitReason ?? 'signal',
      barsHeld: pos.barsHeld,
    };
    closed.push(trade);
    book.trades.push(trade);
    pos.entryCommission -= entryCommission;
    pos.qty += direction > 0 ? -closeQty : closeQty;
    remaining = signed + (direction > 0 ? closeQty : -closeQty);
    if (pos.qty === 0) {
      book.positions.delete(fill.symbol);
      book.open.splice(book.open.indexOf(pos), 1);
      book.holdings.delete(fill.symbol);
    } else {
      book.holdings.set(fill.symbol, pos.qty);
    }
  }
  if (remaining !== 0) openOrAdd(book, fill, remaining, commissionLeft);
  return ok(closed);
}

function openOrAdd(book: Book, fill: Fill, signedQty: number, commission: number): void {
  const pos = book.positions.get(fill.symbol);
  if (pos === undefined) {
    const opened: OpenPosition = {
      symbol: fill.symbol,
      qty: signedQty,
      avgPrice: fill.price,
      entryTime: fill.time,
      entryCommission: commission,
      lastPrice: fill.price,
      barsHeld: 0,
      stopPrice: NaN,
      targetPrice: NaN,
      trailingPct: NaN,
      extreme: fill.price,
      maxHoldingBars: NaN,
      slot: -1,
      shadowExits: [],
    };
    book.positions.set(fill.symbol, opened);
    book.open.push(opened);
    book.holdings.set(fill.symbol, signedQty);
    return;
  }
  const total = pos.qty + signedQty;
  pos.avgPrice = (pos.avgPrice * pos.qty + fill.price * signedQty) / total;
  pos.qty = total;
  pos.entryCommission += commission;
  book.holdings.set(fill.symbol, total);
}
