// A person's correction of a run's positions outside any iteration (RunStore.adjustPositions): reconciliation adopting
// the broker's view into one run, or dropping a position a flatten at the broker closed. One transaction: the version
// compare-and-set first, then the positions, the cancelled orders, a history line and the audit entry with who.
import type { PositionAdjustment, RunSummary } from '../../app/runs/model.js';
import type { Result } from '../../core/domain/result.js';
import { recordAudit } from '../audit/audit.js';
import type { PrismaClient } from '../db/client.js';
import { storeFailure } from '../db/errors.js';
import { inTransaction } from '../db/transaction.js';
import type { Prisma } from '../generated/client.js';
import { CommitRefused } from './commit-orders.js';
import { encodeColumn, toTaggedJson } from './json.js';
import { LIVE_MODES, LIVE_RUN_SELECT, positionColumns, runSummaryFromRow, storedPositionSchema } from './summary-rows.js';
import { bumpRunVersion } from './version.js';

export async function adjustRunPositions(prisma: PrismaClient, runId: string, change: PositionAdjustment): Promise<Result<RunSummary>> {
  const shadow: Prisma.InputJsonValue[] = [];
  for (const [i, p] of change.positions.entries()) {
    const checked = encodeColumn(storedPositionSchema, p, `positions[${i}]`);
    if (!checked.ok) return checked;
    const exits = toTaggedJson(p.shadowExits, `positions[${i}].shadowExits`);
    if (!exits.ok) return exits;
    shadow.push(exits.value);
  }
  try {
    const row = await inTransaction(prisma, async (tx) => {
      const fresh = await bumpRunVersion(tx, runId, change.expectedVersion);
      if (!fresh.ok) throw new CommitRefused(fresh);
      const run = await tx.run.findFirstOrThrow({ where: { id: runId, mode: { in: [...LIVE_MODES] } }, select: { workspaceId: true } });
      await tx.position.deleteMany({ where: { runId } });
      if (change.positions.length > 0) await tx.position.createMany({ data: change.positions.map((p, i) => positionColumns(runId, p, shadow[i]!)) });
      const cancel = change.cancelOrders ?? [];
      if (cancel.length > 0) await tx.order.updateMany({ where: { runId, status: 'submitted', clientOrderId: { in: [...cancel] } }, data: { status: 'cancelled' } });
      await tx.reasoningEntry.create({ data: { runId, kind: 'decision', content: change.reason, at: new Date(change.now) } });
      await recordAudit(tx, { workspaceId: run.workspaceId, actor: change.actor, action: change.action, target: runId, details: { ...change.details, reason: change.reason } });
      return tx.run.findUniqueOrThrow({ where: { id: runId }, select: LIVE_RUN_SELECT });
    });
    return runSummaryFromRow(row);
  } catch (error) {
    if (error instanceof CommitRefused) return error.failure;
    return storeFailure(error, 'db.write_failed', "Could not change the run's positions");
  }
}
