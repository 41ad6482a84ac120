import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceRef } from '../../../src/app/chat/command.js';
import type { RunManifest } from '../../../src/app/runs/model.js';
import type { RunQueries } from '../../../src/app/runs/ports.js';
import type { RunStore } from '../../../src/app/runs/ports.js';
import { DEFAULT_QUANT } from '../../../src/core/engine/config.js';
import { computeMetrics } from '../../../src/core/engine/metrics.js';
import { DEFAULT_GATE_LIMITS } from '../../../src/core/risk/gates.js';
import { saveBacktestRun } from '../../../src/store/runs/backtest-runs.js';
import { createPrismaRunQueries } from '../../../src/store/runs/queries.js';
import { createPrismaRunStore } from '../../../src/store/runs/store.js';
import { blockedOf, commitOf, commitSeed, entryOf, positionOf, stateOf, tradeOf, type SeedCommit } from '../../helpers/run-commits.js';
import { useMigratedStore } from '../helpers/repo.js';
import { sampleRecord } from '../helpers/sample-run.js';
import type { BacktestManifest } from '../../../src/app/backtest/manifest.js';

const fixture = useMigratedStore('run-queries');
let runs: RunStore;
let queries: RunQueries;

beforeAll(async () => {
  runs = createPrismaRunStore(fixture.store.prisma);
  queries = createPrismaRunQueries(fixture.store.prisma);
});

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 14, 30);
const ws = (externalId: string): WorkspaceRef => ({ platform: 'slack', externalId, name: `Team ${externalId}` });

const MANIFEST: RunManifest = {
  strategy: { id: 'mean-reversion', version: '1.0.0' },
  params: { period: 5 },
  symbols: ['SIM-A', 'SIM-B'],
  dataSymbols: [],
  timeframe: '1m',
  dataSource: 'sim',
  startCash: 100_000,
  sizing: { kind: 'percent', pct: 10 },
  costs: { commissionRate: 0.001, slippageBps: 5 },
  gates: { mode: 'enforce', limits: DEFAULT_GATE_LIMITS },
  quant: DEFAULT_QUANT,
  rules: [{ id: 'sl-8', category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 8 }, priority: 5, active: true, shadow: false }],
  rulesHash: 'hash-1',
  codeVersion: 'v-test',
};

async function startPaper(workspace: WorkspaceRef) {
  const run = await runs.createRun({ workspace, manifest: MANIFEST, createdBy: 'ann', channelId: 'c1', now: T0 });
  if (!run.ok) throw new Error(run.error.message);
  return run.value;
}

async function commit(...commits: SeedCommit[]) {
  for (const c of commits) {
    const res = await commitSeed(runs, c);
    if (!res.ok) throw new Error(res.error.message);
  }
}

function value<T>(res: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!res.ok) throw new Error(res.error.message);
  return res.value;
}

