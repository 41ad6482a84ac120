// The Prisma Reconciliations: open differences between a real broker account and the books of a workspace's runs on
// it, one Reconciliation row per difference (at most one open per workspace and account). Recording one queues its
// desk-channel notification in the same transaction, so a difference is never recorded without being posted (and,
// recorded once, never posted again while it stays the same); every write has its audit entry.
import { z } from 'zod';
import type { WorkspaceRef } from '../../app/chat/command.js';
import { brokerOfKey, type AccountKey, type CashBaseline, type OpenDifference, type Reconciliations } from '../../app/reconcile/ports.js';
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

const CASH_SELECT = { baseline: true, cursor: true } as const;

const cashView = (row: { baseline: number; cursor: string | null }): CashBaseline => ({ baseline: row.baseline, cursor: row.cursor });

async function findCash(db: Db, workspaceId: string, account: AccountKey): Promise<CashBaseline | null> {
  const row = await db.accountCash.findUnique({ where: { workspaceId_account: { workspaceId, account } }, select: CASH_SELECT });
  return row === null ? null : cashView(row);
}

export function createPrismaReconciliations(prisma: PrismaClient): Reconciliations {
  return {
    cashBaseline: (workspace, account) => guardedInWorkspace(prisma, workspace, 'Could not read the account\'s cash baseline', async (workspaceId) => ok(await findCash(prisma, workspaceId, account))),
    startCash: (workspace, account, input) => guardedInWorkspace(prisma, workspace, 'Could not record the account\'s cash baseline', (workspaceId) => inTransaction(prisma, async (tx) => {
      const found = await findCash(tx, workspaceId, account);
      if (found !== null) return ok(found);
      const row = await tx.accountCash.create({ data: { workspaceId, account, baseline: input.baseline, cursor: input.cursor }, select: CASH_SELECT });
      await recordAudit(tx, { workspaceId, actor: 'desk', action: 'reconcile.cash_baseline', target: account, details: { baseline: input.baseline, cursor: input.cursor } });
      return ok(cashView(row));
    })),
    countCash: (workspace, account, input) => guardedInWorkspace(prisma, workspace, 'Could not count the account\'s cash activities', (workspaceId) => inTransaction(prisma, async (tx) => {
      const last = input.activities.at(-1);
      const moved = await tx.accountCash.updateMany({
        where: { workspaceId, account, cursor: input.from },
        data: { baseline: { increment: input.activities.reduce((sum, a) => sum + a.amount, 0) }, ...(last === undefined ? {} : { cursor: last.id }) },
      });
      if (moved.count === 1 && last !== undefined) {
        await recordAudit(tx, {
          workspaceId, actor: 'desk', action: 'reconcile.cash_activities', target: account,
          details: { from: input.from, to: last.id, activities: input.activities.map((a) => ({ id: a.id, type: a.type, subType: a.subType, amount: a.amount, description: a.description })) },
        });
        if (input.notification !== null) {
          const queued = await enqueueNotification(tx, { workspaceId, ...input.notification, now: input.now });
          if (!queued.ok) throw new TransactionAbort(queued);
        }
      }
      const stored = await findCash(tx, workspaceId, account);
      return stored === null ? fail('reconcile.no_baseline', `The ${account} account has no cash baseline yet`) : ok(stored);
    })),
    adoptCash: (workspace, account, input) => guardedInWorkspace(prisma, workspace, 'Could not adopt the broker\'s cash', (workspaceId) => inTransaction(prisma, async (tx) => {
      const moved = await tx.accountCash.updateMany({ where: { workspaceId, account }, data: { baseline: { increment: input.delta } } });
      if (moved.count !== 1) return fail('reconcile.no_baseline', `The ${account} account has no cash baseline yet`);
      await recordAudit(tx, { workspaceId, actor: input.by, action: 'reconcile.adopt_cash', target: account, details: { delta: input.delta, reason: input.reason } });
      const stored = await findCash(tx, workspaceId, account);
      return stored === null ? fail('reconcile.no_baseline', `The ${account} account has no cash baseline yet`) : ok(stored);
    })),
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
