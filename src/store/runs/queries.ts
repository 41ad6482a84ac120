// The Prisma RunQueries: the read side of runs (reports on the desk). Backtests and paper runs share the Run table,
// so a lookup by number finds either; every lookup starts from the workspace.
import type { WorkspaceRef } from '../../app/chat/command.js';
import type { RunStatus } from '../../app/runs/model.js';
import type { DecisionView, LiveRunView, RunHistory, RunQueries, RunRef } from '../../app/runs/ports.js';
import type { DecisionPage, DecisionRange } from '../../app/runs/ports.js';
import type { BlockedSignal } from '../../core/engine/report.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import type { PrismaClient } from '../db/client.js';
import { storeFailure } from '../db/errors.js';
import { decisionFromRow, LIVE_VIEW_SELECT, liveViewFromRow, REF_SELECT, runRefFromRow, savedResults } from './query-rows.js';
import { equityRowSchema, violationRowSchema } from './rows.js';
import { readRunJournal } from './journal.js';
import { runTrades, TRADES_SELECT } from './trades.js';
import { runListReads } from '../db/read-coalescer.js';
import { createLedgerCache, type LedgerCache } from './trade-ledger-cache.js';
import { corruptRun, LIVE_MODES } from './summary-rows.js';

const LIVE = { mode: { in: [...LIVE_MODES] } };
/** Decisions one report may ask for. */
const MAX_DECISIONS = 50;

/** `ledgers`: decoded backtest trade ledgers shared by this desk's reads (see trade-ledger-cache.ts). */
export function createPrismaRunQueries(prisma: PrismaClient, ledgers: LedgerCache = createLedgerCache()): RunQueries {
  return {
    findRun: (workspace, number) => guard(`Could not read run #${number}`, () => findRun(prisma, workspace, number)),
    // Shared with the paper-run store's lists (cleared by its writes and by saved backtests): a burst of /runs is one query.
    listRuns: (workspace, filter) => runListReads(prisma).get(`all\u0000${workspace.platform}\u0000${workspace.externalId}\u0000${filter?.status ?? ''}`,
      () => guard('Could not list the runs', () => listRuns(prisma, workspace, filter?.status))),
    listRunning: (workspace) => guard('Could not list the running runs', () => listRunning(prisma, workspace)),
    getLive: (runId) => guard(`Could not read run '${runId}'`, () => getLive(prisma, runId)),
    getHistory: (runId) => guard(`Could not read the history of run '${runId}'`, () => getHistory(prisma, runId, ledgers)),
    recentDecisions: (runId, limit) => guard(`Could not read the decisions of run '${runId}'`, () => recentDecisions(prisma, runId, limit)),
    decisionsBetween: (runId, range) => guard(`Could not read the decisions of run '${runId}'`, () => decisionsBetween(prisma, runId, range)),
    runManifest: (runId) => guard(`Could not read the manifest of run '${runId}'`, () => runManifest(prisma, runId)),
    runJournal: (runId) => guard(`Could not read the record of run '${runId}'`, () => readRunJournal(prisma, runId)),
  };
}

/** A database failure becomes a `db.read_failed` result; anything else is a bug and propagates. */
async function guard<T>(what: string, read: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await read();
  } catch (error) {
    return storeFailure(error, 'db.read_failed', what);
  }
}

const notFound = (number: number) => fail('run.not_found', `Run #${number} does not exist in this workspace`, { number });
const noSuchId = (runId: string) => fail('run.not_found', `No run with id '${runId}'`, { runId });

async function workspaceIdOf(prisma: PrismaClient, ref: WorkspaceRef): Promise<string | null> {
  const row = await prisma.workspace.findUnique({ where: { platform_externalId: { platform: ref.platform, externalId: ref.externalId } }, select: { id: true } });
  return row?.id ?? null;
}

