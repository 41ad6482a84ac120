/**
 * Alpaca's asset list (GET {trading host}/v2/assets/{symbol}): which symbols it knows, and whether they still trade.
 * `checkSymbols` asks it for every symbol before a run; getBars asks it when a window comes back empty, to tell an
 * unknown symbol from a window without bars.
 */
import type { SymbolCheck } from '../../app/market-data/ports.js';
import { quoteInput } from '../../core/domain/quote-input.js';
import { ok, type Result } from '../../core/domain/result.js';
import { withRetry, type Attempt } from '../provider/retry.js';
import { normalizeSymbol } from '../symbol.js';
import { attemptJson, PROVIDER } from './alpaca-call.js';
import type { AlpacaApi } from './alpaca-clients.js';
import type { ResolvedAlpacaOptions } from './alpaca-options.js';
import { assetSchema, type AlpacaAsset } from './alpaca-payloads.js';
import { toAlpacaSymbol, type AlpacaSymbol } from './alpaca-symbol.js';

/** Lookups in flight at once. */
const CONCURRENCY = 4;

/** The asset, or null when Alpaca does not know the symbol (404). */
export async function lookupAsset(clients: AlpacaApi, o: ResolvedAlpacaOptions, symbol: AlpacaSymbol): Promise<Result<AlpacaAsset | null>> {
  // Crypto assets are looked up as BTCUSD: a slash in a path segment is not something to rely on.
  const id = symbol.market === 'crypto' ? symbol.alpaca.replace('/', '') : symbol.alpaca;
  const notFound = (status: number, message: string): Attempt<AlpacaAsset | null> =>
    status === 404 ? { kind: 'done', value: null } : { kind: 'fail', code: 'data.unavailable', message: `Alpaca refused the asset lookup of ${id} (HTTP ${status}: ${quoteInput(message)})` };
  return withRetry(PROVIDER, () => attemptJson('trading', `asset ${id}`, async () => (await clients()).assets.getV2AssetsSymbolOrAssetIdRaw({ symbolOrAssetId: id }), assetSchema, notFound), o.retry);
}

/** Why a known asset cannot be used, or null when it can. */
export function assetRefusal(asset: AlpacaAsset): string | null {
  if (asset.status !== 'active') return 'delisted/inactive on Alpaca';
  if (!asset.tradable) return 'not tradable on Alpaca';
  return null;
}

export async function checkAlpacaSymbols(clients: AlpacaApi, o: ResolvedAlpacaOptions, symbols: readonly string[]): Promise<Result<SymbolCheck>> {
  const verdicts: (Result<string | null> | undefined)[] = new Array(symbols.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < symbols.length) {
      const i = next++;
      verdicts[i] = await verdictOf(clients, o, symbols[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, symbols.length) }, worker));
  const accepted: string[] = [];
  const refused: { symbol: string; reason: string }[] = [];
  for (let i = 0; i < symbols.length; i++) {
    const v = verdicts[i]!;
    if (!v.ok) return v; // a refused key or an unavailable host: no answer for any symbol
    const shown = normalizeSymbol(symbols[i]!);
    const symbol = shown.ok ? shown.value : symbols[i]!;
    if (v.value === null) accepted.push(symbol);
    else refused.push({ symbol, reason: v.value });
  }
  return ok({ accepted, refused });
}

/** null: accepted; a string: why refused; a failure: the check itself failed. */
async function verdictOf(clients: AlpacaApi, o: ResolvedAlpacaOptions, raw: string): Promise<Result<string | null>> {
  const normal = normalizeSymbol(raw);
  if (!normal.ok) return ok(normal.error.message);
  const symbol = toAlpacaSymbol(normal.value);
  if (!symbol.ok) return ok(symbol.error.message);
  const asset = await lookupAsset(clients, o, symbol.value);
  if (!asset.ok) return asset;
  if (asset.value === null) return ok('unknown to Alpaca');
  // Alpaca finds its crypto pairs by their joined id too (BTCUSD is BTC/USD), but the desk reads a bare ...USD as a
  // stock ticker (bars from the stock endpoint, US market hours): ask for the pair's spelling instead.
  if (symbol.value.market === 'us-equities' && asset.value.class === 'crypto') {
    return ok(`a crypto pair on Alpaca: write it ${asset.value.symbol} (or with a dash: ${asset.value.symbol.replace('/', '-')})`);
  }
  return ok(assetRefusal(asset.value));
}
