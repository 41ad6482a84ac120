// In-memory RuleProposals for shell tests: the same statuses and refusals as the Prisma store, rules added through
// the given WorkspaceAdmin (so /rules list shows an approved proposal's rule).
import type { WorkspaceRef } from '../../src/app/chat/command.js';
import type { RuleProposals, RuleProposalView } from '../../src/app/workspace/ports.js';
import type { WorkspaceAdmin } from '../../src/app/workspace/ports.js';
import { fail, ok } from '../../src/core/domain/result.js';

export function createMemoryRuleProposals(admin: Pick<WorkspaceAdmin, 'addRule'>): RuleProposals & { all(): RuleProposalView[] } {
  const rows: { workspace: string; view: RuleProposalView }[] = [];
  const key = (w: WorkspaceRef) => `${w.platform}:${w.externalId}`;
  const find = (w: WorkspaceRef, id: string) => rows.find((r) => r.workspace === key(w) && r.view.id === id);
  const notFound = (id: string) => fail('proposal.not_found', `No rule proposal '${id}' in this workspace (/proposals lists them)`, { id });
  return {
    all: () => rows.map((r) => r.view),
    async propose(w, draft, requestedBy, now) {
      const view: RuleProposalView = { ...draft, id: `p${rows.length + 1}`, status: 'pending', requestedBy, createdAt: now, decidedBy: null, decidedAt: null };
      rows.push({ workspace: key(w), view });
      return ok(view);
    },
    async get(w, id) {
      const row = find(w, id);
      return row === undefined ? notFound(id) : ok(row.view);
    },
    async list(w, status, limit) {
      return ok(rows.filter((r) => r.workspace === key(w) && (status === 'all' || r.view.status === status)).map((r) => r.view).reverse().slice(0, limit));
    },
    async approve(w, id, { shadow }, by) {
      const row = find(w, id);
      if (row === undefined) return notFound(id);
      if (row.view.status !== 'pending') return fail('proposal.decided', `Proposal ${id} was already ${row.view.status} by ${row.view.decidedBy}`, { id });
      const added = await admin.addRule(w, { ...row.view.rule, shadow }, by.actor);
      if (!added.ok) return added;
      row.view = { ...row.view, status: 'approved', decidedBy: by.actor.id, decidedAt: by.now };
      return ok({ proposal: row.view, rule: added.value });
    },
    async reject(w, id, by) {
      const row = find(w, id);
      if (row === undefined) return notFound(id);
      if (row.view.status !== 'pending') return fail('proposal.decided', `Proposal ${id} was already ${row.view.status} by ${row.view.decidedBy}`, { id });
      row.view = { ...row.view, status: 'rejected', decidedBy: by.actor.id, decidedAt: by.now };
      return ok(row.view);
    },
  };
}
