import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceRef } from '../../../src/app/chat/command.js';
import type { RunManifest } from '../../../src/app/runs/model.js';
import type { RunQueries } from '../../../src/app/runs/ports.js';
import type { RunStore } from '../../../src/app/runs/ports.js';
import { DEFAULT_QUANT } from '../../../src/core/engine/config.js';
import { DEFAULT_GATE_LIMITS } from '../../../src/core/risk/gates.js';
import { saveBacktestRun } from '../../../src/store/runs/backtest-runs.js';
import { createPrismaRunQueries } from '../../../src/store/runs/queries.js';
import { createPrismaRunStore } from '../../../src/store/runs/store.js';
import { useMigratedStore } from '../helpers/repo.js';
import { sampleRecord } from '../helpers/sample-run.js';
import { commitOf, commitSeed } from '../../helpers/run-commits.js';

const fixture = useMigratedStore('run-queries-list');
let runs: RunStore;
let queries: RunQueries;

beforeAll(async () => {
  runs = createPrismaRunStore(fixture.store.prisma);
  queries = createPrismaRunQueries(fixture.store.prisma);
});

const T0 = Date.UTC(2026, 0, 5, 14, 30);
const MIN = 60_000;
const ws = (externalId: string): WorkspaceRef => ({ platform: 'discord', externalId, name: externalId });
const MANIFEST: RunManifest = {
  strategy: { id: 'mean-reversion', version: '1.0.0' }, params: { period: 5 }, symbols: ['SIM-A'], dataSymbols: [], timeframe: '1m',
  dataSource: 'sim', startCash: 100_000, sizing: { kind: 'percent', pct: 10 }, costs: { commissionRate: 0, slippageBps: 0 },
  gates: { mode: 'enforce', limits: DEFAULT_GATE_LIMITS }, quant: DEFAULT_QUANT, rules: [], rulesHash: 'h', codeVersion: 'v',
};

describe('listRuns', () => {
  it('answers a burst of identical lists with one read, and still sees at once what this process wrote', async () => {
    const w = ws('list-burst');
    const numbers = async () => {
      const listed = await queries.listRuns(w);
      if (!listed.ok) throw new Error(listed.error.message);
      return listed.value.map((r) => [r.number, r.status]);
    };
    const burst = await Promise.all(Array.from({ length: 40 }, () => queries.listRuns(w)));
    expect(new Set(burst).size).toBe(1);
    expect(await numbers()).toEqual([]);
    await saveBacktestRun(fixture.store.prisma, sampleRecord({ workspace: w }));
    expect(await numbers()).toEqual([[1, 'completed']]);
    const paper = await runs.createRun({ workspace: w, manifest: MANIFEST, createdBy: 'ann', channelId: 'c', now: T0 });
    if (!paper.ok) throw new Error(paper.error.message);
    expect(await numbers()).toEqual([[2, 'running'], [1, 'completed']]);
    await runs.transition(paper.value.id, 'paused', 'ann', 'lunch', T0 + MIN);
    expect(await numbers()).toEqual([[2, 'paused'], [1, 'completed']]);
  });

  it('lists every run of the workspace, backtests and paper, newest first', async () => {
    const w = ws('list-a');
    const bt = await saveBacktestRun(fixture.store.prisma, sampleRecord({ workspace: w }));
    const paper = await runs.createRun({ workspace: w, manifest: MANIFEST, createdBy: 'ann', channelId: 'c', now: T0 });
    expect(bt.ok && paper.ok).toBe(true);
    await saveBacktestRun(fixture.store.prisma, sampleRecord({ workspace: ws('list-other') }));
    const listed = await queries.listRuns(w);
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value.map((r) => [r.number, r.mode])).toEqual([[2, 'paper'], [1, 'backtest']]);
    expect(listed.value[1]!.config.strategy).toEqual({ id: 'sma-cross', version: '1.0.0' });
  });

  it('lists only the runs in a status when asked, backtests being completed runs, with each paper run\'s own window', async () => {
    const w = ws('list-status');
    await saveBacktestRun(fixture.store.prisma, sampleRecord({ workspace: w }));
    const first = await runs.createRun({ workspace: w, manifest: MANIFEST, createdBy: 'ann', channelId: 'c', now: T0 });
    const second = await runs.createRun({ workspace: w, manifest: MANIFEST, createdBy: 'ann', channelId: 'c', now: T0 });
    if (!first.ok || !second.ok) throw new Error('runs not created');
    for (const at of [T0 + MIN, T0 + 3 * MIN]) expect((await commitSeed(runs, commitOf(first.value.id, at))).ok).toBe(true);
    expect((await commitSeed(runs, commitOf(second.value.id, T0 + 7 * MIN))).ok).toBe(true);
    await runs.transition(second.value.id, 'stopped', 'ann', 'done', T0 + 8 * MIN);
    const numbers = async (status?: 'completed' | 'running' | 'stopped') => {
      const listed = await queries.listRuns(w, status === undefined ? {} : { status });
      if (!listed.ok) throw new Error(listed.error.message);
      return listed.value.map((r) => [r.number, r.mode, r.status]);
    };
    expect(await numbers('completed')).toEqual([[1, 'backtest', 'completed']]);
    expect(await numbers('running')).toEqual([[2, 'paper', 'running']]);
    expect(await numbers('stopped')).toEqual([[3, 'paper', 'stopped']]);
    expect(await numbers()).toEqual([[3, 'paper', 'stopped'], [2, 'paper', 'running'], [1, 'backtest', 'completed']]);
    const all = await queries.listRuns(w);
    if (!all.ok) throw new Error(all.error.message);
    // Each run as the single-run lookup reads it (its window from its own equity snapshots).
    for (const ref of all.value) {
      const one = await queries.findRun(w, ref.number);
      expect(one.ok && one.value).toEqual(ref);
    }
    expect(all.value.find((r) => r.number === 3)?.config.dataTo).toBe(T0 + 7 * MIN);
  });

  it('gives an empty list for a workspace it has never seen', async () => {
    expect(await queries.listRuns(ws('list-never'))).toEqual({ ok: true, value: [] });
  });
});
