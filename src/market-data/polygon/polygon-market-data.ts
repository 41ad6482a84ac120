/**
 * Real bars from Polygon (https://polygon.io) through @polygon.io/client-js: US stocks and crypto pairs at every desk
 * timeframe, split-adjusted unless asked for raw prices, each page retried on 429/5xx/timeouts, each payload parsed
 * with zod. Nothing is cached: a bar Polygon revises is seen at the next request.
 */
import type { DefaultApi } from '@polygon.io/client-js';
import { createBarSeries, TIMEFRAMES, type BarSeries } from '../../core/domain/bar.js';
import { quoteInput } from '../../core/domain/quote-input.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { LIMITS } from '../../core/limits.js';
import type { BarsRequest, MarketData, SymbolCheck } from '../../app/market-data/ports.js';
import type { RetryPolicy } from '../provider/retry.js';
import { normalizeSymbol } from '../symbol.js';
import { checkWindow, formatTime } from '../window.js';
import { fetchAggregates } from './polygon-aggregates.js';
import { toDeskBars } from './polygon-bars.js';
import { polygonSdk, PROVIDER, type PolygonContext } from './polygon-call.js';
import { lookUpTicker } from './polygon-reference.js';
import { polygonRange, polygonWindow, toPolygonTicker, type PolygonTicker } from './polygon-symbols.js';

export const POLYGON_DEFAULT_URL = 'https://api.polygon.io';

export interface PolygonMarketDataOptions {
  readonly apiKey: string;
  /** Default https://api.polygon.io (POLYGON_API_URL). */
  readonly baseUrl?: string;
  /** `split` (default): split-adjusted prices (`adjusted=true`); `raw`: as traded. */
  readonly adjustment?: 'split' | 'raw';
  /** Default DEFAULT_RETRY_POLICY; tests pass one with a fake sleep. */
  readonly retry?: RetryPolicy;
  /** Per HTTP request (default 15 s). */
  readonly timeoutMs?: number;
  /** Polygon's `limit`: bars per page (default and maximum 50,000). */
  readonly pageLimit?: number;
  /** Bars one request may gather over all its pages (default LIMITS.barsPerBacktest). */
  readonly maxBars?: number;
}

