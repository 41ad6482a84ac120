// MarketData through the bar cache (issue 11): a window the cache covers is served with no provider request; otherwise
// only the missing parts are fetched, kept, and the answer comes from the merged cache. A bar the provider revises
// replaces the cached one and is logged. Provider errors pass through unchanged: a request whose missing part fails,
// fails (never a partial window served as if whole).
import { TIMEFRAMES, type BarSeries } from '../../core/domain/bar.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import type { BarsRequest, MarketData } from './ports.js';
import type { BarAdjustment, BarCache, BarCacheEntry, BarCacheKey } from './ports.js';
import { fetchMissing } from './fetch-missing.js';
import { missingWindows } from './time-windows.js';

export interface CachedMarketDataOptions {
  readonly adjustment: BarAdjustment;
  /** One line per revised bar. */
  readonly log: (line: string) => void;
  /** Names the source and its settings in the cache key (default: the provider's kind), e.g. `sim-42` for seed 42. */
  readonly source?: string;
  /** The wall clock (epoch ms): bars still forming at `now` are served but never kept or counted as covered. */
  readonly now?: () => number;
}

export interface CachedMarketData extends MarketData {
  /** True when the last answer came wholly from the cache (no provider request); undefined before the first. */
  lastFromCache(): boolean | undefined;
  /** Every cached series, for `tradedesk data status`. */
  cacheStatus(): Promise<Result<BarCacheEntry[]>>;
}

export function createCachedMarketData(provider: MarketData, cache: BarCache, opts: CachedMarketDataOptions): CachedMarketData {
  const now = opts.now ?? (() => Date.now());
  let fromCache: boolean | undefined;

  const getBars = async (request: BarsRequest): Promise<Result<BarSeries>> => {
    const { timeframe, to } = request;
    const from = request.from ?? -Infinity;
    // A window no source could serve, or an unknown timeframe: the provider says why, in its own words.
    if (!TIMEFRAMES.includes(timeframe) || !Number.isSafeInteger(to) || (request.from !== undefined && !(Number.isSafeInteger(from) && from <= to))) {
      fromCache = false;
      return provider.getBars(request);
    }
    const key: BarCacheKey = { provider: opts.source ?? provider.kind, symbol: request.symbol.trim().toUpperCase(), timeframe, adjustment: opts.adjustment };
    const cached = await cache.read(key, from, to);
    if (!cached.ok) return cached;
    const missing = missingWindows({ from, to }, cached.value.windows);
    if (missing.length === 0) {
      fromCache = true;
      return answer(cached.value.bars, undefined);
    }
    fromCache = false;
    const fetched = await fetchMissing(provider, request.symbol, timeframe, missing, now());
    if (!fetched.ok) return fetched;
    const { keep, covered, forming, emptyAnswer } = fetched.value;
    if (keep.length > 0 || covered.length > 0) {
      const written = await cache.write(key, keep, covered, now());
      if (!written.ok) return written;
      for (const r of written.value) {
        opts.log(`bar cache: ${key.provider} ${key.symbol} ${timeframe} ${new Date(r.time).toISOString()} revised: close ${r.oldClose} -> ${r.newClose}`);
      }
    }
    const merged = await cache.read(key, from, to);
    if (!merged.ok) return merged;
    return answer(appendForming(merged.value.bars, forming), emptyAnswer);
  };

  function answer(bars: BarSeries, emptyAnswer: Result<never> | undefined): Result<BarSeries> {
    if (bars.length > 0) return ok(bars);
    return emptyAnswer ?? fail('data.range', `no ${bars.timeframe} bars for ${bars.symbol} in the window asked (${provider.label})`);
  }

  return {
    kind: provider.kind,
    label: provider.label,
    simulated: provider.simulated,
    ...(provider.adjustment === undefined ? {} : { adjustment: provider.adjustment }),
    getBars,
    ...(provider.checkSymbols === undefined ? {} : { checkSymbols: provider.checkSymbols.bind(provider) }),
    lastFromCache: () => fromCache,
    cacheStatus: () => cache.status(),
  };
}

/** The kept bars followed by the still-forming ones after them (those are never in the cache). */
function appendForming(bars: BarSeries, forming: BarSeries): BarSeries {
  if (forming.length === 0) return bars;
  let n = bars.length;
  while (n > 0 && bars.time[n - 1]! >= forming.time[0]!) n--;
  const total = n + forming.length;
  const out = { symbol: bars.symbol, timeframe: bars.timeframe, length: total, time: new Float64Array(total), open: new Float64Array(total), high: new Float64Array(total), low: new Float64Array(total), close: new Float64Array(total), volume: new Float64Array(total) };
  for (const c of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
    out[c].set(bars[c].subarray(0, n));
    out[c].set(forming[c], n);
  }
  return out;
}