describe('findRun', () => {
  it('finds paper runs and backtests by number within the workspace only', async () => {
    const a = ws('find-a');
    const saved = value(await saveBacktestRun(fixture.store.prisma, sampleRecord({ workspace: a })));
    const paper = await startPaper(a);
    expect(value(await queries.findRun(a, saved.number))).toMatchObject({ id: saved.runId, number: 1, mode: 'backtest', status: 'completed' });
    expect(value(await queries.findRun(a, paper.number))).toMatchObject({ id: paper.id, number: 2, mode: 'paper', status: 'running' });
    const missing = { ok: false, error: { code: 'run.not_found', message: 'Run #2 does not exist in this workspace', details: { number: 2 } } };
    expect(await queries.findRun(ws('find-b'), 2)).toEqual(missing);
    await startPaper(ws('find-b'));
    expect(await queries.findRun(ws('find-b'), 2)).toEqual(missing);
  });

  it('says a paper run\'s broker when its manifest names a real one, and nothing for the internal paper broker', async () => {
    const w = ws('find-broker');
    const internal = await startPaper(w);
    const alpaca = value(await runs.createRun({ workspace: w, manifest: { ...MANIFEST, dataSource: 'yahoo', broker: { name: 'alpaca', account: 'paper' } }, createdBy: 'ann', channelId: 'c1', now: T0 }));
    expect(value(await queries.findRun(w, internal.number))).not.toHaveProperty('broker');
    expect(value(await queries.findRun(w, alpaca.number)).broker).toEqual({ name: 'alpaca', account: 'paper' });
    expect(value(await runs.getRun(w, alpaca.number)).manifest.broker).toEqual({ name: 'alpaca', account: 'paper' });
  });

  it('reads a paper run\'s config from its manifest, with the window of the bars it marked', async () => {
    const w = ws('config-paper');
    const run = await startPaper(w);
    const before = value(await queries.findRun(w, 1)).config;
    expect(before).toEqual({
      strategy: { id: 'mean-reversion', version: '1.0.0' }, params: { period: 5 }, symbols: ['SIM-A', 'SIM-B'], timeframe: '1m', rulesHash: 'hash-1',
      ruleIds: ['sl-8'], dataSource: 'sim', simulated: true, dataFrom: null, dataTo: null, sizing: { kind: 'percent', pct: 10 },
      costs: { commissionRate: 0.001, slippageBps: 5 }, startCash: 100_000, codeVersion: 'v-test',
    });
    await commit(commitOf(run.id, T0), commitOf(run.id, T0 + MIN), commitOf(run.id, T0 + 2 * MIN));
    expect(value(await queries.findRun(w, 1)).config).toMatchObject({ dataFrom: T0, dataTo: T0 + 2 * MIN });
  });

  it('reads a saved backtest leniently: what an older save lacks is null, not an error', async () => {
    const w = ws('config-backtest');
    await saveBacktestRun(fixture.store.prisma, sampleRecord({ workspace: w }));
    const full = sampleRecord({
      workspace: w, dataSource: 'simulated market (seed 42) — not real prices',
      manifest: { codeVersion: 'abc', costs: { commissionRate: 0, slippageBps: 2 }, data: { simulated: true } } as unknown as BacktestManifest,
    });
    await saveBacktestRun(fixture.store.prisma, full);
    const old = value(await queries.findRun(w, 1)).config;
    expect(old).toMatchObject({ strategy: { id: 'sma-cross', version: '1.0.0' }, ruleIds: ['r1'], rulesHash: 'abc123', costs: null, codeVersion: 'test', simulated: false, dataSource: 'csv:/data', dataFrom: full.dataFrom, dataTo: full.dataTo, sizing: { kind: 'fixed_pct', pct: 10 } });
    expect(value(await queries.findRun(w, 2)).config).toMatchObject({ costs: { commissionRate: 0, slippageBps: 2 }, codeVersion: 'abc', simulated: true });
  });
});

describe('listRunning / getLive', () => {
  it('lists the workspace\'s running paper runs, lowest number first, with state, sorted positions and last iteration', async () => {
    const w = ws('running');
    await saveBacktestRun(fixture.store.prisma, sampleRecord({ workspace: w }));
    const r2 = await startPaper(w);
    const r3 = await startPaper(w);
    const r4 = await startPaper(w);
    await startPaper(ws('running-other'));
    await runs.transition(r4.id, 'paused', 'bob', 'lunch', T0 + MIN);
    await commit(commitOf(r2.id, T0, {
      state: stateOf({ cash: 90_000, equity: 100_300, dayStartEquity: 100_000, lastBarTime: T0 }),
      positions: [positionOf('SIM-B', { qty: -5 }), positionOf('SIM-A')],
    }));
    const list = value(await queries.listRunning(w));
    expect(list.map((v) => v.run.number)).toEqual([2, 3]);
    const [v2, v3] = list;
    expect(v2).toMatchObject({ state: { cash: 90_000, equity: 100_300 }, lastIterationAt: T0 + MIN, statusReason: 'started' });
    expect(v2!.positions.map((p) => [p.symbol, p.qty])).toEqual([['SIM-A', 10], ['SIM-B', -5]]);
    expect(v3).toMatchObject({ positions: [], lastIterationAt: null, state: stateOf() });
    expect(value(await queries.listRunning(ws('never-seen')))).toEqual([]);
  });

  it('gives a halted run\'s reason, and refuses live state for a backtest', async () => {
    const w = ws('live');
    const saved = value(await saveBacktestRun(fixture.store.prisma, sampleRecord({ workspace: w })));
    const run = await startPaper(w);
    await runs.transition(run.id, 'halted', 'desk', 'drawdown 26% is over the 25% limit', T0 + MIN);
    expect(value(await queries.getLive(run.id))).toMatchObject({ run: { status: 'halted' }, statusReason: 'drawdown 26% is over the 25% limit' });
    expect(await queries.getLive(saved.runId)).toMatchObject({ ok: false, error: { code: 'run.not_live', message: 'Run #1 is a backtest, not a paper or live run' } });
    expect(await queries.getLive('nope')).toMatchObject({ ok: false, error: { code: 'run.not_found' } });
  });
});