/** A paper run's window is the first and last bar it marked; a backtest's is saved with it. */
async function refOf(prisma: PrismaClient, row: Parameters<typeof runRefFromRow>[0]): Promise<Result<RunRef>> {
  if (row.mode === 'backtest') return runRefFromRow(row, { from: null, to: null });
  const span = await prisma.equitySnapshot.aggregate({ where: { runId: row.id }, _min: { at: true }, _max: { at: true } });
  return runRefFromRow(row, { from: span._min.at?.getTime() ?? null, to: span._max.at?.getTime() ?? null });
}

async function findRun(prisma: PrismaClient, workspace: WorkspaceRef, number: number): Promise<Result<RunRef>> {
  const workspaceId = await workspaceIdOf(prisma, workspace);
  if (workspaceId === null || !Number.isSafeInteger(number)) return notFound(number);
  const row = await prisma.run.findUnique({ where: { workspaceId_number: { workspaceId, number } }, select: REF_SELECT });
  return row === null ? notFound(number) : refOf(prisma, row);
}

async function listRuns(prisma: PrismaClient, workspace: WorkspaceRef, status: RunStatus | undefined): Promise<Result<readonly RunRef[]>> {
  const workspaceId = await workspaceIdOf(prisma, workspace);
  if (workspaceId === null) return ok([]);
  const rows = await prisma.run.findMany({ where: { workspaceId, ...(status === undefined ? {} : { status }) }, orderBy: { number: 'desc' }, select: REF_SELECT });
  // The paper runs' windows in one query, not one per run: /runs lists every run of a workspace.
  const paperIds = rows.filter((r) => r.mode !== 'backtest').map((r) => r.id);
  const spans = paperIds.length === 0 ? [] : await prisma.equitySnapshot.groupBy({ by: ['runId'], where: { runId: { in: paperIds } }, _min: { at: true }, _max: { at: true } });
  const windows = new Map(spans.map((s) => [s.runId, { from: s._min.at?.getTime() ?? null, to: s._max.at?.getTime() ?? null }]));
  const refs: RunRef[] = [];
  // One unreadable run fails the list, as listRunning does: a list that silently skipped a run would mislead.
  for (const row of rows) {
    const ref = runRefFromRow(row, row.mode === 'backtest' ? NO_WINDOW : windows.get(row.id) ?? NO_WINDOW);
    if (!ref.ok) return ref;
    refs.push(ref.value);
  }
  return ok(refs);
}

const NO_WINDOW = { from: null, to: null } as const;

async function listRunning(prisma: PrismaClient, workspace: WorkspaceRef): Promise<Result<readonly LiveRunView[]>> {
  const workspaceId = await workspaceIdOf(prisma, workspace);
  if (workspaceId === null) return ok([]);
  const rows = await prisma.run.findMany({ where: { workspaceId, ...LIVE, status: 'running' }, orderBy: { number: 'asc' }, select: LIVE_VIEW_SELECT });
  const views: LiveRunView[] = [];
  // One unreadable run fails the list: a portfolio total that silently left a run out would be wrong.
  for (const row of rows) {
    const view = liveViewFromRow(row);
    if (!view.ok) return view;
    views.push(view.value);
  }
  return ok(views);
}

async function getLive(prisma: PrismaClient, runId: string): Promise<Result<LiveRunView>> {
  const row = await prisma.run.findUnique({ where: { id: runId }, select: { ...LIVE_VIEW_SELECT, mode: true } });
  if (row === null) return noSuchId(runId);
  if (row.mode === 'backtest') return fail('run.not_live', `Run #${row.number} is a backtest, not a paper or live run`, { number: row.number });
  return liveViewFromRow(row);
}

