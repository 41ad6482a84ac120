// The Prisma AccountRisk: one AccountRisk row per workspace and broker account (`alpaca:paper`, `alpaca:live`),
// created on first use. Limits are written with their audit entry in one transaction; the marks (start-of-day and
// peak equity, recent order times) are read, decided and written under the database's write lock, so two runs
// gating orders on one account at once never both take the last slot of the order rate.
import { z } from 'zod';
import { accountKey, NO_MARKS, type AccountMarks, type AccountRisk } from '../../app/account/ports.js';
import type { WorkspaceRef } from '../../app/chat/command.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { firstIssueLine } from '../../core/domain/zod-errors.js';
import { accountLimitsSchema, DEFAULT_ACCOUNT_LIMITS, type AccountLimits } from '../../core/risk/account-gates.js';
import type { RunBroker } from '../../core/runs/run-broker.js';
import { recordAudit } from '../audit/audit.js';
import type { Db, PrismaClient } from '../db/client.js';
import { toJsonInput } from '../db/json.js';
import { inTransaction } from '../db/transaction.js';
import { guardedInWorkspace, TransactionAbort } from '../workspace/workspaces.js';

const SELECT = { limits: true, day: true, startOfDayEquity: true, peakEquity: true, recentOrders: true } as const;

const rowSchema = z.object({
  limits: accountLimitsSchema.nullable(),
  day: z.string().nullable(),
  startOfDayEquity: z.number().nullable(),
  peakEquity: z.number().nullable(),
  recentOrders: z.array(z.number()).nullable(),
});

interface Stored {
  readonly limits: AccountLimits;
  readonly marks: AccountMarks;
}

async function read(db: Db, workspaceId: string, broker: RunBroker): Promise<Result<Stored>> {
  const row = await db.accountRisk.findUnique({ where: { workspaceId_account: { workspaceId, account: accountKey(broker) } }, select: SELECT });
  if (row === null) return ok({ limits: DEFAULT_ACCOUNT_LIMITS, marks: NO_MARKS });
  const parsed = rowSchema.safeParse(row);
  if (!parsed.success) return fail('db.corrupt_row', `The ${accountKey(broker)} account's risk is stored in a shape this version cannot read: ${firstIssueLine(parsed.error)}`);
  const r = parsed.data;
  return ok({
    limits: r.limits ?? DEFAULT_ACCOUNT_LIMITS,
    marks: { day: r.day, startOfDayEquity: r.startOfDayEquity, peakEquity: r.peakEquity, recentOrders: r.recentOrders ?? [] },
  });
}

function json(value: unknown, field: string) {
  const converted = toJsonInput(value, field);
  if (!converted.ok) throw new TransactionAbort(converted);
  return converted.value;
}

export function createPrismaAccountRisk(prisma: PrismaClient): AccountRisk {
  const guarded = <T>(workspace: WorkspaceRef, what: string, fn: (workspaceId: string) => Promise<Result<T>>): Promise<Result<T>> =>
    guardedInWorkspace(prisma, workspace, what, fn);
  const where = (workspaceId: string, broker: RunBroker) => ({ workspaceId_account: { workspaceId, account: accountKey(broker) } });

  return {
    limits: (workspace, broker) => guarded(workspace, `Could not read the ${accountKey(broker)} account's limits`, async (workspaceId) => {
      const stored = await read(prisma, workspaceId, broker);
      return stored.ok ? ok(stored.value.limits) : stored;
    }),

    setLimits: (workspace, broker, limits, by, approval) => guarded(workspace, `Could not save the ${accountKey(broker)} account's limits`, (workspaceId) => inTransaction(prisma, async (tx) => {
      const checked = accountLimitsSchema.safeParse(limits);
      if (!checked.success) throw new TransactionAbort(fail('risk.limit_invalid', `account limits: ${firstIssueLine(checked.error)}`));
      const stored = await read(tx, workspaceId, broker);
      if (!stored.ok) throw new TransactionAbort(stored);
      const after = checked.data;
      const value = json(after, 'account limits');
      await tx.accountRisk.upsert({ where: where(workspaceId, broker), create: { workspaceId, account: accountKey(broker), limits: value }, update: { limits: value } });
      await recordAudit(tx, {
        workspaceId, actor: by.actor.id, channel: by.channelId, action: 'settings.account_risk', target: accountKey(broker),
        details: { before: stored.value.limits, after, ...(approval === undefined ? {} : { approval: approval.id, requestedBy: approval.requestedBy }) },
      });
      return ok({ before: stored.value.limits, after });
    })),

    withMarks: (workspace, broker, decide) => guarded(workspace, `Could not record the ${accountKey(broker)} account's orders`, (workspaceId) => inTransaction(prisma, async (tx) => {
      const stored = await read(tx, workspaceId, broker);
      if (!stored.ok) throw new TransactionAbort(stored);
      const { next, result } = decide(stored.value);
      const marks = { day: next.day, startOfDayEquity: next.startOfDayEquity, peakEquity: next.peakEquity, recentOrders: json([...next.recentOrders], 'recent orders') };
      await tx.accountRisk.upsert({ where: where(workspaceId, broker), create: { workspaceId, account: accountKey(broker), ...marks }, update: marks });
      return ok(result);
    })),
  };
}
