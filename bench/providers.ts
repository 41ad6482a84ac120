// Real providers through the bar cache (issue 11), against the fake Alpaca on 127.0.0.1 (the test fake itself, driven
// by the real @alpacahq/alpaca-trade-api SDK through the desk's own wiring, cachedProvider):
// (a) a 10-year daily fetch of 100 symbols into a fresh cache (provider requests, pages and SQLite writes included);
// (b) the same trend-following backtest of those symbols served from the cache by a fresh wrapper (a restart), with
//     no provider request;
// (c) a paper run's per-bar fetch: with the cache warm up to a day, each later close asks the iteration's window
//     (as iterateRun does) and so fetches only the one new bar; p50/p95 over 200 closes.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { backtest } from '../src/app/backtest/backtest.js';
import { iterationWindowStart } from '../src/app/runs/iteration-window.js';
import { loadEnv } from '../src/config/env.js';
import { DEFAULT_QUANT, DEFAULT_SIZING } from '../src/core/engine/config.js';
import { DEFAULT_GATE_LIMITS } from '../src/core/risk/gates.js';
import { bindStrategy } from '../src/core/strategies/registry.js';
import { cachedProvider } from '../src/main/market-data.js';
import { createBarCache, type StoreBarCache } from '../src/store/market-data/bar-cache.js';
import { createStore } from '../src/store/db/client.js';
import { migrateDatabase } from '../src/store/migrations/migrate.js';
import { dailyStockBars } from '../tests/fakes/alpaca/fake-alpaca-bars.js';
import { startFakeAlpaca } from '../tests/fakes/alpaca/fake-alpaca.js';
import type { BenchFigure } from './figure.js';

const SYMBOLS = Number(process.env.BENCH_PROVIDER_SYMBOLS ?? 100);
const FROM = '2014-01-02';
const TO = '2023-12-29';
const CLOSES = 200;
const DAY_MS = 86_400_000;

const round2 = (x: number): number => Math.round(x * 100) / 100;
const pct = (xs: readonly number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

export async function benchProviders(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tradedesk-bench-providers-'));
  const url = `file:${path.join(dir, 'desk.db')}`;
  const migrated = await migrateDatabase(url);
  if (!migrated.ok) throw new Error(migrated.error.message);
  const store = createStore({ databaseUrl: url });
  // Alpaca's own page limit is 10,000 bars: a 10-year daily series is one page, as it is from the real host.
  const fake = await startFakeAlpaca({ keyId: 'key', secretKey: 'secret', pageSize: 10_000 });
  const caches: StoreBarCache[] = [];
  try {
    const symbols = Array.from({ length: SYMBOLS }, (_, i) => `S${String(i).padStart(3, '0')}`);
    const days = dailyStockBars(FROM, TO);
    symbols.forEach((s, i) => fake.setBars(s, '1Day', dailyStockBars(FROM, TO, 50 + i)));
    const env = loadEnv({ APCA_API_KEY_ID: 'key', APCA_API_SECRET_KEY: 'secret', APCA_API_DATA_URL: fake.url, APCA_API_BASE_URL: fake.url, DATABASE_URL: url });
    if (!env.ok) throw new Error(env.error.message);
    const open = () => {
      const cache = createBarCache(store.prisma, { databaseUrl: url });
      caches.push(cache);
      const market = cachedProvider(env.value, 'alpaca', { cache: () => cache, log: () => {} });
      if (!market.ok) throw new Error(market.error.message);
      return market.value;
    };
    const from = Date.parse(`${FROM}T00:00:00Z`);
    const to = Date.parse(`${TO}T00:00:00Z`) + DAY_MS - 1;

    // (a) the fetch: every symbol once, one after another as `tradedesk data fetch` does.
    const fetcher = open();
    const f0 = performance.now();
    let bars = 0;
    for (const symbol of symbols) {
      const res = await fetcher.getBars({ symbol, timeframe: '1d', from, to });
      if (!res.ok) throw new Error(`bench providers: ${res.error.message}`);
      bars += res.value.length;
    }
    const fetchMs = performance.now() - f0;
    const asked = fake.requests.length;

    // (b) the backtest from the cache, in a fresh wrapper (nothing in memory).
    const b0 = performance.now();
    const outcome = await backtest({ marketData: open(), codeVersion: 'bench' }, {
      strategyId: 'trend-following', params: {}, symbols, timeframe: '1d', from, to, startCash: 100_000, sizing: DEFAULT_SIZING,
      costs: { commissionRate: 0, slippageBps: 0 }, rules: [], quant: DEFAULT_QUANT, gates: DEFAULT_GATE_LIMITS, gatesMode: 'enforce',
    });
    const backtestMs = performance.now() - b0;
    if (!outcome.ok) throw new Error(`bench providers: ${outcome.error.message}`);
    if (fake.requests.length !== asked) throw new Error('bench providers: the cached backtest asked the provider');

    // (c) a paper run's closes: warm up to CLOSES sessions before the end, then one close after another.
    const strategy = bindStrategy('trend-following', {});
    if (!strategy.ok) throw new Error(strategy.error.message);
    // A daily bar belongs to its trading date (UTC midnight of the New York session's day).
    const tail = days.slice(-CLOSES).map((b) => Date.parse(`${b.t.slice(0, 10)}T00:00:00Z`));
    const paper = open();
    const symbol = 'PAPER';
    fake.setBars(symbol, '1Day', dailyStockBars(FROM, TO, 75));
    const warm = await paper.getBars({ symbol, timeframe: '1d', from, to: tail[0]! - 1 });
    if (!warm.ok) throw new Error(warm.error.message);
    const latencies: number[] = [];
    const beforeCloses = fake.requests.length;
    for (const decideOn of tail) {
      const t0 = performance.now();
      const res = await paper.getBars({ symbol, timeframe: '1d', from: iterationWindowStart(decideOn, strategy.value.minBars, '1d'), to: decideOn });
      latencies.push(performance.now() - t0);
      if (!res.ok || res.value.time[res.value.length - 1] !== decideOn) throw new Error(`bench providers: the close ${new Date(decideOn).toISOString()} was not served`);
    }
    return [
      {
        name: 'providers.fetch_100x10y_daily.ms', value: round2(fetchMs), unit: 'ms', symbols: SYMBOLS, bars,
        ms_per_symbol: round2(fetchMs / SYMBOLS), requests: asked, note: 'fake Alpaca on 127.0.0.1 through the real SDK, kept in a fresh SQLite cache',
      },
      { name: 'providers.backtest_from_cache_100x10y.ms', value: round2(backtestMs), unit: 'ms', trades: outcome.value.result.metrics.trades, provider_requests: 0 },
      { name: 'providers.paper_close_fetch.p50_ms', value: round2(pct(latencies, 0.5)), unit: 'ms', closes: CLOSES, requests: fake.requests.length - beforeCloses, p95_ms: round2(pct(latencies, 0.95)), note: 'cache warm; each close fetches its one new bar' },
    ];
  } finally {
    caches.forEach((c) => c.close());
    await fake.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
