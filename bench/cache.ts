// The bar cache (issue 11): 500 symbols x 2,500 daily bars fetched once through createCachedMarketData into a temp
// SQLite file (the write), then read back into BarSeries by a fresh wrapper (a restart: no provider request), timed
// over a few runs. Target: the read under 300 ms.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCachedMarketData } from '../src/app/market-data/cached-market-data.js';
import type { MarketData } from '../src/app/market-data/ports.js';
import { createBarSeries, type Bar } from '../src/core/domain/bar.js';
import { ok } from '../src/core/domain/result.js';
import { createBarCache, type StoreBarCache } from '../src/store/market-data/bar-cache.js';
import { createStore } from '../src/store/db/client.js';
import { migrateDatabase } from '../src/store/migrations/migrate.js';
import type { BenchFigure } from './figure.js';
import { prng } from './prng.js';

const SYMBOLS = Number(process.env.BENCH_CACHE_SYMBOLS ?? 500);
const BARS = 2_500;
const RUNS = 5;
const TARGET_MS = 300;
const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2010, 0, 4); // a Monday
const NOW = Date.UTC(2026, 0, 1);

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Business-day bars of a random walk, the same for a symbol every time; counts the requests it answers. */
function benchProvider(): MarketData & { requests: number } {
  const days: number[] = [];
  for (let t = FIRST_DAY; days.length < BARS; t += DAY_MS) if (new Date(t).getUTCDay() % 6 !== 0) days.push(t);
  const p = {
    kind: 'bench', label: 'bench provider', simulated: false, requests: 0,
    getBars: (request: { symbol: string; from?: number; to: number }) => {
      p.requests++;
      const rand = prng(Number(request.symbol.slice(1)) + 1);
      let close = 20 + 180 * rand();
      const bars: Bar[] = days.map((time) => {
        const open = close * (1 + (rand() - 0.5) * 0.01);
        close = open * (1 + (rand() - 0.5) * 0.03);
        return { time, open, high: Math.max(open, close) * 1.004, low: Math.min(open, close) * 0.996, close, volume: Math.round(1e6 * (0.5 + rand())) };
      });
      return Promise.resolve(ok(createBarSeries(request.symbol, '1d', bars.filter((b) => b.time >= (request.from ?? -Infinity) && b.time <= request.to))));
    },
  };
  return p;
}

export async function benchCache(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tradedesk-bench-cache-'));
  const url = `file:${path.join(dir, 'cache.db')}`;
  const migrated = await migrateDatabase(url);
  if (!migrated.ok) throw new Error(migrated.error.message);
  const store = createStore({ databaseUrl: url });
  const caches: StoreBarCache[] = [];
  try {
    const provider = benchProvider();
    const symbols = Array.from({ length: SYMBOLS }, (_, i) => `S${String(i).padStart(3, '0')}`);
    const request = (symbol: string) => ({ symbol, timeframe: '1d' as const, from: FIRST_DAY, to: NOW - 30 * DAY_MS });
    const open = () => {
      const cache = createBarCache(store.prisma, { databaseUrl: url });
      caches.push(cache);
      return createCachedMarketData(provider, cache, { adjustment: 'split', log: () => {}, now: () => NOW });
    };
    const writer = open();
    const w0 = performance.now();
    for (const s of symbols) {
      const res = await writer.getBars(request(s));
      if (!res.ok) throw new Error(res.error.message);
    }
    const writeMs = performance.now() - w0;
    const fetched = provider.requests;
    const reads: number[] = [];
    let bars = 0;
    for (let run = 0; run < RUNS; run++) {
      const reader = open(); // a restart: nothing in memory
      const t0 = performance.now();
      const all = [];
      for (const s of symbols) all.push(await reader.getBars(request(s))); // one after another, as a backtest loads them
      reads.push(performance.now() - t0);
      const failed = all.find((r) => !r.ok);
      if (failed !== undefined && !failed.ok) throw new Error(`bench cache: ${failed.error.code}: ${failed.error.message}`);
      bars = all.reduce((n, r) => n + (r.ok ? r.value.length : 0), 0);
    }
    if (provider.requests !== fetched) throw new Error('bench cache: a read went to the provider');
    if (bars !== SYMBOLS * BARS) throw new Error(`bench cache: read ${bars} bars, wrote ${SYMBOLS * BARS}`);
    const readMs = median(reads);
    return [
      { name: 'cache.read_500x2500_daily.ms', value: round2(readMs), unit: 'ms', target: TARGET_MS, meets_target: readMs < TARGET_MS, runs: reads.map(round2), bars },
      { name: 'cache.write_500x2500_daily.ms', value: round2(writeMs), unit: 'ms', note: 'first fetch of every symbol through the wrapper, kept in the cache; not part of the target' },
    ];
  } finally {
    caches.forEach((c) => c.close());
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
