// The real Alpaca SDK against the fake on 127.0.0.1: one place that starts the fake with a known key and builds the
// adapter with a retry policy whose sleep records the waits instead of waiting.
import { createAlpacaMarketData } from '../../../src/market-data/alpaca/alpaca-market-data.js';
import type { AlpacaMarketDataOptions } from '../../../src/market-data/alpaca/alpaca-options.js';
import type { RetryPolicy } from '../../../src/market-data/provider/retry.js';
import { startFakeAlpaca, type FakeAlpaca } from '../../fakes/alpaca/fake-alpaca.js';

export const KEY = { keyId: 'PKTEST1234', secretKey: 'secret-for-tests' } as const;

export interface Harness {
  readonly fake: FakeAlpaca;
  /** Every wait the adapter asked for, in ms (none of them waited). */
  readonly waits: number[];
  readonly retry: RetryPolicy;
  market(options?: Partial<AlpacaMarketDataOptions>): ReturnType<typeof createAlpacaMarketData>;
}

export async function startHarness(pageSize = 50): Promise<Harness> {
  const fake = await startFakeAlpaca({ ...KEY, pageSize });
  const waits: number[] = [];
  const retry: RetryPolicy = { attempts: 3, baseDelayMs: 200, maxDelayMs: 5_000, sleep: async (ms) => void waits.push(ms) };
  return {
    fake,
    waits,
    retry,
    market: (options = {}) => createAlpacaMarketData({ ...KEY, dataUrl: fake.url, tradingUrl: fake.url, retry, ...options }),
  };
}

export const t = (iso: string): number => Date.parse(iso);
