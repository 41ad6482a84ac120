/**
 * The SDK's generated trading API classes (`OrdersApi`, `AccountsApi`, `PositionsApi`, `AccountActivitiesApi`), pointed at the configured
 * host and built on first use, with the SDK loaded lazily by the import the market-data adapter uses too. The SDK's
 * own retries stay off (`maxRetries: 0`): every retry goes through alpaca-trading-call.ts, so one bounded policy
 * governs them.
 */
import type { trading } from '@alpacahq/alpaca-trade-api';
import { alpacaSdk } from '../../market-data/alpaca/alpaca-clients.js';

export interface TradingApi {
  readonly orders: trading.OrdersApi;
  readonly accounts: trading.AccountsApi;
  readonly positions: trading.PositionsApi;
  readonly activities: trading.AccountActivitiesApi;
}

export interface TradingHost {
  readonly keyId: string;
  readonly secretKey: string;
  readonly baseUrl: string;
  readonly timeoutMs: number;
}

export function createTradingApi(host: TradingHost): () => Promise<TradingApi> {
  let api: Promise<TradingApi> | undefined;
  return () => {
    api ??= alpacaSdk().then(({ trading }) => {
      const config = new trading.Configuration({ keyId: host.keyId, secret: host.secretKey, timeoutMs: host.timeoutMs, retry: { maxRetries: 0 }, basePath: host.baseUrl });
      return { orders: new trading.OrdersApi(config), accounts: new trading.AccountsApi(config), positions: new trading.PositionsApi(config), activities: new trading.AccountActivitiesApi(config) };
    });
    return api;
  };
}
