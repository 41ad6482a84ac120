/** Why a position closed, in the order the trade ledger numbers them (store/runs/trade-ledger.ts keeps the names too). */
export const EXIT_REASONS = ['signal', 'stop_loss', 'take_profit', 'trailing_stop', 'time_stop', 'flatten'] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

export type OrderSide = 'buy' | 'sell';
export type PositionSide = 'long' | 'short';

/** How many shares an order is for. `percent` and `close` resolve at fill time against the fill bar. */
export type OrderSizing =
  | { readonly kind: 'qty'; readonly qty: number }
  /** floor(equity at the fill bar's open x pct/100 / (open x (1 + commission))). */
  | { readonly kind: 'percent'; readonly pct: number }
  /** The whole position, whatever it is at fill time (exits). */
  | { readonly kind: 'close' };

/** Exit levels attached to a position when its entry fills. NaN = not set. */
export interface Protection {
  /** Absolute distance from the fill price (risk sizing: 1.5 x ATR). */
  readonly stopDistance: number;
  readonly stopLossPct: number;
  readonly takeProfitPct: number;
  readonly trailingStopPct: number;
  readonly maxHoldingBars: number;
  /** Exit rules in shadow mode: watched and reported when they would have fired, never executed. */
  readonly shadow: readonly ShadowExitRule[];
}

export interface ShadowExitRule {
  /** `rule:<id>`. */
  readonly by: string;
  readonly type: 'stop_loss_pct' | 'take_profit_pct' | 'trailing_stop_pct' | 'max_holding_bars';
  /** The percentage, or the number of bars for max_holding_bars. */
  readonly value: number;
}

export const NO_PROTECTION: Protection = Object.freeze({
  stopDistance: NaN,
  stopLossPct: NaN,
  takeProfitPct: NaN,
  trailingStopPct: NaN,
  maxHoldingBars: NaN,
  shadow: Object.freeze([]),
});

export interface EntryCaps {
  readonly maxPositionPct: number;
  /** `gate:max-position-size` or the `rule:<id>` that tightened it. */
  readonly maxPositionBy: string;
  /** Infinity when no rule limits the order's notional. */
  readonly maxNotional: number;
  readonly maxNotionalBy: string;
}

/** A market order the plan asks for; it fills at the next bar's open. */
export interface PlannedOrder {
  /** Idempotent: derived from (run, bar time, symbol, action) so a retry can never double-order. */
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly intent: 'entry' | 'exit';
  readonly positionSide: PositionSide;
  readonly sizing: OrderSizing;
  readonly confidence: number;
  readonly reason: string;
  /** For exits: why. */
  readonly exitReason: ExitReason | null;
  /** For entries: protective exits to attach at fill. */
  readonly protection: Protection;
  /** For entries: the binding size limits (gates tightened by rules), re-applied at fill with the fill price. */
  readonly caps: EntryCaps | null;
  /** Bar (open time) whose close produced the order. */
  readonly barTime: number;
}

export interface Fill {
  /** Unique per fill; the book refuses a fill id it has already applied. */
  readonly id: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly qty: number;
  readonly price: number;
  readonly commission: number;
  readonly time: number;
  readonly exitReason: ExitReason | null;
}

export function clientOrderId(runKey: string, barTime: number, symbol: string, action: string): string {
  return `${runKey}:${barTime}:${symbol}:${action}`;
}

/**
 * What a broker did with a pending order at a bar's open, as the run's book applies it (src/core/engine/step.ts):
 * `filled` (quantity, average price and commission of its fills) or `refused` (rejected or cancelled, with the
 * broker's reason). An order the broker has not finished has no execution and keeps waiting.
 */
export type OrderExecution =
  | {
    readonly kind: 'filled'; readonly qty: number; readonly price: number; readonly commission: number;
    /** A real broker's order that filled in part and then ended (cancelled at the close, expired): the rest and why. */
    readonly unfilled?: { readonly qty: number; readonly reason: string };
  }
  /** `qty`: what the broker was asked for, when it was sized before this bar (a real broker's order). */
  | { readonly kind: 'refused'; readonly reason: string; readonly qty?: number };

/** Executions by client order id. */
export type Executions = ReadonlyMap<string, OrderExecution>;
