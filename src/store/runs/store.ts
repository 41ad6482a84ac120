// The Prisma RunStore: paper/live runs (issue 3). Backtests share the Run table and its numbering but are saved
// whole by backtest-runs.ts; here they are only ever named, never loaded or moved.
import { z } from 'zod';
import type { WorkspaceRef } from '../../app/chat/command.js';
import type { RunStore } from '../../app/runs/ports.js';
import { RUN_STATUSES, type RunManifest, type RunStatus, type RunSummary, type StatusChange } from '../../app/runs/model.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { firstIssueLine } from '../../core/domain/zod-errors.js';
import type { Db, PrismaClient } from '../db/client.js';
import { storeFailure } from '../db/errors.js';
import { toJsonInput } from '../db/json.js';
import { commitRunIteration, queueNotifications } from './commit.js';
import { CommitRefused } from './commit-orders.js';
import { encodeColumn } from './json.js';
import { acquireRunLease, releaseRunLease } from './leases.js';
import { adjustRunPositions } from './adjust.js';
import { runManifestSchema } from '../../app/runs/manifest-schema.js';
import { initialRunState } from '../../core/runs/run-book.js';
import { runStateSchema } from './state-schema.js';
import { corruptRun, LIVE_MODES, LIVE_RUN_SELECT, runSummaryFromRow } from './summary-rows.js';
import { loadRunSnapshot } from './snapshot.js';
import { recordTransition } from './transitions.js';
import { bumpRunVersion } from './version.js';
import { runListReads } from '../db/read-coalescer.js';
import { inTransaction } from '../db/transaction.js';
import { ensureWorkspace } from '../workspace/workspaces.js';

const LIVE = { mode: { in: [...LIVE_MODES] } };
const runStatusSchema = z.enum(RUN_STATUSES);
// The scheduler's work: running runs, and paused or halted runs holding something (they open nothing new, but their
// open positions' stops, targets and time stops, and their pending exits, still run). One holding nothing waits.
const ACTIVE = [
  { status: 'running' },
  { status: { in: ['paused', 'halted'] }, OR: [{ positions: { some: {} } }, { orders: { some: { status: 'submitted', intent: 'exit' } } }] },
];
// A status change that lost a race re-reads the status and tries again (the move may have become refused).
const MAX_TRIES = 3;

export function createPrismaRunStore(prisma: PrismaClient): RunStore {
  // Run lists are read by every /runs; concurrent and back-to-back lists share one query (see read-coalescer.ts).
  const lists = runListReads(prisma);
  const written = <T>(result: Promise<T>): Promise<T> => result.finally(() => lists.clear());
  return {
    createRun: (input) => written(createRun(prisma, input)),
    getRun: (workspace, number) => getRun(prisma, workspace, number),
    listRuns: (workspace, filter) =>
      lists.get(`live\u0000${workspace.platform}\u0000${workspace.externalId}\u0000${filter.status ?? 'all'}`, () => listRuns(prisma, workspace, filter.status)),
    // Oldest first, so a scheduler working down the list serves long-running runs first.
    listActive: () => readSummaries(prisma.run.findMany({ where: { ...LIVE, OR: ACTIVE }, orderBy: [{ startedAt: 'asc' }, { id: 'asc' }], select: LIVE_RUN_SELECT })),
    transition: (runId, to, actor, reason, now, change) => written(transition(prisma, runId, to, actor, reason, now, change)),
    loadSnapshot: (runId) => loadRunSnapshot(prisma, runId),
    hasDecision: async (runId, barTime) =>
      (await prisma.decisionRecord.findUnique({ where: { runId_barTime: { runId, barTime: new Date(barTime) } }, select: { id: true } })) !== null,
    commitIteration: (commit) => written(commitRunIteration(prisma, commit)),
    adjustPositions: (runId, change) => written(adjustRunPositions(prisma, runId, change)),
    acquireLease: (runId, holder, barTime, ttlMs, now) => acquireRunLease(prisma, runId, holder, barTime, ttlMs, now),
    releaseLease: (runId, holder) => releaseRunLease(prisma, runId, holder),
  };
}

interface CreateRunInput {
  readonly workspace: WorkspaceRef;
  readonly manifest: RunManifest;
  readonly createdBy: string;
  readonly channelId: string;
  readonly now: number;
}

async function createRun(prisma: PrismaClient, input: CreateRunInput): Promise<Result<RunSummary>> {
  const m = input.manifest;
  const columns = jsonColumns(m);
  if (!columns.ok) return columns;
  try {
    const row = await inTransaction(prisma, async (tx) => {
      const workspace = await ensureWorkspace(tx, input.workspace);
      // An atomic increment inside the transaction: concurrent starts get distinct, gap-free numbers.
      const { runCounter: number } = await tx.workspace.update({ where: { id: workspace.id }, data: { runCounter: { increment: 1 } }, select: { runCounter: true } });
      const created = await tx.run.create({
        data: {
          workspaceId: workspace.id,
          number,
          mode: 'paper',
          status: 'running',
          strategyId: m.strategy.id,
          strategyVersion: m.strategy.version,
          ...columns.value,
          timeframe: m.timeframe,
          dataSource: m.dataSource,
          quantEnabled: m.quant.enabled,
          gatesMode: m.gates.mode,
          ruleSnapshotHash: m.rulesHash,
          startingCash: m.startCash,
          channelRef: input.channelId,
          createdBy: input.createdBy,
          startedAt: new Date(input.now),
        },
        select: LIVE_RUN_SELECT,
      });
      await tx.runTransition.create({
        data: { runId: created.id, fromStatus: null, toStatus: 'running', actor: input.createdBy, reason: 'started', at: new Date(input.now) },
      });
      return created;
    });
    return runSummaryFromRow(row);
  } catch (error) {
    return storeFailure(error, 'db.write_failed', 'Could not start the run');
  }
}