describe('getHistory', () => {
  it('returns a paper run\'s equity, trades and blocked signals in time order, metrics left to compute', async () => {
    const run = await startPaper(ws('history'));
    await commit(
      commitOf(run.id, T0, { decision: { inputs: {}, signals: [], orders: [], notes: [], verdicts: [blockedOf('SIM-A', 'gate:max-position-size', T0), blockedOf('SIM-B', 'rule:r1', T0, true)] } }),
      commitOf(run.id, T0 + MIN, { trades: [tradeOf('SIM-A', 50, T0 + MIN)], equity: { at: T0 + MIN, cash: 100_050, equity: 100_050 } }),
      commitOf(run.id, T0 + 2 * MIN, { trades: [tradeOf('SIM-B', -20, T0 + 2 * MIN)], equity: { at: T0 + 2 * MIN, cash: 99_000, equity: 100_030 } }),
    );
    const h = value(await queries.getHistory(run.id));
    expect(h.equity).toEqual([{ time: T0, cash: 100_000, equity: 100_000 }, { time: T0 + MIN, cash: 100_050, equity: 100_050 }, { time: T0 + 2 * MIN, cash: 99_000, equity: 100_030 }]);
    expect(h.trades.map((t) => [t.symbol, t.pnl])).toEqual([['SIM-A', 50], ['SIM-B', -20]]);
    expect(h.blocked.map((b) => [b.symbol, b.by, b.reason, b.shadow])).toEqual([['SIM-A', 'gate:max-position-size', 'gate:max-position-size said no', false], ['SIM-B', 'rule:r1', 'rule:r1 said no', true]]);
    expect(h).toMatchObject({ savedMetrics: null, openAtEnd: [], run: { id: run.id, config: { dataFrom: T0, dataTo: T0 + 2 * MIN } } });
  });

  it('returns a backtest\'s saved metrics and open positions when they are whole, and null metrics otherwise', async () => {
    const w = ws('history-backtest');
    const metrics = computeMetrics({ curve: { time: new Float64Array([T0]), equity: new Float64Array([100_000]) }, trades: [], startEquity: 100_000, exposedBars: 0, blocked: [] });
    const open = [{ symbol: 'ORCL', side: 'long', qty: 3, entryTime: T0, entryPrice: 10, marketPrice: 11, unrealizedPnl: 3 }];
    const whole = value(await saveBacktestRun(fixture.store.prisma, sampleRecord({ workspace: w, results: { metrics, openPositions: open } })));
    const partial = value(await saveBacktestRun(fixture.store.prisma, sampleRecord({ workspace: w })));
    expect(value(await queries.getHistory(whole.runId))).toMatchObject({ savedMetrics: metrics, openAtEnd: open });
    const h = value(await queries.getHistory(partial.runId));
    expect(h).toMatchObject({ savedMetrics: null, openAtEnd: [] });
    expect([h.equity.length, h.trades.length, h.blocked.length]).toEqual([10, 2, 2]);
  });
});

describe('recentDecisions', () => {
  it('returns the last decisions newest first, reduced to signals, orders, blocks and notes', async () => {
    const run = await startPaper(ws('decisions'));
    const bars = [0, 1, 2, 3, 4, 5, 6].map((i) => T0 + i * MIN);
    await commit(...bars.map((t, i) => commitOf(run.id, t, {
      decision: {
        inputs: { bars: 30 },
        signals: [{ symbol: 'SIM-A', action: 'enter_long', confidence: 0.7, reason: `bar ${i}` }],
        orders: [entryOf(run.id, 'SIM-A', t)],
        verdicts: i === 6 ? [blockedOf('SIM-B', 'gate:max-open-positions', t)] : [],
        notes: [{ kind: 'analysis', content: `note ${i}` }],
      },
    })));
    const recent = value(await queries.recentDecisions(run.id, 5));
    expect(recent.map((d) => d.barTime)).toEqual(bars.slice(2).reverse());
    expect(recent[0]).toEqual({
      barTime: bars[6], asOf: bars[6]! + MIN,
      signals: [{ symbol: 'SIM-A', action: 'enter_long', reason: 'bar 6' }],
      orders: [{ symbol: 'SIM-A', side: 'buy', intent: 'entry', reason: 'SIM-A oversold' }],
      blocked: [{ symbol: 'SIM-B', by: 'gate:max-open-positions', reason: 'gate:max-open-positions said no', shadow: false }],
      notes: [{ kind: 'analysis', content: 'note 6' }],
    });
    expect(value(await queries.recentDecisions('nope', 5))).toEqual([]);
  });
});
