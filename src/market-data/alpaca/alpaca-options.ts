/** What the Alpaca adapter is built from: values only; the environment variables' NAMES appear in its messages. */
import type { RetryPolicy } from '../provider/retry.js';

/** The variables src/main reads these options from, named in every message that asks a user to fix one. */
export const ALPACA_ENV = {
  keyId: 'APCA_API_KEY_ID',
  secretKey: 'APCA_API_SECRET_KEY',
  dataUrl: 'APCA_API_DATA_URL',
  tradingUrl: 'APCA_API_BASE_URL',
  feed: 'APCA_DATA_FEED',
} as const;

export const ALPACA_DATA_URL = 'https://data.alpaca.markets';
/** Paper trading host: /v2/assets, /v2/calendar and /v2/clock answer the same there as on the live host. */
export const ALPACA_TRADING_URL = 'https://paper-api.alpaca.markets';
export const ALPACA_TIMEOUT_MS = 30_000;

export type AlpacaFeed = 'iex' | 'sip';
export type AlpacaAdjustment = 'split' | 'raw';

export interface AlpacaMarketDataOptions {
  readonly keyId: string;
  readonly secretKey: string;
  /** Market data host (default https://data.alpaca.markets). */
  readonly dataUrl?: string;
  /** Trading host, where /v2/assets and /v2/calendar live (default the paper host). */
  readonly tradingUrl?: string;
  /** `iex` (free, default) or `sip` (all US exchanges; needs a subscription for recent data). */
  readonly feed?: AlpacaFeed;
  /** `split` (default): prices before a split divided by its ratio; `raw`: as traded. */
  readonly adjustment?: AlpacaAdjustment;
  /** Retries of 429, 5xx and timeouts (tests pass a fake `sleep`). */
  readonly retry?: RetryPolicy;
  /** One HTTP attempt's deadline, body included (default 30 s). */
  readonly timeoutMs?: number;
}

/** Options with every default filled in. */
export interface ResolvedAlpacaOptions {
  readonly keyId: string;
  readonly secretKey: string;
  readonly dataUrl: string;
  readonly tradingUrl: string;
  readonly feed: AlpacaFeed;
  readonly adjustment: AlpacaAdjustment;
  readonly retry: RetryPolicy | undefined;
  readonly timeoutMs: number;
}

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

export function resolveAlpacaOptions(o: AlpacaMarketDataOptions): ResolvedAlpacaOptions {
  if (o.keyId.trim() === '' || o.secretKey.trim() === '') {
    throw new Error(`Alpaca options need a key id and a secret (build them with alpacaMarketDataFrom, which checks ${ALPACA_ENV.keyId} and ${ALPACA_ENV.secretKey})`);
  }
  return {
    keyId: o.keyId,
    secretKey: o.secretKey,
    dataUrl: trimSlash(o.dataUrl ?? ALPACA_DATA_URL),
    tradingUrl: trimSlash(o.tradingUrl ?? ALPACA_TRADING_URL),
    feed: o.feed ?? 'iex',
    adjustment: o.adjustment ?? 'split',
    retry: o.retry,
    timeoutMs: o.timeoutMs ?? ALPACA_TIMEOUT_MS,
  };
}
