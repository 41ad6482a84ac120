// The Prisma RuleProposals: analyst rule proposals as Approval rows (kind `rule_proposal`). Approving adds the rule
// and closes the proposal in one transaction, so a crash never leaves a rule in force with its proposal pending.
import { z } from 'zod';
import type { WorkspaceRef } from '../../app/chat/command.js';
import { PROPOSAL_STATUSES, type ProposalStatus, type RuleProposalDraft, type RuleProposals, type RuleProposalView } from '../../app/workspace/ports.js';
import type { ChangedBy } from '../../app/workspace/ports.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { ruleSchema, type Rule } from '../../core/risk/rules.js';
import { recordAudit } from '../audit/audit.js';
import type { Db, PrismaClient } from '../db/client.js';
import { toJsonInput } from '../db/json.js';
import { addRule } from './rules.js';
import { guardedInWorkspace, TransactionAbort } from '../workspace/workspaces.js';

const KIND = 'rule_proposal';

const payloadSchema = z.object({
  rule: ruleSchema,
  rationale: z.string(),
  summary: z.string(),
  run: z.number().int().nullable(),
  source: z.string(),
});

const rowSchema = z.object({
  id: z.string(),
  payload: payloadSchema,
  status: z.enum(PROPOSAL_STATUSES),
  requestedBy: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.date().nullable(),
  createdAt: z.date(),
});

const SELECT = { id: true, payload: true, status: true, requestedBy: true, decidedBy: true, decidedAt: true, createdAt: true } as const;

function viewOf(row: unknown): Result<RuleProposalView> {
  const parsed = rowSchema.safeParse(row);
  if (!parsed.success) return fail('db.corrupt_row', 'A stored rule proposal is in a shape this version cannot read');
  const { payload, createdAt, decidedAt, ...rest } = parsed.data;
  return ok({ ...rest, ...payload, createdAt: createdAt.getTime(), decidedAt: decidedAt?.getTime() ?? null });
}

const notFound = (id: string) => fail('proposal.not_found', `No rule proposal '${id}' in this workspace (/proposals lists them)`, { id });

async function find(db: Db, workspaceId: string, id: string): Promise<Result<RuleProposalView>> {
  const row = await db.approval.findFirst({ where: { id, workspaceId, kind: KIND }, select: SELECT });
  return row === null ? notFound(id) : viewOf(row);
}

function alreadyDecided(p: RuleProposalView): Result<never> {
  const when = p.decidedAt === null ? '' : ` at ${new Date(p.decidedAt).toISOString()}`;
  return fail('proposal.decided', `Proposal ${p.id} was already ${p.status}${p.decidedBy === null ? '' : ` by ${p.decidedBy}`}${when}`, { id: p.id });
}

export function createPrismaRuleProposals(prisma: PrismaClient): RuleProposals {
  const guarded = <T>(workspace: WorkspaceRef, what: string, fn: (workspaceId: string) => Promise<Result<T>>): Promise<Result<T>> =>
    guardedInWorkspace(prisma, workspace, what, fn);

  const decide = (workspace: WorkspaceRef, id: string, status: Exclude<ProposalStatus, 'pending'>, by: ChangedBy, shadow: boolean) =>
    guarded(workspace, `Could not record the decision on proposal ${id}`, (workspaceId) => prisma.$transaction(async (tx) => {
      const found = await find(tx, workspaceId, id);
      if (!found.ok) throw new TransactionAbort(found);
      if (found.value.status !== 'pending') throw new TransactionAbort(alreadyDecided(found.value));
      let rule: Rule | null = null;
      if (status === 'approved') {
        const added = await addRule(tx, workspaceId, { ...found.value.rule, shadow }, by.actor.id);
        if (!added.ok) throw new TransactionAbort(added);
        rule = added.value.rule;
      }
      // Only a still-pending row changes: two people pressing at once cannot both decide it.
      const changed = await tx.approval.updateMany({ where: { id, status: 'pending' }, data: { status, decidedBy: by.actor.id, decidedAt: new Date(by.now) } });
      if (changed.count !== 1) throw new TransactionAbort(fail('proposal.decided', `Proposal ${id} was decided by someone else just now`, { id }));
      await recordAudit(tx, {
        workspaceId, actor: by.actor.id, channel: by.channelId, action: status === 'approved' ? 'proposal.approve' : 'proposal.reject', target: id,
        details: { rule: found.value.rule.id, type: found.value.rule.type, ...(status === 'approved' ? { shadow } : {}) },
      });
      const view = await find(tx, workspaceId, id);
      if (!view.ok) throw new TransactionAbort(view);
      return ok({ proposal: view.value, rule });
    }, { maxWait: 10_000, timeout: 20_000 }));

  return {
    propose: (workspace, draft: RuleProposalDraft, requestedBy, now) => guarded(workspace, 'Could not file the rule proposal', async (workspaceId) => {
      const payload = toJsonInput(draft, 'proposal');
      if (!payload.ok) return payload;
      const row = await prisma.approval.create({
        data: { workspaceId, kind: KIND, payload: payload.value, requestedBy, createdAt: new Date(now) },
        select: SELECT,
      });
      return viewOf(row);
    }),
    get: (workspace, id) => guarded(workspace, `Could not read proposal ${id}`, (workspaceId) => find(prisma, workspaceId, id)),
    list: (workspace, status, limit) => guarded(workspace, 'Could not list the rule proposals', async (workspaceId) => {
      const rows = await prisma.approval.findMany({
        where: { workspaceId, kind: KIND, ...(status === 'all' ? {} : { status }) },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: Math.max(1, Math.min(100, Math.floor(limit))),
        select: SELECT,
      });
      const views: RuleProposalView[] = [];
      for (const row of rows) {
        const view = viewOf(row);
        if (!view.ok) return view;
        views.push(view.value);
      }
      return ok(views);
    }),
    approve: async (workspace, id, options, by) => {
      const decided = await decide(workspace, id, 'approved', by, options.shadow);
      return decided.ok ? ok({ proposal: decided.value.proposal, rule: decided.value.rule! }) : decided;
    },
    reject: async (workspace, id, by) => {
      const decided = await decide(workspace, id, 'rejected', by, false);
      return decided.ok ? ok(decided.value.proposal) : decided;
    },
  };
}
