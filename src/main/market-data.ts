import type { BarCache } from '../app/market-data/ports.js';
import { createCachedMarketData } from '../app/market-data/cached-market-data.js';
import type { MarketData, MarketDataOptions, NamedMarketData } from '../app/market-data/ports.js';
import { createSourceChain, type ChainLink } from '../app/market-data/source-chain.js';
import type { Env } from '../config/env.js';
import { checkAdjustment, parseSourceSpec, type Adjustment, type DataSourceSpec, type ProviderName } from '../core/domain/data-source.js';
import { assertNever, fail, ok, type Result } from '../core/domain/result.js';
import { alpacaMarketDataFrom } from '../market-data/alpaca/alpaca-market-data.js';
import { createCsvMarketData } from '../market-data/csv/csv-market-data.js';
import { tryCreatePolygonMarketData } from '../market-data/polygon/polygon-market-data.js';
import { createSimMarketData } from '../market-data/sim/sim-market-data.js';
import { createYahooMarketData } from '../market-data/yahoo/yahoo-market-data.js';
import type { DataChoice } from './cli/data-option.js';

/**
 * One real provider from the environment, split-adjusted unless `raw` is asked, or data.not_configured naming the
 * variables to set.
 */
export function providerMarketData(env: Env, name: ProviderName, adjustment: Adjustment = 'split'): Result<MarketData> {
  switch (name) {
    case 'alpaca':
      return alpacaMarketDataFrom({
        keyId: env.APCA_API_KEY_ID, secretKey: env.APCA_API_SECRET_KEY, dataUrl: env.APCA_API_DATA_URL, tradingUrl: env.APCA_API_BASE_URL, feed: env.APCA_DATA_FEED, adjustment,
      });
    case 'polygon':
      return tryCreatePolygonMarketData({ apiKey: env.POLYGON_API_KEY, baseUrl: env.POLYGON_API_URL, adjustment });
    case 'yahoo':
      return ok(createYahooMarketData({ ...(env.YAHOO_API_URL === undefined ? {} : { apiUrl: env.YAHOO_API_URL }), adjustment }));
    default:
      return assertNever(name);
  }
}

/** Where a desk keeps the bars its providers sent (opened on first use: a desk on the simulated market never opens it). */
export interface ProviderCache {
  readonly cache: () => BarCache;
  readonly log: (line: string) => void;
}

/** The cache key names what changes the bars: Alpaca's feed (iex and sip bars differ). */
export const cacheSource = (env: Env, name: ProviderName): string => (name === 'alpaca' ? `alpaca-${env.APCA_DATA_FEED}` : name);

/**
 * A provider read through the bar cache when there is one: a window fetched once is never asked again. Raw and
 * split-adjusted bars are two series, cached apart.
 */
export function cachedProvider(env: Env, name: ProviderName, cache: ProviderCache | undefined, adjustment: Adjustment = 'split'): Result<MarketData> {
  const market = providerMarketData(env, name, adjustment);
  if (!market.ok || cache === undefined) return market;
  return ok(createCachedMarketData(market.value, cache.cache(), { adjustment, log: cache.log, source: cacheSource(env, name) }));
}

/** How `marketDataFor` builds a source: a run's pinned symbols, the providers' adjustment, the bar cache. */
export interface MarketDataForOptions extends MarketDataOptions {
  readonly cache?: ProviderCache | undefined;
}

/**
 * Bars for a source choice: the simulated market, the configured CSV folder, a given folder, or real providers as a
 * fallback chain (`pinned`: symbols already bound to a provider, e.g. by a run's manifest), split-adjusted unless
 * `adjustment` is `raw` (refused for the simulated market and CSV files). Never simulated bars for a real-data request.
 */
export function marketDataFor(env: Env, choice: DataChoice, options: MarketDataForOptions = {}): Result<MarketData> {
  const adjustment = options.adjustment ?? 'split';
  const checked = checkAdjustment(choice.kind === 'folder' ? 'csv' : choice.kind, adjustment);
  if (!checked.ok) return checked;
  switch (choice.kind) {
    case 'sim':
      return ok(createSimMarketData({ seed: env.TRADEDESK_SIM_SEED }));
    case 'csv':
      return env.TRADEDESK_DATA_DIR === undefined
        ? fail('data.not_configured', 'csv data needs TRADEDESK_DATA_DIR (see .env.example)')
        : ok(createCsvMarketData({ dir: env.TRADEDESK_DATA_DIR }));
    case 'folder':
      return ok(createCsvMarketData({ dir: choice.dir }));
    case 'providers':
      return providerChain(choice.chain, (name) => cachedProvider(env, name, options.cache, adjustment), options.pinned ?? {});
    default:
      return assertNever(choice);
  }
}

/**
 * The desk's sources by name (`sim`, `csv`, `alpaca,yahoo`), as runs and chat options store them. Each market is
 * built once and shared (the simulated market's cache, a provider's clients): one per provider and adjustment; a
 * provider list is a fresh chain over the shared providers, pinned to a run's symbols when given.
 */
export function createNamedSources(env: Env, cache?: ProviderCache): NamedMarketData {
  const built = new Map<string, Result<MarketData>>();
  const one = (key: string, make: () => Result<MarketData>): Result<MarketData> => {
    const hit = built.get(key);
    if (hit !== undefined) return hit;
    const made = make();
    built.set(key, made);
    return made;
  };
  return (source, options = {}) => {
    const spec = parseSourceSpec(source, 'data');
    if (!spec.ok) return spec;
    const s: DataSourceSpec = spec.value;
    const adjustment = checkAdjustment(s.kind, options.adjustment ?? 'split');
    if (!adjustment.ok) return adjustment;
    if (s.kind !== 'providers') return one(s.kind, () => marketDataFor(env, s));
    return providerChain(s.chain, (name) => one(`${name}|${adjustment.value}`, () => cachedProvider(env, name, cache, adjustment.value)), options.pinned ?? {});
  };
}

/** The fallback chain over the named providers; the first one that cannot be built (no key) is the answer. */
function providerChain(chain: readonly ProviderName[], provider: (name: ProviderName) => Result<MarketData>, pinned: Readonly<Record<string, string>>): Result<MarketData> {
  const links: ChainLink[] = [];
  for (const name of chain) {
    const market = provider(name);
    if (!market.ok) return market;
    links.push({ name, market: market.value });
  }
  return ok(createSourceChain(links, pinned));
}
