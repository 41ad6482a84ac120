import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { saveBacktestRun } from '../../src/store/backtest-runs.js';
import { getRunByNumber, listRuns } from '../../src/store/runs.js';
import { ensureWorkspace } from '../../src/store/workspaces.js';
import { useMigratedStore } from './helpers/repo.js';
import { SAMPLE_BLOCKED, SAMPLE_TRADES, sampleRecord } from './helpers/sample-run.js';

const fixture = useMigratedStore('runs');

const workspaceId = async (externalId: string): Promise<string> =>
  (await ensureWorkspace(fixture.store.prisma, { platform: 'discord', externalId, name: externalId })).id;
const numberOf = (r: Awaited<ReturnType<typeof saveBacktestRun>>): number | string => (r.ok ? r.value.number : r.error.code);

describe('saveBacktestRun', () => {
  it('numbers runs per workspace: 1 and 2 in one, 1 in another', async () => {
    const a = { platform: 'discord', externalId: 'guild-a', name: 'A' } as const;
    const b = { platform: 'slack', externalId: 'team-b', name: 'B' } as const;
    const numbers = [
      numberOf(await saveBacktestRun(fixture.store.prisma, sampleRecord({ workspace: a }))),
      numberOf(await saveBacktestRun(fixture.store.prisma, sampleRecord({ workspace: a }))),
      numberOf(await saveBacktestRun(fixture.store.prisma, sampleRecord({ workspace: b }))),
    ];
    expect(numbers).toEqual([1, 2, 1]);
  });

  it('reads a saved run back with its trades, equity points and violations', async () => {
    const record = sampleRecord({ workspace: { platform: 'discord', externalId: 'guild-read', name: 'R' } });
    const saved = await saveBacktestRun(fixture.store.prisma, record);
    if (!saved.ok) throw new Error(saved.error.message);

    const run = await getRunByNumber(fixture.store.prisma, await workspaceId('guild-read'), saved.value.number);
    if (!run.ok) throw new Error(run.error.message);
    expect(run.value).toMatchObject({
      id: saved.value.runId,
      number: 1,
      mode: 'backtest',
      status: 'completed',
      strategyId: 'sma-cross',
      strategyVersion: '1.0.0',
      params: record.params,
      symbols: ['ORCL', 'GOOG'],
      timeframe: '1d',
      gatesMode: 'enforce',
      sizing: record.sizing,
      rules: record.rules,
      rulesHash: 'abc123',
      manifest: record.manifest,
      results: record.results,
      startingCash: 100_000,
      dataFrom: record.dataFrom,
      dataTo: record.dataTo,
      createdBy: 'cli',
      startedAt: record.startedAt,
      endedAt: record.endedAt,
    });
    expect(run.value.trades).toEqual(SAMPLE_TRADES);
    expect(run.value.equity).toEqual(record.equity);
    expect(run.value.violations).toEqual(
      SAMPLE_BLOCKED.map((b) => ({
        time: b.time,
        by: b.by,
        symbol: b.symbol,
        observed: b.observed,
        limit: b.limit,
        action: b.shadow ? 'reported' : 'entry_blocked',
        message: b.reason,
      })),
    );
    const transitions = await fixture.store.prisma.runTransition.findMany({ where: { runId: saved.value.runId } });
    expect(transitions.map((t) => [t.fromStatus, t.toStatus, t.actor, t.reason])).toEqual([[null, 'completed', 'cli', 'backtest']]);
  });

  it('gives concurrent saves in one workspace distinct consecutive numbers', async () => {
    const workspace = { platform: 'discord', externalId: 'guild-busy', name: 'Busy' } as const;
    const saves = await Promise.all(Array.from({ length: 5 }, () => saveBacktestRun(fixture.store.prisma, sampleRecord({ workspace }))));
    expect(saves.map(numberOf).sort((x, y) => Number(x) - Number(y))).toEqual([1, 2, 3, 4, 5]);
  });

  it('stores a few thousand equity points in one go', async () => {
    const workspace = { platform: 'discord', externalId: 'guild-long', name: 'Long' } as const;
    const equity = Array.from({ length: 5_000 }, (_, i) => ({ time: i * 60_000, cash: 1_000, equity: 1_000 + i }));
    const saved = await saveBacktestRun(fixture.store.prisma, sampleRecord({ workspace, equity }));
    if (!saved.ok) throw new Error(saved.error.message);
    expect(await fixture.store.prisma.equitySnapshot.count({ where: { runId: saved.value.runId } })).toBe(5_000);
  });

  it('saves nothing and hands out no number when a field is not JSON', async () => {
    const workspace = { platform: 'discord', externalId: 'guild-json', name: 'J' } as const;
    const bad = await saveBacktestRun(fixture.store.prisma, sampleRecord({ workspace, params: { big: 10n } }));
    expect(bad.ok ? 'ok' : bad.error.code).toBe('store.not_json');
    expect(numberOf(await saveBacktestRun(fixture.store.prisma, sampleRecord({ workspace })))).toBe(1);
  });

  it('rolls back the run and its number when a child row cannot be written', async () => {
    const workspace = { platform: 'discord', externalId: 'guild-dup', name: 'D' } as const;
    const point = { time: 0, cash: 1, equity: 1 };
    const bad = await saveBacktestRun(fixture.store.prisma, sampleRecord({ workspace, equity: [point, point] }));
    expect(bad.ok ? 'ok' : bad.error.code).toBe('db.write_failed');
    const id = await workspaceId('guild-dup');
    expect(await fixture.store.prisma.run.count({ where: { workspaceId: id } })).toBe(0);
    expect(numberOf(await saveBacktestRun(fixture.store.prisma, sampleRecord({ workspace })))).toBe(1);
  });
});