async function getHistory(prisma: PrismaClient, runId: string, ledgers: LedgerCache): Promise<Result<RunHistory>> {
  const row = await prisma.run.findUnique({
    where: { id: runId },
    select: {
      ...REF_SELECT,
      results: true,
      ...TRADES_SELECT,
      equity: { orderBy: { at: 'asc' }, select: { at: true, cash: true, equity: true } },
      violations: { where: { action: { in: ['entry_blocked', 'reported'] } }, orderBy: [{ at: 'asc' }, { id: 'asc' }] },
    },
  });
  if (row === null) return noSuchId(runId);
  const { results, trades, tradeLedger, equity, violations, ...refRow } = row;
  const window = { from: equity[0]?.at.getTime() ?? null, to: equity.at(-1)?.at.getTime() ?? null };
  const run = runRefFromRow(refRow, row.mode === 'backtest' ? { from: null, to: null } : window);
  if (!run.ok) return run;
  const parsedTrades = await runTrades(prisma, { id: row.id, number: row.number, trades, tradeLedger }, ledgers);
  const parsedEquity = equityRowSchema.array().safeParse(equity);
  const parsedViolations = violationRowSchema.array().safeParse(violations);
  if (!parsedTrades.ok) return parsedTrades;
  if (!parsedEquity.success) return corruptRun(row.number, 'equity');
  if (!parsedViolations.success) return corruptRun(row.number, 'violations');
  const blocked: BlockedSignal[] = parsedViolations.data.map((v) => ({
    time: v.time, symbol: v.symbol ?? '', by: v.by, reason: v.message, observed: v.observed, limit: v.limit, shadow: v.action === 'reported',
  }));
  const saved = row.mode === 'backtest' ? savedResults(results, spanOf(refRow.dataFrom, refRow.dataTo)) : { metrics: null, openPositions: [] };
  return ok({ run: run.value, equity: parsedEquity.data, trades: parsedTrades.value, blocked, savedMetrics: saved.metrics, openAtEnd: saved.openPositions });
}

const spanOf = (from: Date | null, to: Date | null): number => (from === null || to === null ? 0 : to.getTime() - from.getTime());

async function recentDecisions(prisma: PrismaClient, runId: string, limit: number): Promise<Result<readonly DecisionView[]>> {
  const take = Number.isFinite(limit) ? Math.min(MAX_DECISIONS, Math.max(1, Math.floor(limit))) : 5;
  const rows = await prisma.decisionRecord.findMany({
    where: { runId },
    orderBy: { barTime: 'desc' },
    take,
    select: { barTime: true, asOf: true, signals: true, orders: true, verdicts: true, notes: true },
  });
  const views: DecisionView[] = [];
  for (const row of rows) {
    const view = decisionFromRow(row);
    if (!view.ok) return view;
    views.push(view.value);
  }
  return ok(views);
}

/** Decision records one range read may return: a day of 1-minute bars, not a year of them. */
const MAX_DECISION_PAGE = 500;

/** Any stretch of a run's decision records (bar time range, decided by a cut-off), with the range's total. */
async function decisionsBetween(prisma: PrismaClient, runId: string, range: DecisionRange): Promise<Result<DecisionPage>> {
  const take = Number.isFinite(range.limit) ? Math.min(MAX_DECISION_PAGE, Math.max(1, Math.floor(range.limit))) : 20;
  const at = (ms: number | undefined): Date | undefined => (ms === undefined ? undefined : new Date(ms));
  const where = {
    runId,
    barTime: { gte: at(range.from), lte: at(range.to) },
    ...(range.decidedBy === undefined ? {} : { asOf: { lte: new Date(range.decidedBy) } }),
  };
  const total = await prisma.decisionRecord.count({ where });
  const rows = await prisma.decisionRecord.findMany({
    where,
    orderBy: { barTime: range.order === 'newest_first' ? 'desc' : 'asc' },
    take,
    select: { barTime: true, asOf: true, signals: true, orders: true, verdicts: true, notes: true },
  });
  const decisions: DecisionView[] = [];
  for (const row of rows) {
    const view = decisionFromRow(row);
    if (!view.ok) return view;
    decisions.push(view.value);
  }
  return ok({ total, decisions });
}

async function runManifest(prisma: PrismaClient, runId: string): Promise<Result<unknown>> {
  const row = await prisma.run.findUnique({ where: { id: runId }, select: { manifest: true } });
  return row === null ? noSuchId(runId) : ok(row.manifest);
}
