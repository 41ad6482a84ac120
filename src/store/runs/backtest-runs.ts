import { runListReads } from '../db/read-coalescer.js';
import type { BacktestRunRecord as AppBacktestRunRecord } from '../../app/backtest/ports.js';
import { ok, type Result } from '../../core/domain/result.js';
import type { Db, PrismaClient } from '../db/client.js';
import { storeFailure } from '../db/errors.js';
import { toJsonInput } from '../db/json.js';
import { violationRow } from '../db/result-rows.js';
import { encodeTradeLedger } from './trade-ledger.js';
import { ensureWorkspace } from '../workspace/workspaces.js';

/** A finished backtest as saved (times epoch ms). The shape is the app port's; the store adds optional times. */
export interface BacktestRunRecord extends AppBacktestRunRecord {
  /** Wall-clock start and end of the backtest; both default to the time of saving. */
  readonly startedAt?: number;
  readonly endedAt?: number;
}

/**
 * Saves a completed backtest as the workspace's next numbered run, with its trades, equity points and blocked
 * signals, in one transaction: a failure leaves no half-saved run and no gap-making counter bump behind.
 */
export async function saveBacktestRun(
  prisma: PrismaClient,
  record: BacktestRunRecord,
): Promise<Result<{ runId: string; number: number }>> {
  // A new run in the workspace's list: readers of this client see it at once (see runListReads).
  return saveRows(prisma, record).finally(() => runListReads(prisma).clear());
}

async function saveRows(prisma: PrismaClient, record: BacktestRunRecord): Promise<Result<{ runId: string; number: number }>> {
  const json = jsonColumns(record);
  if (!json.ok) return json;
  const endedAt = new Date(record.endedAt ?? Date.now());
  const startedAt = record.startedAt === undefined ? endedAt : new Date(record.startedAt);

  try {
    const saved = await prisma.$transaction(
      async (tx) => {
        const workspace = await ensureWorkspace(tx, record.workspace);
        // An atomic increment inside the transaction: concurrent saves get distinct, gap-free numbers.
        const { runCounter: number } = await tx.workspace.update({
          where: { id: workspace.id },
          data: { runCounter: { increment: 1 } },
          select: { runCounter: true },
        });
        const { id: runId } = await tx.run.create({
          data: {
            workspaceId: workspace.id,
            number,
            mode: 'backtest',
            status: 'completed',
            strategyId: record.strategyId,
            strategyVersion: record.strategyVersion,
            ...json.value,
            timeframe: record.timeframe,
            dataSource: record.dataSource,
            quantEnabled: record.quantEnabled,
            gatesMode: record.gatesMode,
            ruleSnapshotHash: record.rulesHash,
            startingCash: record.startingCash,
            dataFrom: new Date(record.dataFrom),
            dataTo: new Date(record.dataTo),
            createdBy: record.createdBy,
            startedAt,
            endedAt,
          },
          select: { id: true },
        });
        await tx.runTransition.create({
          data: { runId, fromStatus: null, toStatus: 'completed', actor: record.createdBy, reason: 'backtest', at: endedAt },
        });
        await insertChildren(tx, runId, record);
        return { runId, number };
      },
      // A few thousand rows take well under a second; the margin covers waiting for another writer's lock.
      { maxWait: 30_000, timeout: 60_000 },
    );
    return ok(saved);
  } catch (error) {
    return storeFailure(error, 'db.write_failed', 'Could not save the backtest run');
  }
}

async function insertChildren(tx: Db, runId: string, record: BacktestRunRecord): Promise<void> {
  // One columnar blob, not a row per trade: a 500k-trade backtest saves in well under a second (see trade-ledger.ts).
  const ledger = encodeTradeLedger(record.trades);
  await tx.tradeLedger.create({ data: { runId, version: ledger.version, count: ledger.count, data: ledger.data } });
  if (record.equity.length > 0) {
    await tx.equitySnapshot.createMany({
      data: record.equity.map((p) => ({
        runId,
        at: new Date(p.time),
        cash: p.cash,
        marketValue: p.equity - p.cash,
        equity: p.equity,
      })),
    });
  }
  if (record.blocked.length > 0) {
    await tx.ruleViolation.createMany({
      data: record.blocked.map((b) => violationRow(runId, b)),
    });
  }
}

function jsonColumns(record: BacktestRunRecord) {
  const params = toJsonInput(record.params, 'params');
  if (!params.ok) return params;
  const symbols = toJsonInput(record.symbols, 'symbols');
  if (!symbols.ok) return symbols;
  const sizing = toJsonInput(record.sizing, 'sizing');
  if (!sizing.ok) return sizing;
  const ruleSnapshot = toJsonInput(record.rules, 'rules');
  if (!ruleSnapshot.ok) return ruleSnapshot;
  const manifest = toJsonInput(record.manifest, 'manifest');
  if (!manifest.ok) return manifest;
  const results = toJsonInput(record.results, 'results');
  if (!results.ok) return results;
  return ok({
    params: params.value,
    symbols: symbols.value,
    sizing: sizing.value,
    ruleSnapshot: ruleSnapshot.value,
    manifest: manifest.value,
    results: results.value,
  });
}
