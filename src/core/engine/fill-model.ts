import type { Fill, OrderSide, PlannedOrder } from '../domain/order.js';
import { floorQty, qtyDecimals } from '../domain/quantity.js';
import { capEntryQty, capExitQty, type GatesMode, type Verdict } from '../risk/gates.js';
import type { Result } from '../domain/result.js';
import { applyFill, type Book, type OpenPosition } from './book.js';
import type { CostConfig } from './config.js';
import type { ClosedTrade, ExitReason } from './report.js';

/**
 * The fill model shared by the backtester and the paper broker:
 * - market orders fill at the next bar's open, moved against the order by the slippage (bps);
 * - commission = rate x notional on every fill;
 * - protective exits are checked intrabar on high/low: a bar that gaps through a stop fills at its open, otherwise
 *   at the stop (with slippage); a take-profit fills at its level, or at the open when the bar gaps beyond it;
 *   when one bar touches both, the stop is assumed first (conservative).
 */
export function slippedPrice(price: number, side: OrderSide, slippageBps: number): number {
  const f = slippageBps / 10_000;
  return side === 'buy' ? price * (1 + f) : price * (1 - f);
}

export interface FillOutcome {
  readonly fill: Fill | null;
  readonly trades: readonly ClosedTrade[];
  /** Gate verdicts raised at fill time (caps with the actual price). */
  readonly verdicts: readonly Verdict[];
}

export interface OpenBar {
  readonly time: number;
  readonly open: number;
}

/** The "price and size" half of a fill at the open: what `fillAtOpen` would fill, nothing applied (qty 0: nothing). */
export interface SizedAtOpen {
  readonly qty: number;
  /** The fill price: the open moved against the order by the slippage. */
  readonly price: number;
  readonly verdicts: readonly Verdict[];
}

/**
 * Fills a planned market order at `bar.open`. Entries resolve their size now (percent sizing uses the equity at
 * this open) and are capped again by the gates with the fill price; exits close whatever is held.
 * `sizeAtOpen` then `applyOrderFill`: a broker's execution goes through the second half only (src/core/engine/step.ts).
 */
export function fillAtOpen(book: Book, order: PlannedOrder, bar: OpenBar, equityAtOpen: number, costs: CostConfig,
  gates: { mode: GatesMode; minCashReservePct: number }): FillOutcome {
  const sized = sizeAtOpen(book, order, bar, equityAtOpen, costs, gates);
  if (!(sized.qty > 0)) return { fill: null, trades: [], verdicts: sized.verdicts };
  const fill = orderFill(order, sized.qty, sized.price, commissionOf(sized.qty, sized.price, costs), bar.time);
  const applied = applyOrderFill(book, order, fill);
  if (!applied.ok) return { fill: null, trades: [], verdicts: sized.verdicts };
  return { fill, trades: applied.value, verdicts: sized.verdicts };
}

/** How many units `order` fills at `bar.open` and at what price, with the gates' verdicts; the book is not changed. */
export function sizeAtOpen(book: Book, order: PlannedOrder, bar: OpenBar, equityAtOpen: number, costs: CostConfig,
  gates: { mode: GatesMode; minCashReservePct: number }): SizedAtOpen {
  const price = slippedPrice(bar.open, order.side, costs.slippageBps);
  const held = book.positions.get(order.symbol);
  if (order.intent === 'exit') {
    const requested = order.sizing.kind === 'qty' ? order.sizing.qty : Math.abs(held?.qty ?? 0);
    const capped = capExitQty(order.side, requested, held?.qty ?? 0);
    return { qty: capped.qty < 1e-12 ? 0 : capped.qty, price, verdicts: capped.verdicts };
  }
  if (held !== undefined) return { qty: 0, price, verdicts: [] };
  const decimals = qtyDecimals(order.symbol);
  let qty = order.sizing.kind === 'qty' ? order.sizing.qty
    : order.sizing.kind === 'percent'
      ? floorQty((equityAtOpen * order.sizing.pct) / 100 / (bar.open * (1 + costs.commissionRate)), decimals)
      : 0;
  if (order.caps !== null && Number.isFinite(order.caps.maxNotional) && qty * price > order.caps.maxNotional) {
    qty = floorQty(order.caps.maxNotional / price, decimals);
  }
  const capped = capEntryQty({
    qty, price, commissionRate: costs.commissionRate, side: order.side, cash: book.cash, equity: equityAtOpen,
    heldQty: 0, maxPositionPct: order.caps?.maxPositionPct ?? 100, maxPositionBy: order.caps?.maxPositionBy ?? 'gate:max-position-size',
    minCashReservePct: gates.minCashReservePct, mode: gates.mode, qtyDecimals: decimals,
  });
  // Below one share, or one lot of a crypto pair (capped quantities are whole lots: anything above zero is one).
  return { qty: capped.qty > 0 ? capped.qty : 0, price, verdicts: capped.verdicts };
}

