// The desk under load: one paper iteration over 500 symbols (Prisma store vs the in-memory fake, data fetch
// excluded), and 100 console commands answered concurrently. Targets: iteration under 200 ms, console p95 under 50 ms.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CommandContext } from '../src/app/chat/command.js';
import type { DeskDeps } from '../src/app/desk/desk-deps.js';
import { dispatch } from '../src/app/chat/dispatch.js';
import type { MarketData } from '../src/app/market-data/ports.js';
import { iterateRun } from '../src/app/runs/iterate.js';
import type { RunStore } from '../src/app/runs/ports.js';
import { startRun } from '../src/app/runs/start-run.js';
import { loadEnv } from '../src/config/env.js';
import { countAsOf, sliceSeries, TIMEFRAME_MS, type BarSeries } from '../src/core/domain/bar.js';
import { fail, ok } from '../src/core/domain/result.js';
import { createDeskDeps } from '../src/main/desk-deps.js';
import { createSimMarketData } from '../src/market-data/sim/sim-market-data.js';
import { createStore, type Store } from '../src/store/db/client.js';
import { migrateDatabase } from '../src/store/migrations/migrate.js';
import { createPrismaRunStore } from '../src/store/runs/store.js';
// The test fake itself (bundled in), not a copy: the figure then measures exactly what the shell tests run against.
import { createMemoryRunStore } from '../tests/helpers/memory-run-store.js';
import type { BenchFigure } from './figure.js';
import { paperBrokerFor } from '../src/broker/paper/paper-broker.js';

const SYMBOLS = Array.from({ length: 500 }, (_, i) => `SIM-${String(i + 1).padStart(3, '0')}`);
const TIMEFRAME = '1h' as const;
const HOUR = TIMEFRAME_MS[TIMEFRAME];
const T0 = Date.UTC(2024, 2, 4);
const WARMUP_BARS = 5;
const MEASURED_BARS = 15;
const ITERATION_TARGET_MS = 200;
const CONSOLE_TARGET_P95_MS = 50;
const workspace = { platform: 'console', externalId: 'bench', name: 'Bench desk' } as const;

