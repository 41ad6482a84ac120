// The Prisma Reconciliations: open differences between a real broker account and the books of a workspace's runs on
// it, one Reconciliation row per difference (at most one open per workspace and account). Recording one queues its
// desk-channel notification in the same transaction, so a difference is never recorded without being posted (and,
// recorded once, never posted again while it stays the same); every write has its audit entry.
import { z } from 'zod';
import type { WorkspaceRef } from '../../app/chat/command.js';
import { brokerOfKey, type AccountKey, type OpenDifference, type Reconciliations } from '../../app/reconcile/ports.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import type { PositionDifference } from '../../core/runs/reconcile.js';
import { recordAudit } from '../audit/audit.js';
import type { Db, PrismaClient } from '../db/client.js';
import { storeFailure } from '../db/errors.js';
import { toJsonInput } from '../db/json.js';
import { inTransaction } from '../db/transaction.js';
import { enqueueNotification } from '../outbox/outbox.js';
import { guardedInWorkspace, PLATFORMS, TransactionAbort } from '../workspace/workspaces.js';

const runRef = z.object({ runId: z.string(), runNumber: z.number().int() });
const differencesSchema: z.ZodType<PositionDifference[]> = z.array(z.object({
  symbol: z.string(),
  brokerQty: z.number(),
  deskQty: z.number(),
  held: z.array(runRef.extend({ qty: z.number() })),
  affected: z.array(runRef),
}));

const SELECT = { id: true, account: true, differences: true, openedAt: true, changedAt: true } as const;

function viewOf(row: { id: string; account: string; differences: unknown; openedAt: Date; changedAt: Date }): Result<OpenDifference> {
  const differences = differencesSchema.safeParse(row.differences);
  if (!differences.success || brokerOfKey(row.account) === null) return fail('db.corrupt_row', `A stored reconciliation difference (${row.id}) is in a shape this version cannot read`);
  return ok({ id: row.id, account: row.account as AccountKey, differences: differences.data, openedAt: row.openedAt.getTime(), changedAt: row.changedAt.getTime() });
}

async function findOpen(db: Db, workspaceId: string, account: AccountKey): Promise<Result<OpenDifference | null>> {
  const row = await db.reconciliation.findFirst({ where: { workspaceId, account, status: 'open' }, orderBy: [{ openedAt: 'asc' }, { id: 'asc' }], select: SELECT });
  return row === null ? ok(null) : viewOf(row);
}

export function createPrismaReconciliations(prisma: PrismaClient): Reconciliations {
  return {
    open: (workspace, account) => guardedInWorkspace(prisma, workspace, 'Could not read the reconciliation', (workspaceId) => findOpen(prisma, workspaceId, account)),
    record: (workspace, account, input) => guardedInWorkspace(prisma, workspace, 'Could not record the reconciliation difference', (workspaceId) => inTransaction(prisma, async (tx) => {
      const json = toJsonInput(input.differences, 'reconciliation differences');
      if (!json.ok) throw new TransactionAbort(json);
      const open = await findOpen(tx, workspaceId, account);
      if (!open.ok) throw new TransactionAbort(open);
      const at = new Date(input.now);
      const row = open.value === null
        ? await tx.reconciliation.create({ data: { workspaceId, account, differences: json.value, openedAt: at, changedAt: at }, select: SELECT })
        : await tx.reconciliation.update({ where: { id: open.value.id }, data: { differences: json.value, changedAt: at }, select: SELECT });
      await recordAudit(tx, {
        workspaceId, actor: 'desk', action: open.value === null ? 'reconcile.difference' : 'reconcile.changed', target: account,
        details: { id: row.id, symbols: input.differences.map((d) => d.symbol), differences: json.value },
      });
      const queued = await enqueueNotification(tx, {
        workspaceId, eventType: input.notification.eventType, dedupeKey: input.notification.dedupeKey, payload: input.notification.payload, now: input.now,
      });
      if (!queued.ok) throw new TransactionAbort(queued);
      return viewOf(row);
    })),
    resolve: (workspace, account, input) => guardedInWorkspace(prisma, workspace, 'Could not resolve the reconciliation difference', (workspaceId) => inTransaction(prisma, async (tx) => {
      const open = await findOpen(tx, workspaceId, account);
      if (!open.ok) throw new TransactionAbort(open);
      if (open.value === null) return ok(false);
      const changed = await tx.reconciliation.updateMany({
        where: { id: open.value.id, status: 'open' },
        data: { status: 'resolved', resolvedBy: input.by, resolution: input.how, resolvedAt: new Date(input.now) },
      });
      if (changed.count !== 1) return ok(false);
      await recordAudit(tx, { workspaceId, actor: input.by, action: 'reconcile.resolve', target: account, details: { id: open.value.id, how: input.how } });
      return ok(true);
    })),
    allOpen: async () => {
      try {
        const rows = await prisma.reconciliation.findMany({
          where: { status: 'open' }, orderBy: [{ openedAt: 'asc' }, { id: 'asc' }],
          select: { account: true, workspace: { select: { platform: true, externalId: true, name: true } } },
        });
        const out: { workspace: WorkspaceRef; account: AccountKey }[] = [];
        for (const row of rows) {
          const platform = z.enum(PLATFORMS).safeParse(row.workspace.platform);
          if (!platform.success || brokerOfKey(row.account) === null) return fail('db.corrupt_row', 'A stored reconciliation difference is in a shape this version cannot read');
          out.push({ workspace: { platform: platform.data, externalId: row.workspace.externalId, name: row.workspace.name }, account: row.account as AccountKey });
        }
        return ok(out);
      } catch (error) {
        return storeFailure(error, 'db.read_failed', 'Could not list the open reconciliation differences');
      }
    },
  };
}