function jsonColumns(m: RunManifest) {
  const manifest = encodeColumn(runManifestSchema, m, 'manifest');
  if (!manifest.ok) return manifest;
  const state = encodeColumn(runStateSchema, initialRunState(m.startCash), 'state');
  if (!state.ok) return state;
  const params = toJsonInput(m.params, 'params');
  if (!params.ok) return params;
  const symbols = toJsonInput(m.symbols, 'symbols');
  if (!symbols.ok) return symbols;
  const sizing = toJsonInput(m.sizing, 'sizing');
  if (!sizing.ok) return sizing;
  const ruleSnapshot = toJsonInput(m.rules, 'rules');
  if (!ruleSnapshot.ok) return ruleSnapshot;
  return ok({ manifest: manifest.value, state: state.value, params: params.value, symbols: symbols.value, sizing: sizing.value, ruleSnapshot: ruleSnapshot.value });
}

async function findWorkspaceId(db: Db, ref: WorkspaceRef): Promise<string | null> {
  const row = await db.workspace.findUnique({ where: { platform_externalId: { platform: ref.platform, externalId: ref.externalId } }, select: { id: true } });
  return row?.id ?? null;
}

async function getRun(prisma: PrismaClient, workspace: WorkspaceRef, number: number): Promise<Result<RunSummary>> {
  const missing = fail('run.not_found', `Run #${number} does not exist in this workspace`, { number });
  let row;
  try {
    const workspaceId = await findWorkspaceId(prisma, workspace);
    if (workspaceId === null || !Number.isSafeInteger(number)) return missing;
    row = await prisma.run.findUnique({ where: { workspaceId_number: { workspaceId, number } }, select: LIVE_RUN_SELECT });
  } catch (error) {
    return storeFailure(error, 'db.read_failed', `Could not read run #${number}`);
  }
  if (row === null) return missing;
  if (row.mode === 'backtest') return fail('run.not_live', `Run #${number} is a backtest, not a paper or live run`, { number });
  return runSummaryFromRow(row);
}

/** Newest first. The port returns a plain list: a database failure rejects, an unreadable run is left out. */
async function listRuns(prisma: PrismaClient, workspace: WorkspaceRef, status: RunStatus | 'all' | undefined): Promise<RunSummary[]> {
  const workspaceId = await findWorkspaceId(prisma, workspace);
  if (workspaceId === null) return [];
  const where = { workspaceId, ...LIVE, ...(status === undefined || status === 'all' ? {} : { status }) };
  return readSummaries(prisma.run.findMany({ where, orderBy: { number: 'desc' }, select: LIVE_RUN_SELECT }));
}

async function readSummaries(query: Promise<readonly { number: number }[]>): Promise<RunSummary[]> {
  const summaries: RunSummary[] = [];
  for (const row of await query) {
    const summary = runSummaryFromRow(row);
    if (summary.ok) summaries.push(summary.value);
  }
  return summaries;
}

async function transition(prisma: PrismaClient, runId: string, to: RunStatus, actor: string, reason: string, now: number, change: StatusChange = {}):
  Promise<Result<RunSummary>> {
  const encoded = change.state === undefined ? null : encodeColumn(runStateSchema, change.state, 'state');
  if (encoded !== null && !encoded.ok) return encoded;
  try {
    for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
      // Only the status is read first: a run whose manifest this version cannot read can still be stopped.
      const row = await prisma.run.findFirst({ where: { id: runId, ...LIVE }, select: { id: true, number: true, status: true, workspaceId: true } });
      if (row === null) return fail('run.not_found', `No paper or live run with id '${runId}'`, { runId });
      const status = runStatusSchema.safeParse(row.status);
      if (!status.success) return corruptRun(row.number, firstIssueLine(status.error, 'status'));
      const run = { ...row, status: status.data };
      try {
        await inTransaction(prisma, async (tx) => {
          // The version first: a move decided on an older read is refused before anything is written.
          const fresh = await bumpRunVersion(tx, runId, change.expectedVersion);
          if (!fresh.ok) throw new CommitRefused(fresh);
          const recorded = await recordTransition(tx, { run, to, actor, reason, now });
          if (!recorded.ok) throw new CommitRefused(recorded);
          if (encoded !== null) await tx.run.update({ where: { id: runId }, data: { state: encoded.value } });
          const cancel = change.cancelOrders ?? [];
          if (cancel.length > 0) {
            await tx.order.updateMany({ where: { runId, status: 'submitted', clientOrderId: { in: [...cancel] } }, data: { status: 'cancelled' } });
          }
          for (const content of change.notes ?? []) {
            await tx.reasoningEntry.create({ data: { runId, kind: 'decision', content, at: new Date(now) } });
          }
          await queueNotifications(tx, row.workspaceId, runId, change.notifications ?? [], now);
        });
      } catch (error) {
        if (!(error instanceof CommitRefused)) throw error;
        // The status moved since it was read: try again unless the caller decided on a version (then it decides again).
        if (error.failure.ok || error.failure.error.code !== 'db.conflict' || change.expectedVersion !== undefined) return error.failure;
        continue;
      }
      const after = await prisma.run.findUniqueOrThrow({ where: { id: runId }, select: LIVE_RUN_SELECT });
      return runSummaryFromRow(after);
    }
  } catch (error) {
    return storeFailure(error, 'db.write_failed', 'Could not change the run status');
  }
  return fail('db.conflict', 'The run kept changing status; try again', { runId });
}
