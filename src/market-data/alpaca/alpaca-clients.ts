/**
 * The SDK's generated API classes, pointed at the configured hosts. The `Alpaca` facade has no `basePath` in 4.x,
 * so the adapter builds `marketData.StockApi`/`CryptoApi` and `trading.AssetsApi`/`CalendarApi`/`ClockApi` on Configurations
 * of its own. The SDK's own retries stay off (`maxRetries: 0`, its default): every retry goes through withRetry, so
 * one policy (and, in tests, one fake sleep) governs them all; its per-attempt deadline (`timeoutMs`) is kept.
 */
import { marketData, trading } from '@alpacahq/alpaca-trade-api';
import type { ResolvedAlpacaOptions } from './alpaca-options.js';

export interface AlpacaClients {
  readonly stocks: marketData.StockApi;
  readonly crypto: marketData.CryptoApi;
  readonly assets: trading.AssetsApi;
  readonly calendar: trading.CalendarApi;
  readonly clock: trading.ClockApi;
}

export function createAlpacaClients(o: Pick<ResolvedAlpacaOptions, 'keyId' | 'secretKey' | 'dataUrl' | 'tradingUrl' | 'timeoutMs'>): AlpacaClients {
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
}