/** Commission on a fill: rate x notional (the paper broker charges the same). */
export function commissionOf(qty: number, price: number, costs: CostConfig): number {
  return qty * price * costs.commissionRate;
}

/** The fill of a planned order (one per order: its id is the order's client order id and `:fill`). */
export function orderFill(order: PlannedOrder, qty: number, price: number, commission: number, time: number): Fill {
  return { id: `${order.clientOrderId}:fill`, symbol: order.symbol, side: order.side, qty, price, commission, time, exitReason: order.exitReason };
}

/** The "apply to the book" half: the fill applied (once), and an entry's protective exits attached to its position. */
export function applyOrderFill(book: Book, order: PlannedOrder, fill: Fill): Result<readonly ClosedTrade[]> {
  const applied = applyFill(book, fill);
  if (applied.ok && order.intent === 'entry') attachProtection(book.positions.get(order.symbol)!, order);
  return applied;
}

function attachProtection(p: OpenPosition, order: PlannedOrder): void {
  const pr = order.protection;
  const long = p.qty > 0;
  const entry = p.avgPrice;
  const byDistance = long ? entry - pr.stopDistance : entry + pr.stopDistance;
  const byPct = long ? entry * (1 - pr.stopLossPct / 100) : entry * (1 + pr.stopLossPct / 100);
  p.stopPrice = tightest(long, byDistance, byPct);
  p.targetPrice = long ? entry * (1 + pr.takeProfitPct / 100) : entry * (1 - pr.takeProfitPct / 100);
  p.trailingPct = pr.trailingStopPct;
  p.extreme = entry;
  p.maxHoldingBars = pr.maxHoldingBars;
  p.barsHeld = 0;
  p.shadowExits = pr.shadow.map((r) => ({
    ...r,
    level: r.type === 'stop_loss_pct' ? (long ? entry * (1 - r.value / 100) : entry * (1 + r.value / 100))
      : r.type === 'take_profit_pct' ? (long ? entry * (1 + r.value / 100) : entry * (1 - r.value / 100))
        : NaN,
  }));
}

export interface ShadowExitHit {
  readonly by: string;
  readonly price: number;
  readonly level: number;
  readonly message: string;
}

/**
 * Shadow exit rules against one bar (call before `updateExtreme`, like the enforced exits). A rule that would have
 * fired is reported once and then dropped from the watch list.
 */
