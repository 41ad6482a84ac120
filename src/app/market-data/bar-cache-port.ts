// The port to the bar cache (src/store/market-data/bar-cache.ts implements it over SQLite; tests use it on a real file).
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
