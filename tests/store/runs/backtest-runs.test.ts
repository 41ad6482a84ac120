import { describe, expect, it } from 'vitest';
import { saveBacktestRun } from '../../../src/store/runs/backtest-runs.js';
import { createPrismaRunQueries } from '../../../src/store/runs/queries.js';
import { ensureWorkspace } from '../../../src/store/workspace/workspaces.js';
import { useMigratedStore } from '../helpers/repo.js';
import { SAMPLE_BLOCKED, SAMPLE_TRADES, sampleRecord } from '../helpers/sample-run.js';

const fixture = useMigratedStore('runs');
// Saved runs are read back as the desk reads them (/runs, /run show, MCP get_run and get_trades).
const queries = () => createPrismaRunQueries(fixture.store.prisma);

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
    const workspace = { platform: 'discord', externalId: 'guild-read', name: 'R' } as const;
    const record = sampleRecord({ workspace });
    const saved = await saveBacktestRun(fixture.store.prisma, record);
    if (!saved.ok) throw new Error(saved.error.message);

    const run = await queries().findRun(workspace, saved.value.number);
    if (!run.ok) throw new Error(run.error.message);
    expect(run.value).toMatchObject({
      id: saved.value.runId,
      number: 1,
      mode: 'backtest',
      status: 'completed',
      startedAt: record.startedAt,
      endedAt: record.endedAt,
      config: {
        strategy: { id: 'sma-cross', version: '1.0.0' },
        params: record.params,
        symbols: ['ORCL', 'GOOG'],
        timeframe: '1d',
        rulesHash: 'abc123',
        ruleIds: ['r1'],
        dataSource: 'csv:/data',
        dataFrom: record.dataFrom,
        dataTo: record.dataTo,
        sizing: record.sizing,
        startCash: 100_000,
        codeVersion: 'test',
      },
    });
    expect(await queries().runManifest(saved.value.runId)).toEqual({ ok: true, value: record.manifest });

    const history = await queries().getHistory(saved.value.runId);
    if (!history.ok) throw new Error(history.error.message);
    expect(history.value.trades).toEqual(SAMPLE_TRADES);
    expect(history.value.equity).toEqual(record.equity);
    // Reads only 'entry_blocked' and 'reported' violations, 'reported' as shadow: so both were saved with the right action.
    expect(history.value.blocked).toEqual(SAMPLE_BLOCKED);

    // Columns no report reads back are still saved as given.
    const row = await fixture.store.prisma.run.findUniqueOrThrow({
      where: { id: saved.value.runId },
      select: { gatesMode: true, quantEnabled: true, ruleSnapshot: true, results: true, createdBy: true },
    });
    expect(row).toEqual({ gatesMode: 'enforce', quantEnabled: true, ruleSnapshot: record.rules, results: record.results, createdBy: 'cli' });
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

describe('reading saved backtests back', () => {
  it('reports a missing run number as run.not_found', async () => {
    const workspace = { platform: 'discord', externalId: 'guild-empty', name: 'E' } as const;
    await ensureWorkspace(fixture.store.prisma, workspace);
    const res = await queries().findRun(workspace, 7);
    expect(res).toEqual({ ok: false, error: { code: 'run.not_found', message: 'Run #7 does not exist in this workspace', details: { number: 7 } } });
  });

  it('lists the newest runs first', async () => {
    const workspace = { platform: 'discord', externalId: 'guild-list', name: 'L' } as const;
    for (let i = 0; i < 3; i++) await saveBacktestRun(fixture.store.prisma, sampleRecord({ workspace, equity: [], trades: [], blocked: [] }));
    const runs = await queries().listRuns(workspace);
    expect(runs.ok && runs.value.map((r) => r.number)).toEqual([3, 2, 1]);
  });

  it('refuses to hand out a run whose Json column does not have the expected shape', async () => {
    const workspace = { platform: 'discord', externalId: 'guild-corrupt', name: 'C' } as const;
    const saved = await saveBacktestRun(fixture.store.prisma, sampleRecord({ workspace }));
    if (!saved.ok) throw new Error(saved.error.message);
    await fixture.store.prisma.run.update({ where: { id: saved.value.runId }, data: { symbols: { not: 'a list' } } });
    const found = await queries().findRun(workspace, 1);
    expect(found.ok ? 'ok' : found.error.code).toBe('db.corrupt_row');
    const history = await queries().getHistory(saved.value.runId);
    expect(history.ok ? 'ok' : history.error.code).toBe('db.corrupt_row');
  });
});

describe('ensureWorkspace', () => {
  it('returns the same workspace for the same platform id and keeps its name current', async () => {
    const first = await ensureWorkspace(fixture.store.prisma, { platform: 'slack', externalId: 'T1', name: 'Old' });
    const second = await ensureWorkspace(fixture.store.prisma, { platform: 'slack', externalId: 'T1', name: 'New' });
    expect(second).toEqual({ ...first, name: 'New' });
  });
});
