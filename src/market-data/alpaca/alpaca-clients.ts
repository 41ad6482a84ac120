/**
 * The SDK's generated API classes, pointed at the configured hosts. The `Alpaca` facade has no `basePath` in 4.x,
 * so the adapter builds `marketData.StockApi`/`CryptoApi` and `trading.AssetsApi`/`CalendarApi`/`ClockApi` on Configurations
 * of its own. The SDK's own retries stay off (`maxRetries: 0`, its default): every retry goes through withRetry, so
 * one policy (and, in tests, one fake sleep) governs them all; its per-attempt deadline (`timeoutMs`) is kept.
 */
import type * as AlpacaSdk from '@alpacahq/alpaca-trade-api';
import type { marketData, trading } from '@alpacahq/alpaca-trade-api';
import type { ResolvedAlpacaOptions } from './alpaca-options.js';

let sdk: Promise<typeof AlpacaSdk> | undefined;

/**
 * The SDK, imported at the first request (it takes longer to load than a whole CSV backtest runs): a process that
 * never asks Alpaca anything, like a backtest on CSV or simulated data, never loads it.
 */
export function alpacaSdk(): Promise<typeof AlpacaSdk> {
  sdk ??= import('@alpacahq/alpaca-trade-api');
  return sdk;
}

export interface AlpacaClients {
  readonly stocks: marketData.StockApi;
  readonly crypto: marketData.CryptoApi;
  readonly assets: trading.AssetsApi;
  readonly calendar: trading.CalendarApi;
  readonly clock: trading.ClockApi;
}

/** The clients, built (and the SDK loaded) on first use. */
export type AlpacaApi = () => Promise<AlpacaClients>;

export function createAlpacaClients(o: Pick<ResolvedAlpacaOptions, 'keyId' | 'secretKey' | 'dataUrl' | 'tradingUrl' | 'timeoutMs'>): AlpacaApi {
  let clients: Promise<AlpacaClients> | undefined;
  return () => {
    clients ??= alpacaSdk().then(({ marketData, trading }) => {
      const common = { keyId: o.keyId, secret: o.secretKey, timeoutMs: o.timeoutMs, retry: { maxRetries: 0 } };
      const data = new marketData.Configuration({ ...common, basePath: o.dataUrl });
      const tradingHost = new trading.Configuration({ ...common, basePath: o.tradingUrl });
      return {
        stocks: new marketData.StockApi(data),
        crypto: new marketData.CryptoApi(data),
        assets: new trading.AssetsApi(tradingHost),
        calendar: new trading.CalendarApi(tradingHost),
        clock: new trading.ClockApi(tradingHost),
      };
    });
    return clients;
  };
}
