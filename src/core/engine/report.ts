/**
 * What a backtest produces. Times are epoch ms inside the core; the CLI renders ISO 8601 strings.
 * Money is in the account currency.
 */

import type { ExitReason } from '../domain/order.js';

export type { ExitReason };

/** A closed round trip. */
export interface ClosedTrade {
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly qty: number;
  readonly entryTime: number;
  readonly entryPrice: number;
  readonly exitTime: number;
  readonly exitPrice: number;
  /** Net of commissions on both legs. */
  readonly pnl: number;
  readonly commission: number;
  readonly exitReason: ExitReason;
  readonly barsHeld: number;
}

export interface OpenPositionReport {
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly qty: number;
  readonly entryTime: number;
  readonly entryPrice: number;
  /** Marked at the last close. */
  readonly marketPrice: number;
  readonly unrealizedPnl: number;
}

/** A signal that did not become an order (or, in shadow mode, would not have). */
export interface BlockedSignal {
  readonly time: number;
  readonly symbol: string;
  /** `gate:<id>` or `rule:<id>`. */
  readonly by: string;
  readonly reason: string;
  readonly observed: number | null;
  readonly limit: number | null;
  /** True when reported by a shadow gate/rule: the order went ahead. */
  readonly shadow: boolean;
  /**
   * How many more times the same gate/rule blocked the same symbol on the steps right after this one (a level-based
   * signal repeats every bar while a block lasts; it is one record, not thousands). Absent = 0.
   */
  readonly repeats?: number;
  /** Time of the last repeat (the record's own time when there was none). */
  readonly lastTime?: number;
}

export interface Metrics {
  readonly startEquity: number;
  readonly endEquity: number;
  readonly totalReturnPct: number;
  /** Null (n/a) when the curve spans under 30 days: annualising less is noise. */
  readonly cagrPct: number | null;
  /** Why cagrPct is null; null when it is given. */
  readonly cagrNote: string | null;
  /** Annualised by periodsPerYear; null when undefined (below the minimum sample, or zero deviation). */
  readonly sharpe: number | null;
  /** Why sharpe is null; null when it is given. */
  readonly sharpeNote: string | null;
  /** Null when undefined (below the minimum sample, or no downside deviation). */
  readonly sortino: number | null;
  readonly sortinoNote: string | null;
  /** Observations of the equity curve a year, the annualisation basis; null when unknown (fewer than 2 points). */
  readonly periodsPerYear: number | null;
  /** Positive percentage, peak-to-trough on close-marked equity. */
  readonly maxDrawdownPct: number;
  readonly trades: number;
  readonly winRatePct: number;
  /** Gross profit / gross loss; null when there is no losing trade (undefined ratio). */
  readonly profitFactor: number | null;
  /** Average net P&L per closed trade. */
  readonly expectancy: number;
  readonly avgWin: number;
  readonly avgLoss: number;
  /** Share of bars (at close) with at least one open position. */
  readonly exposurePct: number;
  /** Blocked-signal counts keyed by `gate:<id>` / `rule:<id>`. */
  readonly blockedBy: Readonly<Record<string, number>>;
}

/** Close-marked equity, one point per timeline bar. */
export interface EquityCurve {
  readonly time: Float64Array;
  readonly equity: Float64Array;
  /** Cash at each point (equity minus positions at market). Optional for curves built outside the backtester. */
  readonly cash?: Float64Array;
}
