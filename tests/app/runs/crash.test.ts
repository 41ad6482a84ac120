// A desk killed with SIGKILL in the middle of an iteration loses nothing and doubles nothing: after a restart the
// run's orders, fills, positions and equity are exactly those of a run that was never killed, on the same closes.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iterateRun } from '../../../src/app/runs/iterate.js';
import { startRun } from '../../../src/app/runs/start-run.js';
import { ok } from '../../../src/core/domain/result.js';
import { createSimMarketData } from '../../../src/market-data/sim/sim-market-data.js';
import { createStore, type Store } from '../../../src/store/db/client.js';
import { migrateDatabase } from '../../../src/store/migrations/migrate.js';
import { createPrismaRunStore } from '../../../src/store/runs/store.js';
import { createTempDir, REPO_ROOT } from '../../store/helpers/repo.js';
import { paperBrokerFor } from '../../../src/broker/paper/paper-broker.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-child.ts');
const DAY = 86_400_000;
const SEED = 42;
const START = Date.UTC(2001, 0, 1);
const CLOSES = Array.from({ length: 45 }, (_, i) => START + (i + 1) * DAY);
const NOW_OFFSET_MS = 1_000;
const sim = createSimMarketData({ seed: SEED });
const tmp = createTempDir('crash');
const cleanUrl = tmp.url('clean.db');
const crashUrl = tmp.url('crash.db');

/** mulberry32: the kill schedule is seeded, so a failure replays exactly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function withStore<T>(url: string, f: (store: Store) => Promise<T>): Promise<T> {
  const store = createStore({ databaseUrl: url });
  try {
    return await f(store);
  } finally {
    await store.close();
  }
}

async function iterateAll(url: string, runId: string): Promise<void> {
  await withStore(url, async (store) => {
    const deps = { store: createPrismaRunStore(store.prisma), marketData: () => ok(sim), brokerFor: paperBrokerFor };
    for (const close of CLOSES) {
      const res = await iterateRun(deps, runId, close, close + NOW_OFFSET_MS);
      if (!res.ok) throw new Error(res.error.message);
    }
  });
}

interface Killed {
  /** The line the child printed last before it was killed (`hold ...`, `done ...`, `committing ...`, `ready`). */
  readonly lastLine: string;
}

type KillPlan = { readonly hold: { readonly barTime: number; readonly afterWrites: number } } | { readonly commits: number; readonly delayMs: number };

/** Runs the child over every close; kills it when it announces a hold, or `delayMs` after its n-th `committing`. */
function runChildUntilKilled(runId: string, kill: KillPlan): Promise<Killed> {
  const config = { url: crashUrl, runId, closes: CLOSES, nowOffsetMs: NOW_OFFSET_MS, seed: SEED, ...('hold' in kill ? { hold: kill.hold } : {}) };
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(config)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if ('hold' in kill && /^hold /m.test(out)) child.kill('SIGKILL');
      if ('commits' in kill && timer === undefined && (out.match(/^committing /gm)?.length ?? 0) >= kill.commits) {
        timer = setTimeout(() => child.kill('SIGKILL'), kill.delayMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const lines = out.trim().split('\n');
      if (signal !== 'SIGKILL') reject(new Error(`the child was not killed (exit ${code}): ${err || lines.at(-1)}`));
      else resolve({ lastLine: lines.at(-1) ?? '' });
    });
  });
}

/** Everything an iteration writes, in a stable order, without row ids and write timestamps. */
async function runRows(url: string, runId: string) {
  return withStore(url, async ({ prisma }) => {
    const snapshot = await createPrismaRunStore(prisma).loadSnapshot(runId);
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    const where = { runId };
    return {
      state: snapshot.value.state,
      positions: snapshot.value.positions,
      pending: snapshot.value.pending,
      orders: await prisma.order.findMany({ where, orderBy: { clientOrderId: 'asc' }, select: { clientOrderId: true, symbol: true, side: true, type: true, intent: true, qty: true, status: true, barTime: true } }),
      fills: await prisma.fill.findMany({ where, orderBy: [{ filledAt: 'asc' }, { externalId: 'asc' }], select: { externalId: true, symbol: true, side: true, qty: true, price: true, commission: true, filledAt: true, order: { select: { clientOrderId: true } } } }),
      trades: await prisma.trade.findMany({ where, orderBy: [{ exitTime: 'asc' }, { symbol: 'asc' }], select: { symbol: true, side: true, qty: true, entryTime: true, entryPrice: true, exitTime: true, exitPrice: true, pnl: true } }),
      equity: await prisma.equitySnapshot.findMany({ where, orderBy: { at: 'asc' }, select: { at: true, cash: true, equity: true } }),
      decisions: await prisma.decisionRecord.findMany({ where, orderBy: { barTime: 'asc' }, select: { barTime: true } }),
      notifications: await prisma.notification.findMany({ where, orderBy: { dedupeKey: 'asc' }, select: { dedupeKey: true, eventType: true } }),
    };
  });
}

let runId = '';
let clean: Awaited<ReturnType<typeof runRows>>;