async function openTempStore(label: string): Promise<{ store: Store; dispose: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `tradedesk-bench-${label}-`));
  const url = `file:${path.join(dir, 'desk.db')}`;
  const migrated = await migrateDatabase(url);
  if (!migrated.ok) throw new Error(migrated.error.message);
  const store = createStore({ databaseUrl: url });
  return { store, dispose: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** Serves pre-fetched bars from memory (binary search + subarray views), so the figure excludes the data fetch. */
function memoryMarket(series: ReadonlyMap<string, BarSeries>): MarketData {
  return {
    kind: 'sim', label: 'pre-fetched simulated bars', simulated: true,
    getBars: async ({ symbol, from, to }) => {
      const s = series.get(symbol);
      if (s === undefined) return fail('data.symbol', `${symbol} was not pre-fetched`);
      return ok(sliceSeries(s, from === undefined ? 0 : countAsOf(s, from - 1), countAsOf(s, to)));
    },
  };
}

async function prefetch(): Promise<Map<string, BarSeries>> {
  const sim = createSimMarketData({ seed: 42 });
  const out = new Map<string, BarSeries>();
  // iterateRun asks for ~(minBars + 60) * 3 bars plus 5 days before each close: 40 days covers it comfortably.
  for (const symbol of SYMBOLS) {
    const bars = await sim.getBars({ symbol, timeframe: TIMEFRAME, from: T0 - 40 * 86_400_000, to: T0 + (WARMUP_BARS + MEASURED_BARS + 2) * HOUR });
    if (!bars.ok) throw new Error(bars.error.message);
    out.set(symbol, bars.value);
  }
  return out;
}

const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const round2 = (x: number): number => Math.round(x * 100) / 100;

async function iterationFigure(name: string, store: RunStore, market: MarketData, storeLabel: string): Promise<BenchFigure> {
  const deps = {
    brokerFor: paperBrokerFor,
    store, marketData: () => ok(market), activeRules: async () => ok([]), codeVersion: 'bench',
    defaults: { startCash: 1_000_000, costs: { commissionRate: 0.0005, slippageBps: 2 } },
  };
  const started = await startRun(deps, {
    workspace, actor: { id: 'bench', name: 'bench', role: 'trader' }, channelId: 'console', strategyId: 'mean-reversion', params: {},
    symbols: SYMBOLS, timeframe: TIMEFRAME, dataSource: 'sim', sizing: { kind: 'percent', pct: 0.5 }, now: T0,
  });
  if (!started.ok) throw new Error(started.error.message);
  const runId = started.value.run.id;
  const ms: number[] = [];
  let orders = 0;
  let fills = 0;
  for (let k = 1; k <= WARMUP_BARS + MEASURED_BARS; k++) {
    const close = T0 + k * HOUR;
    const t0 = performance.now();
    const res = await iterateRun(deps, runId, close, close + 1_000);
    const elapsed = performance.now() - t0;
    if (!res.ok) throw new Error(res.error.message);
    if (res.value.kind !== 'committed') throw new Error(`bar ${k}: ${JSON.stringify(res.value)}`);
    if (k <= WARMUP_BARS) continue;
    ms.push(elapsed);
    orders += res.value.orders;
    fills += res.value.fills;
  }
  const sorted = [...ms].sort((a, b) => a - b);
  const median = quantile(sorted, 0.5);
  const snap = await store.loadSnapshot(runId);
  return {
    name, value: round2(median), unit: 'ms', store: storeLabel, max_ms: round2(sorted.at(-1)!), symbols: SYMBOLS.length, timeframe: TIMEFRAME,
    strategy: 'mean-reversion', measured_bars: MEASURED_BARS, warmup_bars: WARMUP_BARS, orders_per_bar: round2(orders / MEASURED_BARS),
    fills_per_bar: round2(fills / MEASURED_BARS), open_positions_at_end: snap.ok ? snap.value.positions.length : null, target: ITERATION_TARGET_MS, meets_target: median < ITERATION_TARGET_MS,
  };
}

type CommandKind = 'runs' | 'help' | 'run_start' | 'error';

/** The round's mix: 40 /runs, 25 /help, 3 /run start, 32 refusals (bad option, unknown command, unknown run). */
function roundLines(round: number): { kind: CommandKind; line: string }[] {
  const lines: { kind: CommandKind; line: string }[] = [];
  for (let i = 0; i < 100; i++) {
    const slot = i % 20;
    if (slot < 8) lines.push({ kind: 'runs', line: i % 2 === 0 ? '/runs' : '/runs status:all' });
    else if (slot < 13) lines.push({ kind: 'help', line: slot === 12 ? '/help run start' : '/help' });
    else if (slot === 13 && i < 60) lines.push({ kind: 'run_start', line: `/run start strategy:trend-following symbols:SIM-R${round}N${i} timeframe:1h` });
    else if (slot < 16) lines.push({ kind: 'error', line: '/run start strategy:nope symbols:SIM-1' });
    else if (slot < 18) lines.push({ kind: 'error', line: '/frobnicate' });
    else lines.push({ kind: 'error', line: '/run stop run:9999' });
  }
  return lines;
}

/** All 100 dispatched at once; each command's latency runs from the shared start to its own reply. */
async function concurrentRound(ctx: CommandContext<DeskDeps>, round: number): Promise<number[]> {
  const t0 = performance.now();
  return Promise.all(roundLines(round).map(async ({ line }) => {
    await dispatch(ctx.deps.commands, line, ctx);
    return performance.now() - t0;
  }));
}

/** The same mix one command at a time: each kind's own cost, which explains the concurrent figure. */
async function serialMedians(ctx: CommandContext<DeskDeps>, round: number): Promise<Record<CommandKind, number>> {
  const by: Record<CommandKind, number[]> = { runs: [], help: [], run_start: [], error: [] };
  for (const { kind, line } of roundLines(round)) {
    const t0 = performance.now();
    await dispatch(ctx.deps.commands, line, ctx);
    by[kind].push(performance.now() - t0);
  }
  const median = (xs: number[]): number => round2(quantile([...xs].sort((a, b) => a - b), 0.5));
  return { runs: median(by.runs), help: median(by.help), run_start: median(by.run_start), error: median(by.error) };
}

async function consoleFigure(): Promise<BenchFigure> {
  const { store, dispose } = await openTempStore('console');
  try {
    const env = loadEnv({ DATABASE_URL: 'file:unused.db' });
    if (!env.ok) throw new Error(env.error.message);
    const deps = createDeskDeps(env.value, store);
    let now = T0;
    const ctx: CommandContext<DeskDeps> = { workspace, actor: { id: 'bench', name: 'bench', role: 'admin' }, channelId: 'console', now: () => now, deps };
    for (let r = 0; r < 3; r++) await concurrentRound(ctx, r); // warm-up: JIT, Prisma's first queries, sim symbols
    const ROUNDS = 5;
    const all: number[] = [];
    for (let r = 3; r < 3 + ROUNDS; r++) {
      now += HOUR;
      all.push(...(await concurrentRound(ctx, r)));
    }
    const sorted = all.sort((a, b) => a - b);
    const p95 = quantile(sorted, 0.95);
    const runs = await deps.runStore.listRuns(workspace, { status: 'all' });
    return {
      name: 'desk.console_100_concurrent.p95_ms', value: round2(p95), unit: 'ms', p50_ms: round2(quantile(sorted, 0.5)), max_ms: round2(sorted.at(-1)!),
      rounds: ROUNDS, commands_per_round: 100, mix: { runs: 40, help: 25, run_start: 3, error: 32 }, runs_listed_at_end: runs.length,
      serial_median_ms: await serialMedians(ctx, 3 + ROUNDS), target: CONSOLE_TARGET_P95_MS, meets_target: p95 < CONSOLE_TARGET_P95_MS,
    };
  } finally {
    await dispose();
  }
}

export async function benchDesk(): Promise<BenchFigure[]> {
  const market = memoryMarket(await prefetch());
  const figures: BenchFigure[] = [];
  const { store, dispose } = await openTempStore('iterate');
  try {
    figures.push(await iterationFigure('desk.iteration_500_symbols.ms', createPrismaRunStore(store.prisma), market, 'prisma-sqlite'));
  } finally {
    await dispose();
  }
  figures.push(await iterationFigure('desk.iteration_500_symbols_memory_store.ms', createMemoryRunStore(), market, 'memory (tests/helpers/memory-run-store.ts)'));
  figures.push(await consoleFigure());
  return figures;
}