describe('getRunByNumber and listRuns', () => {
  it('reports a missing run number as run.not_found', async () => {
    const res = await getRunByNumber(fixture.store.prisma, await workspaceId('guild-empty'), 7);
    expect(res).toEqual({ ok: false, error: { code: 'run.not_found', message: 'Run #7 does not exist in this workspace', details: { number: 7 } } });
  });

  it('lists the newest runs first, up to the limit', async () => {
    const workspace = { platform: 'discord', externalId: 'guild-list', name: 'L' } as const;
    for (let i = 0; i < 3; i++) await saveBacktestRun(fixture.store.prisma, sampleRecord({ workspace, equity: [], trades: [], blocked: [] }));
    const runs = await listRuns(fixture.store.prisma, await workspaceId('guild-list'), { limit: 2 });
    expect(runs.ok && runs.value.map((r) => r.number)).toEqual([3, 2]);
  });

  it('refuses to hand out a run whose Json column does not have the expected shape', async () => {
    const workspace = { platform: 'discord', externalId: 'guild-corrupt', name: 'C' } as const;
    const saved = await saveBacktestRun(fixture.store.prisma, sampleRecord({ workspace }));
    if (!saved.ok) throw new Error(saved.error.message);
    const db = new Database(fixture.file);
    db.prepare(`UPDATE "Run" SET symbols = '{"not":"a list"}' WHERE id = ?`).run(saved.value.runId);
    db.close();
    const res = await getRunByNumber(fixture.store.prisma, await workspaceId('guild-corrupt'), 1);
    expect(res.ok ? 'ok' : res.error.code).toBe('db.corrupt_row');
  });
});

describe('ensureWorkspace', () => {
  it('returns the same workspace for the same platform id and keeps its name current', async () => {
    const first = await ensureWorkspace(fixture.store.prisma, { platform: 'slack', externalId: 'T1', name: 'Old' });
    const second = await ensureWorkspace(fixture.store.prisma, { platform: 'slack', externalId: 'T1', name: 'New' });
    expect(second).toEqual({ ...first, name: 'New' });
  });
});