export function createPolygonMarketData(options: PolygonMarketDataOptions): MarketData {
  const adjustment = options.adjustment ?? 'split';
  const baseUrl = (options.baseUrl ?? POLYGON_DEFAULT_URL).replace(/\/+$/, '');
  let client: Promise<DefaultApi> | undefined;
  const ctx: PolygonContext = {
    client: () => {
      client ??= polygonSdk().then(({ restClient }) => restClient(options.apiKey, baseUrl));
      return client;
    },
    timeoutMs: options.timeoutMs ?? 15_000,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
  };
  const pageLimit = Math.max(1, Math.min(50_000, options.pageLimit ?? 50_000));
  const maxBars = options.maxBars ?? LIMITS.barsPerBacktest;

  const getBars = async (request: BarsRequest): Promise<Result<BarSeries>> => {
    const symbol = normalizeSymbol(request.symbol);
    if (!symbol.ok) return symbol;
    if (!TIMEFRAMES.includes(request.timeframe)) {
      return fail('data.timeframe', `unknown timeframe ${quoteInput(request.timeframe)} (use ${TIMEFRAMES.join(', ')})`);
    }
    const window = checkWindow(request.from, request.to);
    if (!window.ok) return window;
    const ticker = toPolygonTicker(symbol.value);
    if (!ticker.ok) return ticker;
    const range = polygonRange(request.timeframe, ticker.value.market);
    const asked = polygonWindow(range, request.from, request.to);
    const got = await fetchAggregates(ctx, { ticker: ticker.value, range, ...asked, adjusted: adjustment === 'split', pageLimit, maxBars });
    if (!got.ok) return got;
    if (got.value.kind === 'not_found') return unknownSymbol(symbol.value, ticker.value);
    const bars = toDeskBars(got.value.bars, range, ticker.value.market, request.from, request.to);
    if (bars.length > 0) return ok(createBarSeries(symbol.value, request.timeframe, bars));
    // No bars: an unknown ticker gets the same empty answer as a quiet window, so ask which it is.
    let note = '';
    if (got.value.bars.length === 0) {
      const standing = await lookUpTicker(ctx, ticker.value.ticker);
      if (!standing.ok) return standing;
      if (standing.value === 'unknown') return unknownSymbol(symbol.value, ticker.value);
      if (standing.value === 'inactive') note = ' (delisted: inactive on Polygon)';
    }
    const span = request.from === undefined ? `up to ${formatTime(request.to)}` : `between ${formatTime(request.from)} and ${formatTime(request.to)}`;
    return fail('data.range', `Polygon has no ${request.timeframe} bars for ${symbol.value} ${span}${note}`, { provider: PROVIDER, symbol: symbol.value, noBars: true });
  };

  const checkSymbols = async (symbols: readonly string[]): Promise<Result<SymbolCheck>> => {
    const accepted: string[] = [];
    const refused: { symbol: string; reason: string }[] = [];
    // One at a time: Polygon's rate limits are per minute, and a run names at most LIMITS.symbolsPerRun symbols.
    for (const raw of symbols) {
      const symbol = normalizeSymbol(raw);
      if (!symbol.ok) {
        refused.push({ symbol: raw, reason: symbol.error.message });
        continue;
      }
      const ticker = toPolygonTicker(symbol.value);
      if (!ticker.ok) {
        refused.push({ symbol: symbol.value, reason: ticker.error.message });
        continue;
      }
      const standing = await lookUpTicker(ctx, ticker.value.ticker);
      if (!standing.ok) return standing;
      if (standing.value === 'active') accepted.push(symbol.value);
      else refused.push({ symbol: symbol.value, reason: standing.value === 'unknown' ? 'unknown to Polygon' : 'delisted (inactive on Polygon)' });
    }
    return ok({ accepted, refused });
  };

  const label = `Polygon (${adjustment === 'split' ? 'split-adjusted' : 'raw prices'})`;
  return { kind: 'polygon', label, simulated: false, adjustment, getBars, checkSymbols };
}

function unknownSymbol(symbol: string, ticker: PolygonTicker): Result<never> {
  const named = ticker.ticker === symbol ? symbol : `${symbol} (${ticker.ticker})`;
  return fail('data.symbol', `${named} is unknown to Polygon`, { provider: PROVIDER, symbol });
}

export interface PolygonSettings extends Omit<PolygonMarketDataOptions, 'apiKey' | 'baseUrl'> {
  /** POLYGON_API_KEY, possibly unset. */
  readonly apiKey: string | undefined;
  /** POLYGON_API_URL, possibly unset. */
  readonly baseUrl?: string | undefined;
}

/** The Polygon source from settings that may lack a key: `data.not_configured` naming the variable to set. */
export function tryCreatePolygonMarketData(settings: PolygonSettings): Result<MarketData> {
  const { apiKey, baseUrl, ...rest } = settings;
  if (apiKey === undefined || apiKey.trim() === '') {
    return fail('data.not_configured', 'the Polygon source needs an API key: set POLYGON_API_KEY');
  }
  if (baseUrl !== undefined && baseUrl.trim() !== '' && !isHttpUrl(baseUrl.trim())) {
    return fail('data.not_configured', `POLYGON_API_URL must be an http(s) URL, got ${quoteInput(baseUrl)}`);
  }
  const url = baseUrl === undefined || baseUrl.trim() === '' ? POLYGON_DEFAULT_URL : baseUrl.trim();
  return ok(createPolygonMarketData({ ...rest, apiKey: apiKey.trim(), baseUrl: url }));
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
