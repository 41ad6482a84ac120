// The Prisma ApprovalRequests: four-eyes requests as Approval rows (kind `live_run_start`, `account_limit_loosen`),
// with their deadline in `expiresAt`. Each answer is decided by the core's rule (answerApproval) on the row as read
// and written only if the row is still pending, with its audit entry in the same transaction: two admins pressing at
// once cannot both decide it, and no decision is ever without its audit line.
import { z } from 'zod';
import type { WorkspaceRef } from '../../app/chat/command.js';
import type { ApprovalRequests, ApprovalRequestView, ChangedBy } from '../../app/workspace/ports.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { answerApproval, APPROVAL_KINDS, type ApprovalKind } from '../../core/risk/four-eyes.js';
import { recordAudit } from '../audit/audit.js';
import type { Db, PrismaClient } from '../db/client.js';
import { storeFailure } from '../db/errors.js';
import { toJsonInput } from '../db/json.js';
import { guardedInWorkspace, TransactionAbort, PLATFORMS } from '../workspace/workspaces.js';

const rowSchema = z.object({
  id: z.string(),
  kind: z.enum(APPROVAL_KINDS),
  payload: z.record(z.string(), z.unknown()),
  status: z.enum(['pending', 'approved', 'rejected', 'expired']),
  requestedBy: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.date().nullable(),
  expiresAt: z.date(),
  createdAt: z.date(),
});

const SELECT = { id: true, kind: true, payload: true, status: true, requestedBy: true, decidedBy: true, decidedAt: true, expiresAt: true, createdAt: true } as const;
const KINDS: ApprovalKind[] = [...APPROVAL_KINDS];

function viewOf(row: unknown): Result<ApprovalRequestView> {
  const parsed = rowSchema.safeParse(row);
  if (!parsed.success) return fail('db.corrupt_row', 'A stored approval request is in a shape this version cannot read');
  const { createdAt, decidedAt, expiresAt, ...rest } = parsed.data;
  return ok({ ...rest, requestedAt: createdAt.getTime(), expiresAt: expiresAt.getTime(), decidedAt: decidedAt?.getTime() ?? null });
}

async function find(db: Db, workspaceId: string, id: string): Promise<Result<ApprovalRequestView>> {
  const row = await db.approval.findFirst({ where: { id, workspaceId, kind: { in: KINDS } }, select: SELECT });
  return row === null ? fail('approval.not_found', `No approval request '${id}' in this workspace`, { id }) : viewOf(row);
}

export function createPrismaApprovalRequests(prisma: PrismaClient): ApprovalRequests {
  const guarded = <T>(workspace: WorkspaceRef, what: string, fn: (workspaceId: string) => Promise<Result<T>>): Promise<Result<T>> =>
    guardedInWorkspace(prisma, workspace, what, fn);

  return {
    request: (workspace, kind, payload, by: ChangedBy, ttlMs) => guarded(workspace, 'Could not file the approval request', (workspaceId) => prisma.$transaction(async (tx) => {
      const json = toJsonInput(payload, 'approval request');
      if (!json.ok) throw new TransactionAbort(json);
      const row = await tx.approval.create({
        data: { workspaceId, kind, payload: json.value, requestedBy: by.actor.id, createdAt: new Date(by.now), expiresAt: new Date(by.now + ttlMs) },
        select: SELECT,
      });
      await recordAudit(tx, { workspaceId, actor: by.actor.id, channel: by.channelId, action: 'approval.request', target: row.id, details: { kind, expiresAt: new Date(by.now + ttlMs).toISOString() } });
      return viewOf(row);
    })),
    get: (workspace, id) => guarded(workspace, `Could not read approval request ${id}`, (workspaceId) => find(prisma, workspaceId, id)),
    pending: (workspace) => guarded(workspace, 'Could not list the approval requests', async (workspaceId) => {
      const rows = await prisma.approval.findMany({ where: { workspaceId, kind: { in: KINDS }, status: 'pending' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: SELECT });
      const views: ApprovalRequestView[] = [];
      for (const row of rows) {
        const view = viewOf(row);
        if (!view.ok) return view;
        views.push(view.value);
      }
      return ok(views);
    }),
    answer: (workspace, id, answer, by) => guarded(workspace, `Could not record the answer to approval request ${id}`, (workspaceId) => prisma.$transaction(async (tx) => {
      const found = await find(tx, workspaceId, id);
      if (!found.ok) throw new TransactionAbort(found);
      const outcome = answerApproval(found.value, { by: by.actor.id, role: answer.role, approve: answer.approve, at: by.now });
      if (!outcome.ok) throw new TransactionAbort(outcome);
      const o = outcome.value;
      const data = o.status === 'expired' ? { status: o.status } : { status: o.status, decidedBy: o.by, decidedAt: new Date(o.at) };
      const changed = await tx.approval.updateMany({ where: { id, status: 'pending' }, data });
      if (changed.count !== 1) throw new TransactionAbort(fail('approval.decided', `Approval request ${id} was decided by someone else just now`, { id }));
      await recordAudit(tx, {
        workspaceId, actor: by.actor.id, channel: by.channelId, action: `approval.${o.status === 'approved' ? 'approve' : o.status === 'rejected' ? 'refuse' : 'expire'}`, target: id,
        details: { kind: found.value.kind, requestedBy: found.value.requestedBy },
      });
      return find(tx, workspaceId, id);
    })),
    expireDue: async (now) => {
      try {
        const rows = await prisma.approval.findMany({
          where: { kind: { in: KINDS }, status: 'pending', expiresAt: { lte: new Date(now) } },
          orderBy: [{ expiresAt: 'asc' }, { id: 'asc' }],
          select: { ...SELECT, workspaceId: true, workspace: { select: { platform: true, externalId: true, name: true } } },
        });
        const expired: (ApprovalRequestView & { workspace: WorkspaceRef })[] = [];
        for (const row of rows) {
          const done = await prisma.$transaction(async (tx) => {
            const changed = await tx.approval.updateMany({ where: { id: row.id, status: 'pending' }, data: { status: 'expired' } });
            if (changed.count !== 1) return false;
            await recordAudit(tx, { workspaceId: row.workspaceId, actor: 'desk', action: 'approval.expire', target: row.id, details: { kind: row.kind, requestedBy: row.requestedBy } });
            return true;
          });
          if (!done) continue;
          const view = viewOf({ ...row, status: 'expired' });
          const platform = z.enum(PLATFORMS).safeParse(row.workspace.platform);
          if (!view.ok || !platform.success) return fail('db.corrupt_row', `Approval request ${row.id} is in a shape this version cannot read`);
          expired.push({ ...view.value, workspace: { platform: platform.data, externalId: row.workspace.externalId, name: row.workspace.name } });
        }
        return ok(expired);
      } catch (error) {
        return storeFailure(error, 'db.write_failed', 'Could not expire the approval requests');
      }
    },
  };
}
