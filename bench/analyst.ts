// The analyst's heaviest questions at scale: `analyze_trades` + `calculate_metrics` over one run holding 500,000
// trades in SQLite, end to end through a real MCP client (in-memory transport) over the real Prisma-backed desk.
// Target: both answers together under 1 s, measured cold (a new desk, nothing cached). The splits say where the
// time goes: the store read (cold and cached), and the analysis itself.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { runMetrics } from '../src/app/runs/metrics.js';
import { loadEnv } from '../src/config/env.js';
import { analyzeTrades } from '../src/core/analysis/analyze-trades.js';
import { computeMetrics } from '../src/core/engine/metrics.js';
import type { ClosedTrade, ExitReason } from '../src/core/engine/report.js';
import { createDeskDeps } from '../src/main/desk-deps.js';
import { mcpDepsFrom } from '../src/mcp/deps.js';
import { buildServer } from '../src/mcp/server.js';
import { createStore } from '../src/store/db/client.js';
import { migrateDatabase } from '../src/store/migrations/migrate.js';
import type { BenchFigure } from './figure.js';
import { prng } from './prng.js';
import type { BacktestManifest } from '../src/app/backtest/manifest.js';

const TRADES = 500_000;
const SYMBOLS = 200;
const STEP_MS = 300_000; // 5-minute bars: one trade closes per bar, ~4.8 years
const DAY_MS = 86_400_000;
const T0 = Date.UTC(2019, 0, 1);
const START_CASH = 1_000_000;
const TARGET_MS = 1000;
const WARMUP = 1;
const MEASURED = 5;
const REASONS: readonly ExitReason[] = ['signal', 'stop_loss', 'take_profit', 'trailing_stop', 'time_stop', 'flatten'];
const workspace = { platform: 'console', externalId: 'bench-analyst', name: 'Bench analyst' } as const;

