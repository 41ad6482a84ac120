/**
 * Real bars from Alpaca Market Data through the official SDK (@alpacahq/alpaca-trade-api 4): US stocks and ETFs from
 * the v2 stock bars (iex or sip feed, split-adjusted by default), crypto pairs (BTC/USD) from the v1beta3 crypto bars,
 * 24/7. Stamps become desk bar times (daily bars on their New York date, the regular session's intraday bars,
 * session-anchored hours); 429, 5xx and timeouts are retried; a refused key is one line naming the variables to fix.
 */
import type { BarsRequest, MarketData, SymbolCheck } from '../../app/market-data/ports.js';
import { createBarSeries, type BarSeries } from '../../core/domain/bar.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { quoteInput } from '../../core/domain/quote-input.js';
import { normalizeSymbol } from '../symbol.js';
import { checkWindow, formatTime } from '../window.js';
import { assetRefusal, checkAlpacaSymbols, lookupAsset } from './alpaca-assets.js';
import { fetchAlpacaBars } from './alpaca-bars.js';
import { createAlpacaClients, type AlpacaApi } from './alpaca-clients.js';
import { alpacaWindow, toDeskBars, type DeskBarsSpec } from './alpaca-desk-bars.js';
import { ALPACA_ENV, resolveAlpacaOptions, type AlpacaMarketDataOptions, type ResolvedAlpacaOptions } from './alpaca-options.js';
import { toAlpacaSymbol } from './alpaca-symbol.js';
import { toAlpacaTimeframe } from './alpaca-timeframe.js';

/** Asked for when a request has no `from`: Alpaca's stock history starts in 2016, its crypto history later. */
const EARLIEST_MS = Date.UTC(2015, 0, 1);
/** The largest instant a Date (and so an RFC 3339 parameter) can hold. */
const MAX_DATE_MS = 8.64e15;

/** Options as src/main reads them: the keys may be missing. */
export type AlpacaSettings = Omit<AlpacaMarketDataOptions, 'keyId' | 'secretKey'> & {
  readonly keyId?: string | undefined;
  readonly secretKey?: string | undefined;
};

/** The adapter, or data.not_configured naming the variables to set when a key is missing. */
export function alpacaMarketDataFrom(settings: AlpacaSettings): Result<MarketData> {
  const missing = [
    ...(settings.keyId === undefined || settings.keyId.trim() === '' ? [ALPACA_ENV.keyId] : []),
    ...(settings.secretKey === undefined || settings.secretKey.trim() === '' ? [ALPACA_ENV.secretKey] : []),
  ];
  if (missing.length > 0 || settings.keyId === undefined || settings.secretKey === undefined) {
    return fail('data.not_configured', `Alpaca market data needs ${ALPACA_ENV.keyId} and ${ALPACA_ENV.secretKey} (missing: ${missing.join(', ')})`, { missing });
  }
  return ok(createAlpacaMarketData({ ...settings, keyId: settings.keyId, secretKey: settings.secretKey }));
}

export function createAlpacaMarketData(options: AlpacaMarketDataOptions): MarketData {
  const o = resolveAlpacaOptions(options);
  const clients = createAlpacaClients(o);
  const adjusted = o.adjustment === 'split' ? 'split-adjusted' : 'raw prices';
  return {
    kind: 'alpaca',
    label: `Alpaca Market Data (${o.feed} feed, ${adjusted})`,
    simulated: false,
    adjustment: o.adjustment,
    getBars: (request) => getAlpacaBars(clients, o, request),
    checkSymbols: (symbols): Promise<Result<SymbolCheck>> => checkAlpacaSymbols(clients, o, symbols),
  };
}

async function getAlpacaBars(clients: AlpacaApi, o: ResolvedAlpacaOptions, request: BarsRequest): Promise<Result<BarSeries>> {
  const symbol = normalizeSymbol(request.symbol);
  if (!symbol.ok) return symbol;
  const alpaca = toAlpacaSymbol(symbol.value);
  if (!alpaca.ok) return alpaca;
  const window = checkWindow(request.from, request.to);
  if (!window.ok) return window;
  const market = alpaca.value.market;
  const timeframe = toAlpacaTimeframe(request.timeframe, market);
  const spec: DeskBarsSpec = { symbol: symbol.value, timeframe: request.timeframe, market, sessionHours: timeframe.sessionHours, from: request.from, to: request.to };
  const { start, end } = alpacaWindow(spec, EARLIEST_MS);
  if (!(Math.abs(start) <= MAX_DATE_MS && Math.abs(end) <= MAX_DATE_MS)) {
    return fail('data.range', `${formatTime(request.from ?? start)}..${formatTime(request.to)} is outside the dates Alpaca can be asked for`);
  }
  const raw = await fetchAlpacaBars(clients, o, { symbol: alpaca.value, timeframe, start, end });
  if (!raw.ok) return raw;
  const bars = toDeskBars(raw.value, spec);
  if (!bars.ok) return bars;
  if (bars.value.length > 0) return ok(createBarSeries(symbol.value, request.timeframe, bars.value));
  // Nothing at all may mean an unknown symbol (Alpaca answers some with an empty page): ask its asset list.
  let note = '';
  if (raw.value.length === 0) {
    const asset = await lookupAsset(clients, o, alpaca.value);
    if (asset.ok && asset.value === null) return fail('data.symbol', `Alpaca does not know ${quoteInput(symbol.value)}`, { symbol: symbol.value });
    const why = asset.ok && asset.value !== null ? assetRefusal(asset.value) : null;
    if (why !== null) note = `; ${symbol.value} is ${why}`;
  }
  const span = request.from === undefined ? `up to ${formatTime(request.to)}` : `between ${formatTime(request.from)} and ${formatTime(request.to)}`;
  const feed = market === 'crypto' ? '' : ` (${o.feed} feed)`;
  return fail('data.range', `Alpaca has no ${request.timeframe} bars of ${symbol.value} ${span}${feed}${note}`, { symbol: symbol.value, noBars: true });
}
