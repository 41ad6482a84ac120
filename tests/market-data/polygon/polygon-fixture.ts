// The Polygon adapter's tests drive the real @polygon.io/client-js (axios) against the fake server on 127.0.0.1.
// axios honours HTTP_PROXY/HTTPS_PROXY from the environment: NO_PROXY keeps the fake's requests off any proxy.
import type { MarketData } from '../../../src/app/market-data/ports.js';
import { createPolygonMarketData, type PolygonMarketDataOptions } from '../../../src/market-data/polygon/polygon-market-data.js';
import type { RetryPolicy } from '../../../src/market-data/provider/retry.js';
import { cryptoDays, cryptoMinutes, extendedHoursMinutes, weekdayDailyBars } from '../../fakes/polygon/fake-polygon-bars.js';
import { startFakePolygon, type FakePolygon, type FakePolygonOptions } from '../../fakes/polygon/fake-polygon.js';

process.env.NO_PROXY = '127.0.0.1,localhost';
process.env.no_proxy = '127.0.0.1,localhost';

export const KEY = 'test-polygon-key';

/** AAPL (daily Jan-Mar 2024, extended-hours minutes on 4-5 March, a 4:1 split after), OLD (delisted), BTC. */
export function standardTickers(): FakePolygonOptions['tickers'] {
  return {
    AAPL: { daily: weekdayDailyBars('2024-01-01', '2024-03-29'), minutes: extendedHoursMinutes(['2024-03-04', '2024-03-05']), rawFactor: 4 },
    OLD: { daily: weekdayDailyBars('2024-01-01', '2024-01-31', 20), active: false },
    'X:BTCUSD': { daily: cryptoDays('2024-03-01', '2024-03-10'), minutes: cryptoMinutes(Date.parse('2024-03-02T00:00:00Z'), 2 * 24 * 60) },
  };
}

export interface Harness {
  readonly fake: FakePolygon;
  /** Every wait the retry policy asked for, in ms (the sleep is fake: tests never wait). */
  readonly sleeps: number[];
  readonly retry: RetryPolicy;
  market(options?: Partial<PolygonMarketDataOptions>): MarketData;
}

export async function startHarness(fakeOptions: Partial<FakePolygonOptions> = {}): Promise<Harness> {
  const fake = await startFakePolygon({ apiKey: KEY, tickers: standardTickers(), pageSize: 25, ...fakeOptions });
  const sleeps: number[] = [];
  const retry: RetryPolicy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 10_000, sleep: async (ms) => void sleeps.push(ms) };
  return {
    fake,
    sleeps,
    retry,
    market: (options = {}) => createPolygonMarketData({ apiKey: KEY, baseUrl: fake.baseUrl, retry, timeoutMs: 5_000, ...options }),
  };
}

/** The request paths the fake saw for aggregates. */
export const aggregateRequests = (fake: FakePolygon) => fake.requests.filter((r) => r.path.startsWith('/v2/aggs/'));
