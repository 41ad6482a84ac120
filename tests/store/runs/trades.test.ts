// Where a run's trades live: a backtest saves them as one trade ledger; older backtests and paper runs as Trade rows.
import { describe, expect, it } from 'vitest';
import type { WorkspaceRef } from '../../../src/app/chat/command.js';
import { saveBacktestRun } from '../../../src/store/runs/backtest-runs.js';
import { createPrismaRunQueries } from '../../../src/store/runs/queries.js';
import { tradeRow } from '../../../src/store/db/result-rows.js';
import { useMigratedStore } from '../helpers/repo.js';
import { SAMPLE_TRADES, sampleRecord } from '../helpers/sample-run.js';

const fixture = useMigratedStore('run-trades');
const DAY = 86_400_000;

async function saved(externalId: string, trades = SAMPLE_TRADES): Promise<{ runId: string; number: number; workspace: WorkspaceRef }> {
  const workspace = { platform: 'console', externalId, name: externalId } as const;
  const result = await saveBacktestRun(fixture.store.prisma, sampleRecord({ workspace, trades: [...trades] }));
  if (!result.ok) throw new Error(result.error.message);
  return { ...result.value, workspace };
}

describe("a backtest's trades", () => {
  it('are saved as one trade ledger and no Trade rows, and read back exactly', async () => {
    const trades = [...SAMPLE_TRADES, { ...SAMPLE_TRADES[0]!, entryPrice: 10.1 + 0.2, exitPrice: 1 / 3, pnl: -0.1 - 0.2, exitTime: SAMPLE_TRADES[1]!.exitTime + DAY }];
    const run = await saved('ledger-saved', trades);
    const prisma = fixture.store.prisma;
    expect(await prisma.trade.count({ where: { runId: run.runId } })).toBe(0);
    expect(await prisma.tradeLedger.findUnique({ where: { runId: run.runId }, select: { version: true, count: true } })).toEqual({ version: 1, count: 3 });
    // Read as /run show and MCP get_trades read it: found by number in its workspace, then its history.
    const queries = createPrismaRunQueries(fixture.store.prisma);
    const found = await queries.findRun(run.workspace, run.number);
    expect(found.ok && found.value.id).toBe(run.runId);
    const history = await queries.getHistory(run.runId);
    expect(history.ok && history.value.trades).toEqual(trades);
  });

  it('of a run saved before the ledger existed (Trade rows) still read back, in exit order', async () => {
    const run = await saved('rows-only', []);
    await fixture.store.prisma.tradeLedger.delete({ where: { runId: run.runId } });
    await fixture.store.prisma.trade.createMany({ data: [...SAMPLE_TRADES].reverse().map((t) => tradeRow(run.runId, t)) });
    const history = await createPrismaRunQueries(fixture.store.prisma).getHistory(run.runId);
    expect(history.ok && history.value.trades).toEqual(SAMPLE_TRADES);
  });

  it('are decoded once per desk: a second read of the same run comes from the cache', async () => {
    const run = await saved('cached');
    const queries = createPrismaRunQueries(fixture.store.prisma);
    const first = await queries.getHistory(run.runId);
    const second = await queries.getHistory(run.runId);
    expect(first.ok && second.ok && second.value.trades === first.value.trades).toBe(true);
  });

  it('make the run unreadable, with a clear error, when the ledger blob is damaged', async () => {
    const run = await saved('damaged');
    // Eight characters short, as a torn write would leave it.
    const ledger = await fixture.store.prisma.tradeLedger.findUniqueOrThrow({ where: { runId: run.runId }, select: { data: true } });
    await fixture.store.prisma.tradeLedger.update({ where: { runId: run.runId }, data: { data: ledger.data.slice(0, -8) } });
    const history = await createPrismaRunQueries(fixture.store.prisma).getHistory(run.runId);
    expect(history.ok).toBe(false);
    if (history.ok) return;
    expect(history.error.code).toBe('db.corrupt_row');
    expect(history.error.message).toMatch(/^Run #1 is stored in a shape this version cannot read: trade ledger: \d+ bytes do not hold 2 trades$/);
  });

  it('make the run unreadable when both a ledger and Trade rows claim its trades', async () => {
    const run = await saved('both');
    await fixture.store.prisma.trade.create({ data: tradeRow(run.runId, SAMPLE_TRADES[0]!) });
    const history = await createPrismaRunQueries(fixture.store.prisma).getHistory(run.runId);
    expect(history.ok ? 'read' : history.error.message).toMatch(/both a trade ledger and trade rows/);
  });

  it('go with their run when it is deleted', async () => {
    const run = await saved('deleted');
    await fixture.store.prisma.run.delete({ where: { id: run.runId } });
    expect(await fixture.store.prisma.tradeLedger.count({ where: { runId: run.runId } })).toBe(0);
  });
});
