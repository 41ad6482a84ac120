// The ports of market data: where bars come from (sim, CSV, providers) and the bar cache (src/store/market-data implements it).
import type { BarSeries, Timeframe } from '../../core/domain/bar.js';
import type { Adjustment } from '../../core/domain/data-source.js';
import type { Result } from '../../core/domain/result.js';

/** Split-adjusted prices (the default) or the prices as traded: two different series, cached apart. */
export type BarAdjustment = Adjustment;

/** One cached series: whose bars, of what, adjusted how. `provider` names the source and its settings (`alpaca`, `sim-42`). */
export interface BarCacheKey {
  readonly provider: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly adjustment: BarAdjustment;
}

/** `from <= time <= to`, epoch ms; `from` is -Infinity for "from the provider's first bar". */
export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

/** A cached bar the provider answered differently for (a correction): the cache now holds `close`. */
export interface BarRevision {
  readonly time: number;
  readonly oldClose: number;
  readonly newClose: number;
}

export interface CachedBars {
  /** The cached bars with `from <= time <= to`. */
  readonly bars: BarSeries;
  /** Every covered window of the key (sorted, disjoint). */
  readonly windows: readonly TimeWindow[];
}

/** One line of `tradedesk data status`. Times epoch ms. */
export interface BarCacheEntry extends BarCacheKey {
  readonly firstBar: number | null;
  readonly lastBar: number | null;
  readonly barCount: number;
  readonly windows: readonly TimeWindow[];
  readonly fetchedAt: number;
}

export interface BarCache {
  /** The key's bars inside `from..to` and its covered windows (none for a key never written). */
  read(key: BarCacheKey, from: number, to: number): Promise<Result<CachedBars>>;
  /**
   * Keeps `bars` (a bar at a cached time replaces it) and adds `windows` to the key's coverage, in one transaction.
   * Returns the cached bars whose values changed.
   */
  write(key: BarCacheKey, bars: BarSeries, windows: readonly TimeWindow[], fetchedAt: number): Promise<Result<BarRevision[]>>;
  /** Every cached series. */
  status(): Promise<Result<BarCacheEntry[]>>;
}

/** Where bars come from: the simulated market (default), CSV folders, and the providers (Alpaca, Polygon, Yahoo). */
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
