// Four-eyes requests in memory, for command tests: the core's rule decides every answer, as in the store
// (src/store/approvals/approvals.ts, tested on SQLite in tests/store/approvals).
import type { WorkspaceRef } from '../../src/app/chat/command.js';
import type { ApprovalRequests, ApprovalRequestView } from '../../src/app/workspace/ports.js';
import { fail, ok } from '../../src/core/domain/result.js';
import { answerApproval } from '../../src/core/risk/four-eyes.js';

export function createMemoryApprovals(): ApprovalRequests & { all(): readonly (ApprovalRequestView & { workspace: WorkspaceRef })[] } {
  const rows: (ApprovalRequestView & { workspace: WorkspaceRef })[] = [];
  const same = (a: WorkspaceRef, b: WorkspaceRef): boolean => a.platform === b.platform && a.externalId === b.externalId;
  const find = (workspace: WorkspaceRef, id: string) => rows.findIndex((r) => r.id === id && same(r.workspace, workspace));
  return {
    all: () => rows,
    async request(workspace, kind, payload, by, ttlMs) {
      const row = { id: `ap${rows.length + 1}`, kind, payload, status: 'pending' as const, requestedBy: by.actor.id, requestedAt: by.now, expiresAt: by.now + ttlMs, decidedBy: null, decidedAt: null, workspace };
      rows.push(row);
      const { workspace: _w, ...view } = row;
      return ok(view);
    },
    async get(workspace, id) {
      const k = find(workspace, id);
      if (k < 0) return fail('approval.not_found', `No approval request '${id}' in this workspace`);
      const { workspace: _w, ...view } = rows[k]!;
      return ok(view);
    },
    async pending(workspace) {
      return ok(rows.filter((r) => r.status === 'pending' && same(r.workspace, workspace)).map(({ workspace: _w, ...view }) => view));
    },
    async answer(workspace, id, answer, by) {
      const k = find(workspace, id);
      if (k < 0) return fail('approval.not_found', `No approval request '${id}' in this workspace`);
      const row = rows[k]!;
      const outcome = answerApproval(row, { by: by.actor.id, role: answer.role, approve: answer.approve, at: by.now });
      if (!outcome.ok) return outcome;
      const o = outcome.value;
      rows[k] = o.status === 'expired' ? { ...row, status: 'expired' } : { ...row, status: o.status, decidedBy: o.by, decidedAt: o.at };
      const { workspace: _w, ...view } = rows[k]!;
      return ok(view);
    },
    async expireDue(now) {
      const due = rows.filter((r) => r.status === 'pending' && r.expiresAt <= now);
      for (const r of due) rows[rows.indexOf(r)] = { ...r, status: 'expired' };
      return ok(due.map((r) => ({ ...r, status: 'expired' as const })));
    },
  };
}