beforeAll(async () => {
  for (const url of [cleanUrl, crashUrl]) {
    const migrated = await migrateDatabase(url);
    if (!migrated.ok) throw new Error(migrated.error.message);
  }
  runId = await withStore(crashUrl, async (store) => {
    const started = await startRun({
      store: createPrismaRunStore(store.prisma), marketData: () => ok(sim), activeRules: async () => ok([]), codeVersion: 'test',
      defaults: { startCash: 100_000, costs: { commissionRate: 0.001, slippageBps: 5 } },
    }, {
      workspace: { platform: 'console', externalId: 'local', name: 'Local' }, actor: { id: 'u', name: 'ann', role: 'trader' }, channelId: 'console',
      // A short RSI with a narrow band and shorts allowed: several symbols fill on most bars, so commits are long.
      strategyId: 'mean-reversion', params: { period: 3, oversold: 40, overbought: 60, allowShort: true },
      symbols: ['SIM-A', 'SIM-B', 'SIM-C', 'SIM-D', 'SIM-E', 'SIM-F'], timeframe: '1d', dataSource: 'sim', sizing: { kind: 'percent', pct: 12 }, now: START,
    });
    if (!started.ok) throw new Error(started.error.message);
    return started.value.run.id;
  });
  // The clean run is the same run (same id, so the same client order ids), on a copy nothing will ever kill.
  copyFileSync(tmp.file('crash.db'), tmp.file('clean.db'));
  await iterateAll(cleanUrl, runId);
  clean = await runRows(cleanUrl, runId);
});
afterAll(() => tmp.remove());

describe('a desk killed mid-iteration', () => {
  it('restarts to exactly the clean run: no duplicate orders or fills, same positions and equity', async () => {
    // Bars whose commit fills orders (the most writes), in time order: the kills land there.
    const fillBars = [...new Set(clean.fills.map((f) => f.filledAt.getTime()))];
    expect(fillBars.length).toBeGreaterThanOrEqual(6);
    const rnd = prng(7);
    const outcomes: string[] = [];
    // One kill at a seeded moment while the child works through the closes (wherever it happens to be) ...
    outcomes.push((await runChildUntilKilled(runId, { commits: 2 + Math.floor(rnd() * 8), delayMs: Math.floor(rnd() * 30) })).lastLine);
    // ... then three inside the commit transaction, after a seeded number of its writes, on one of the next fill bars
    // (a number past the commit's last write kills it just after the commit instead).
    for (let k = 0; k < 3; k++) {
      const state = await withStore(crashUrl, (s) => createPrismaRunStore(s.prisma).loadSnapshot(runId));
      if (!state.ok) throw new Error(state.error.message);
      const decidedUpTo = state.value.state.lastBarTime ?? 0;
      const ahead = fillBars.filter((t) => t > decidedUpTo);
      const barTime = ahead[Math.floor(rnd() * Math.min(6, ahead.length))];
      if (barTime === undefined) break;
      const killed = await runChildUntilKilled(runId, { hold: { barTime, afterWrites: 1 + Math.floor(rnd() * 20) } });
      outcomes.push(killed.lastLine);
      if (killed.lastLine.includes('in-transaction')) {
        // Killed with the commit's writes in SQLite's journal (rollback journal today; the WAL if the store switches) ...
        expect(['-journal', '-wal'].some((suffix) => existsSync(`${tmp.file('crash.db')}${suffix}`))).toBe(true);
        // ... which the next connection rolls back: the bar is not decided yet.
        const decided = await withStore(crashUrl, (s) => createPrismaRunStore(s.prisma).hasDecision(runId, barTime));
        expect(decided, killed.lastLine).toBe(false);
      }
    }
    expect(outcomes.filter((l) => l.includes('in-transaction')).length, outcomes.join('\n')).toBeGreaterThanOrEqual(2);

    await iterateAll(crashUrl, runId);
    const crashed = await runRows(crashUrl, runId);

    const orderIds = crashed.orders.map((o) => o.clientOrderId);
    expect(new Set(orderIds).size).toBe(orderIds.length);
    const fillIds = crashed.fills.map((f) => f.externalId);
    expect(new Set(fillIds).size).toBe(fillIds.length);
    expect(countBy(crashed.orders, (o) => o.barTime.getTime())).toEqual(countBy(clean.orders, (o) => o.barTime.getTime()));
    expect(crashed.decisions).toHaveLength(CLOSES.length);

    expect(crashed.orders).toEqual(clean.orders);
    expect(crashed.fills).toEqual(clean.fills);
    expect(crashed.positions).toEqual(clean.positions);
    expect(crashed.pending).toEqual(clean.pending);
    expect(crashed.trades).toEqual(clean.trades);
    expect(crashed.equity).toEqual(clean.equity);
    expect(crashed.state).toEqual(clean.state);
    expect(crashed.decisions).toEqual(clean.decisions);
    expect(crashed.notifications).toEqual(clean.notifications);
  }, 60_000); // four child processes: about 8 s on an idle machine
});

function countBy<T>(items: readonly T[], key: (item: T) => number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}
