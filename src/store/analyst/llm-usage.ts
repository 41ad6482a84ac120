// LLM usage rows (LlmUsage): one per analyst answer that reached the API, with the member who asked and the
// conversation it belongs to, and monthly totals for /usage and the budget check.
import { monthBounds } from '../../app/workspace/usage.js';
import { type LlmUsageLedger, type MemberUsage, type MonthUsage, type UsageEntry } from '../../app/workspace/ports.js';
import { ok, type Result } from '../../core/domain/result.js';
import type { Db, PrismaClient } from '../db/client.js';
import { storeFailure } from '../db/errors.js';
import { inTransaction } from '../db/transaction.js';
import { inWorkspace } from '../workspace/workspaces.js';

export interface LlmUsageStoreOptions {
  /** Whether the price table knows a model (src/analyst/pricing.ts, wired in src/main); unknown ones are flagged. */
  readonly isPricedModel: (model: string) => boolean;
}

export function createPrismaLlmUsage(prisma: PrismaClient, options: LlmUsageStoreOptions): LlmUsageLedger {
  return {
    record: (workspace, entry) => inWorkspace(prisma, workspace, (id) => recordUsage(prisma, id, entry)),
    month: (workspace, month, topMembers) => inWorkspace(prisma, workspace, (id) => monthUsage(prisma, id, month, topMembers, options.isPricedModel)),
  };
}

export async function recordUsage(prisma: PrismaClient | Db, workspaceId: string, entry: UsageEntry): Promise<Result<null>> {
  try {
    await inTransaction(prisma, async (tx) => {
      // The asker becomes a member if new; a role is never written here (roles come from bindings and admins).
      const member = await tx.member.upsert({
        where: { workspaceId_externalUserId: { workspaceId, externalUserId: entry.actor.id } },
        create: { workspaceId, externalUserId: entry.actor.id, displayName: entry.actor.name },
        update: { displayName: entry.actor.name },
        select: { id: true },
      });
      const session = entry.conversationId === null
        ? null
        : await tx.chatSession.findUnique({ where: { workspaceId_key: { workspaceId, key: entry.conversationId } }, select: { id: true } });
      await tx.llmUsage.create({
        data: {
          workspaceId,
          memberId: member.id,
          sessionId: session?.id ?? null,
          model: entry.model,
          inputTokens: entry.inputTokens,
          outputTokens: entry.outputTokens,
          costUsd: entry.costUsd,
          at: new Date(entry.at),
        },
      });
    });
  } catch (error) {
    return storeFailure(error, 'db.write_failed', 'Could not record the LLM usage');
  }
  return ok(null);
}

export async function monthUsage(db: Db, workspaceId: string, month: string, topMembers: number, isPriced: (model: string) => boolean): Promise<Result<MonthUsage>> {
  const { fromMs, toMs } = monthBounds(month);
  const where = { workspaceId, at: { gte: new Date(fromMs), lt: new Date(toMs) } };
  const sums = { inputTokens: true, outputTokens: true, costUsd: true } as const;
  try {
    const [totals, groups, models] = await Promise.all([
      db.llmUsage.aggregate({ where, _count: { _all: true }, _sum: sums }),
      topMembers <= 0
        ? Promise.resolve([])
        : db.llmUsage.groupBy({ by: ['memberId'], where, _count: { _all: true }, _sum: sums, orderBy: [{ _sum: { costUsd: 'desc' } }, { memberId: 'asc' }], take: topMembers }),
      db.llmUsage.findMany({ where, distinct: ['model'], select: { model: true }, orderBy: { model: 'asc' } }),
    ]);
    const ids = groups.flatMap((g) => (g.memberId === null ? [] : [g.memberId]));
    const members = ids.length === 0 ? [] : await db.member.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } });
    const names = new Map(members.map((m) => [m.id, m.displayName]));
    const top = groups.map((g): MemberUsage => ({
      name: g.memberId === null ? '(former member)' : names.get(g.memberId) ?? '(former member)',
      requests: g._count._all,
      inputTokens: g._sum.inputTokens ?? 0,
      outputTokens: g._sum.outputTokens ?? 0,
      costUsd: g._sum.costUsd ?? 0,
    }));
    return ok({
      month,
      totals: { requests: totals._count._all, inputTokens: totals._sum.inputTokens ?? 0, outputTokens: totals._sum.outputTokens ?? 0, costUsd: totals._sum.costUsd ?? 0 },
      topMembers: top,
      unpricedModels: models.map((m) => m.model).filter((m) => !isPriced(m)),
    });
  } catch (error) {
    return storeFailure(error, 'db.read_failed', 'Could not read the LLM usage');
  }
}