/** 500k trades in exit order (as the store returns them), and the equity marked at each day's last exit. */
function syntheticRun(seed = 7): { trades: ClosedTrade[]; equity: { time: number; cash: number; equity: number }[] } {
  const rand = prng(seed);
  const trades = new Array<ClosedTrade>(TRADES);
  const equity: { time: number; cash: number; equity: number }[] = [];
  let cash = START_CASH;
  for (let i = 0; i < TRADES; i++) {
    const barsHeld = 1 + Math.floor(rand() * 40);
    const exitTime = T0 + (i + 40) * STEP_MS;
    const entryPrice = 20 + rand() * 200;
    const exitPrice = entryPrice * (1 + (rand() - 0.49) * 0.04);
    const qty = 1 + Math.floor(rand() * 50);
    const side = rand() < 0.3 ? 'short' : 'long';
    const pnl = (side === 'long' ? exitPrice - entryPrice : entryPrice - exitPrice) * qty - 1;
    trades[i] = {
      symbol: `S${String(Math.floor(rand() * SYMBOLS)).padStart(3, '0')}`, side, qty, entryTime: exitTime - barsHeld * STEP_MS, entryPrice,
      exitTime, exitPrice, pnl, commission: 1, exitReason: REASONS[Math.floor(rand() * REASONS.length)]!, barsHeld,
    };
    cash += pnl;
    const day = Math.floor(exitTime / DAY_MS);
    if (equity.length > 0 && Math.floor(equity.at(-1)!.time / DAY_MS) === day) equity[equity.length - 1] = { time: exitTime, cash, equity: cash };
    else equity.push({ time: exitTime, cash, equity: cash });
  }
  return { trades, equity };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round2 = (x: number): number => Math.round(x * 100) / 100;
const ms = async <T>(f: () => Promise<T> | T): Promise<[number, T]> => {
  const t0 = performance.now();
  const value = await f();
  return [performance.now() - t0, value];
};

export async function benchAnalyst(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tradedesk-bench-analyst-'));
  const url = `file:${path.join(dir, 'desk.db')}`;
  const migrated = await migrateDatabase(url);
  if (!migrated.ok) throw new Error(migrated.error.message);
  const store = createStore({ databaseUrl: url });
  try {
    const env = loadEnv({ DATABASE_URL: url });
    if (!env.ok) throw new Error(env.error.message);
    const desk = createDeskDeps(env.value, store);
    const { trades, equity } = syntheticRun();
    const time = Float64Array.from(equity, (p) => p.time);
    const curve = { time, equity: Float64Array.from(equity, (p) => p.equity) };
    const metrics = computeMetrics({ curve, trades, startEquity: START_CASH, exposedBars: 0, blocked: [] });
    const dataFrom = trades[0]!.entryTime;
    const dataTo = trades.at(-1)!.exitTime;
    // The run and its 500k trades through the store's own save path (the trades go into one trade ledger).
    const [runSeedMs, saved] = await ms(() => desk.runs.saveBacktestRun({
      workspace, strategyId: 'mean-reversion', strategyVersion: '1.0.0', params: { period: 5 }, symbols: [...new Set(trades.map((t) => t.symbol))].sort(),
      timeframe: '5m', dataSource: 'sim', quantEnabled: false, gatesMode: 'enforce', sizing: { kind: 'percent', pct: 1 }, rules: [], rulesHash: 'none',
      // Only what the analyst's tools read back of a saved backtest's manifest.
      manifest: { costs: { commissionRate: 0, slippageBps: 0 }, codeVersion: 'bench', data: { simulated: true } } as unknown as BacktestManifest,
      results: { metrics, openPositions: [] }, startingCash: START_CASH, dataFrom, dataTo, createdBy: 'bench', trades, equity, blocked: [],
    }));
    if (!saved.ok) throw new Error(saved.error.message);
    const now = dataTo + DAY_MS;
    const run = saved.value.number;
    // A question is timed on a freshly built desk (empty trade-ledger cache: the cold case, as right after
    // `npm start`), then the same question again on that desk (warm).
    const question = async (client: Client): Promise<{ a: number; m: number }> => {
      const call = async (name: string): Promise<number> => {
        const [t, res] = await ms(() => client.callTool({ name, arguments: { run } }));
        if (res.isError === true) throw new Error(`${name}: ${JSON.stringify(res.content)}`);
        return t;
      };
      return { a: await call('analyze_trades'), m: await call('calculate_metrics') };
    };
    const cold: number[] = [];
    const warm: number[] = [];
    const analyzeCall: number[] = [];
    const metricsCall: number[] = [];
    const coldRead: number[] = [];
    const warmRead: number[] = [];
    const analysis: number[] = [];
    for (let k = 0; k < WARMUP + MEASURED; k++) {
      const deps = mcpDepsFrom(createDeskDeps(env.value, store), workspace, () => now);
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await buildServer(deps).connect(serverSide);
      const client = new Client({ name: 'bench', version: '0' });
      await client.connect(clientSide);
      const first = await question(client);
      const again = await question(client);
      await client.close();
      const fresh = mcpDepsFrom(createDeskDeps(env.value, store), workspace, () => now);
      const [readMs, h] = await ms(() => fresh.runHistory(run));
      if (!h.ok) throw new Error(h.error.message);
      const [warmReadMs] = await ms(() => fresh.runHistory(run));
      const [analysisMs] = await ms(() => {
        analyzeTrades(h.value.trades);
        return runMetrics(h.value);
      });
      if (k < WARMUP) continue;
      cold.push(first.a + first.m);
      warm.push(again.a + again.m);
      analyzeCall.push(first.a);
      metricsCall.push(first.m);
      coldRead.push(readMs);
      warmRead.push(warmReadMs);
      analysis.push(analysisMs);
    }
    const total = median(cold);
    const warmTotal = median(warm);
    return [
      {
        name: 'analyst.analyze_plus_metrics_500k_trades.ms', value: round2(total), unit: 'ms', target: TARGET_MS, meets_target: total < TARGET_MS,
        trades: TRADES, equity_points: equity.length, runs_measured: MEASURED, warmup: WARMUP, analyze_trades_ms: round2(median(analyzeCall)),
        calculate_metrics_ms: round2(median(metricsCall)), store: 'prisma-sqlite, trade ledger', transport: 'in-memory', cache: 'cold (new desk per question)',
      },
      { name: 'analyst.analyze_plus_metrics_500k_trades_warm.ms', value: round2(warmTotal), unit: 'ms', target: TARGET_MS, meets_target: warmTotal < TARGET_MS, note: 'the same question again on the same desk' },
      { name: 'analyst.split.read_history_cold_500k.ms', value: round2(median(coldRead)), unit: 'ms', note: 'runHistory on a new desk: run row, ledger blob, decode' },
      { name: 'analyst.split.read_history_warm_500k.ms', value: round2(median(warmRead)), unit: 'ms', note: 'runHistory again: run row + equity, trades from the cache' },
      { name: 'analyst.split.analysis_500k.ms', value: round2(median(analysis)), unit: 'ms', note: 'analyzeTrades + runMetrics on the read history (outside MCP)' },
      { name: 'analyst.save_backtest_500k_trades.ms', value: round2(runSeedMs), unit: 'ms', note: 'saveBacktestRun with 500k trades (trade ledger); not part of the target' },
    ];
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