export function checkShadowExits(p: OpenPosition, open: number, high: number, low: number): ShadowExitHit[] | null {
  let hits: ShadowExitHit[] | null = null;
  const long = p.qty > 0;
  for (let j = p.shadowExits.length - 1; j >= 0; j--) {
    const r = p.shadowExits[j]!;
    let price = NaN;
    let level = r.level;
    let what = '';
    switch (r.type) {
      case 'stop_loss_pct':
      case 'trailing_stop_pct': {
        if (r.type === 'trailing_stop_pct') level = long ? p.extreme * (1 - r.value / 100) : p.extreme * (1 + r.value / 100);
        if (long ? open <= level : open >= level) price = open;
        else if (long ? low <= level : high >= level) price = level;
        what = r.type === 'stop_loss_pct' ? `stop loss ${r.value}%` : `trailing stop ${r.value}%`;
        break;
      }
      case 'take_profit_pct':
        if (long ? open >= level : open <= level) price = open;
        else if (long ? high >= level : low <= level) price = level;
        what = `take profit ${r.value}%`;
        break;
      case 'max_holding_bars': {
        // This bar's close is about to be counted: the enforced rule would exit at the next open.
        const held = p.barsHeld + 1;
        if (held >= r.value) {
          (hits ??= []).push({ by: r.by, price: held, level: r.value, message: `would have exited ${p.symbol} after ${held} bars (max holding ${r.value} bars) (shadow rule)` });
          p.shadowExits.splice(j, 1);
        }
        continue;
      }
      default: {
        const unreachable: never = r.type;
        return unreachable;
      }
    }
    if (!Number.isNaN(price)) {
      (hits ??= []).push({ by: r.by, price, level, message: `would have exited ${p.symbol} at ${price.toFixed(2)} (${what}, level ${level.toFixed(2)}) (shadow rule)` });
      p.shadowExits.splice(j, 1);
    }
  }
  return hits;
}

/** The tighter of two stops (higher for a long, lower for a short), ignoring NaN. */
function tightest(long: boolean, a: number, b: number): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return long ? Math.max(a, b) : Math.min(a, b);
}

export interface IntrabarExit {
  readonly price: number;
  readonly reason: ExitReason;
}

/** Checks a position's stop / trailing stop / take-profit against one bar. */
export function checkIntrabarExit(p: OpenPosition, open: number, high: number, low: number): IntrabarExit | null {
  const long = p.qty > 0;
  const trail = Number.isNaN(p.trailingPct) ? NaN : long ? p.extreme * (1 - p.trailingPct / 100) : p.extreme * (1 + p.trailingPct / 100);
  const stop = tightest(long, p.stopPrice, trail);
  if (!Number.isNaN(stop)) {
    const reason: ExitReason = stop === trail && stop !== p.stopPrice ? 'trailing_stop' : 'stop_loss';
    if (long ? open <= stop : open >= stop) return { price: open, reason };
    if (long ? low <= stop : high >= stop) return { price: stop, reason };
  }
  const target = p.targetPrice;
  if (!Number.isNaN(target)) {
    if (long ? open >= target : open <= target) return { price: open, reason: 'take_profit' };
    if (long ? high >= target : low <= target) return { price: target, reason: 'take_profit' };
  }
  return null;
}

/** Applies an intrabar exit as a fill (stops take slippage; a take-profit is a limit and does not). */
export function fillIntrabarExit(book: Book, p: OpenPosition, exit: IntrabarExit, time: number, runKey: string, costs: CostConfig):
  { readonly fill: Fill; readonly trades: readonly ClosedTrade[] } | null {
  const side: OrderSide = p.qty > 0 ? 'sell' : 'buy';
  const price = exit.reason === 'take_profit' ? exit.price : slippedPrice(exit.price, side, costs.slippageBps);
  const qty = Math.abs(p.qty);
  const fill: Fill = {
    id: `${runKey}:${time}:${p.symbol}:${exit.reason}`,
    symbol: p.symbol,
    side,
    qty,
    price,
    commission: qty * price * costs.commissionRate,
    time,
    exitReason: exit.reason,
  };
  const applied = applyFill(book, fill);
  return applied.ok ? { fill, trades: applied.value } : null;
}

/** After a bar: move the trailing extreme (used from the next bar on). */
export function updateExtreme(p: OpenPosition, high: number, low: number): void {
  if (p.qty > 0) {
    if (high > p.extreme) p.extreme = high;
  } else if (low < p.extreme) p.extreme = low;
}
