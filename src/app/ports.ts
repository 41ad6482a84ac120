import type { BarSeries, Timeframe } from '../core/domain/bar.js';
import type { Adjustment } from '../core/domain/data-source.js';
import type { Result } from '../core/domain/result.js';
import type { BlockedSignal, ClosedTrade } from '../core/engine/report.js';

/** Where bars come from: the simulated market (default), CSV folders, and later Yahoo/Alpaca. */
export interface MarketData {
  /** `sim`, `csv`, ... */
  readonly kind: string;
  /** Human label shown wherever its data appears, e.g. "simulated market (seed 42) — not real prices". */
  readonly label: string;
  /** True for generated data: everything that shows it must say so. */
  readonly simulated: boolean;
  /**
   * Bars of one symbol with `from <= time <= to` (epoch ms, inclusive; `from` undefined = from the first bar).
   * Never returns a bar after `to`. Errors: `data.missing_file`, `data.corrupt`, `data.empty`,
   * `data.timeframe`, `data.symbol`, `data.range`; real providers also `data.auth` (a refused key: the message
   * names the variable to fix), `data.unavailable` (the provider failed after its retries: 5xx, 429, timeouts) and
   * `data.corrupt` for a payload that does not parse. A window the provider simply has no bars in is `data.range`
   * with `details.noBars: true` (an answer, cached as such); any other `data.range` is a refusal (too many bars, a
   * history limit) and is never cached.
   */
  getBars(request: BarsRequest): Promise<Result<BarSeries>>;
  /**
   * Which symbols this source knows and trades (a provider's assets, ticker details or quote endpoint), asked before
   * a run starts. Absent: every well-formed symbol is accepted and an unknown one fails at its first `getBars`.
   */
  checkSymbols?(symbols: readonly string[]): Promise<Result<SymbolCheck>>;
  /**
   * Which provider served each symbol so far (a fallback chain of providers). Absent: every symbol comes from this
   * source itself (`kind`).
   */
  sources?(): Readonly<Record<string, string>>;
  /** Real providers: how the prices are adjusted (`split` or `raw`). Absent for the simulated market and CSV files. */
  readonly adjustment?: Adjustment;
}

/** How a named source is built: symbols already bound to a provider (a run's manifest), and the providers' adjustment. */
export interface MarketDataOptions {
  readonly pinned?: Readonly<Record<string, string>>;
  /** Default `split`; `raw` is refused for `sim` and `csv` (they have no adjustment to undo). */
  readonly adjustment?: Adjustment;
}

/** Market data by source name (`sim`, `csv`, `alpaca,yahoo`), as runs and chat options store it. */
export type NamedMarketData = (source: string, options?: MarketDataOptions) => Result<MarketData>;

/** `checkSymbols`' answer: the symbols accepted, and each refused one with why (unknown, delisted, not tradable). */
export interface SymbolCheck {
  readonly accepted: readonly string[];
  readonly refused: readonly { readonly symbol: string; readonly reason: string }[];
}

export interface BarsRequest {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly from?: number;
  readonly to: number;
}

/** A finished backtest as the store saves it (times epoch ms). */
export interface BacktestRunRecord {
  readonly workspace: { readonly platform: 'console' | 'discord' | 'slack'; readonly externalId: string; readonly name: string };
  readonly strategyId: string;
  readonly strategyVersion: string;
  readonly params: Record<string, unknown>;
  readonly symbols: string[];
  readonly timeframe: Timeframe;
  readonly dataSource: string;
  readonly quantEnabled: boolean;
  readonly gatesMode: 'enforce' | 'shadow';
  readonly sizing: Record<string, unknown>;
  readonly rules: unknown[];
  readonly rulesHash: string;
  readonly manifest: Record<string, unknown>;
  readonly results: Record<string, unknown>;
  readonly startingCash: number;
  readonly dataFrom: number;
  readonly dataTo: number;
  readonly createdBy: string;
  readonly trades: readonly ClosedTrade[];
  readonly equity: readonly { readonly time: number; readonly cash: number; readonly equity: number }[];
  readonly blocked: readonly BlockedSignal[];
}
