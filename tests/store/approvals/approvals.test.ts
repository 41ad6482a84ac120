// Four-eyes requests on a real SQLite store: filed with a deadline, answered once by a second admin (never the
// requester), expired when nobody answered, every step in the audit log, workspaces kept apart.
import { describe, expect, it } from 'vitest';
import { ruleSchema } from '../../../src/core/risk/rules.js';
import { createPrismaApprovalRequests } from '../../../src/store/approvals/approvals.js';
import { createPrismaRuleProposals } from '../../../src/store/rules/proposals.js';
import { ensureWorkspace } from '../../../src/store/workspace/workspaces.js';
import { useMigratedStore } from '../helpers/repo.js';

const fixture = useMigratedStore('approvals');
const NOW = Date.UTC(2026, 11, 7, 15);
const TTL = 30 * 60_000;
const A = { platform: 'slack', externalId: 'T-a', name: 'A' } as const;
const B = { platform: 'slack', externalId: 'T-b', name: 'B' } as const;
const by = (id: string, at = NOW) => ({ actor: { id, name: id, role: 'admin' as const }, channelId: 'C1', now: at });
const approvals = () => createPrismaApprovalRequests(fixture.store.prisma);
const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

async function auditOf(externalId: string): Promise<string[]> {
  const ws = await ensureWorkspace(fixture.store.prisma, { ...A, externalId });
  const rows = await fixture.store.prisma.auditEntry.findMany({ where: { workspaceId: ws.id, action: { startsWith: 'approval.' } }, orderBy: { at: 'asc' } });
  return rows.map((r) => `${r.actor} ${r.action}`);
}

describe('four-eyes requests in the store', () => {
  it('files a request with its deadline, and a second admin approves it once', async () => {
    const filed = must(await approvals().request(A, 'live_run_start', { strategy: 'trend-following', symbols: ['AAPL'] }, by('ann'), TTL));
    expect(filed).toMatchObject({ kind: 'live_run_start', status: 'pending', requestedBy: 'ann', requestedAt: NOW, expiresAt: NOW + TTL, payload: { symbols: ['AAPL'] } });
    expect(must(await approvals().pending(A)).map((r) => r.id)).toEqual([filed.id]);

    const own = await approvals().answer(A, filed.id, { approve: true, role: 'admin' }, by('ann', NOW + 1_000));
    expect(own.ok ? null : own.error.code).toBe('approval.same_person');
    const approved = must(await approvals().answer(A, filed.id, { approve: true, role: 'admin' }, by('bob', NOW + 2_000)));
    expect(approved).toMatchObject({ status: 'approved', decidedBy: 'bob', decidedAt: NOW + 2_000 });
    const again = await approvals().answer(A, filed.id, { approve: false, role: 'admin' }, by('cy', NOW + 3_000));
    expect(again.ok ? null : again.error.code).toBe('approval.decided');
    expect(await auditOf('T-a')).toEqual(['ann approval.request', 'bob approval.approve']);
  });

  it('keeps workspaces apart', async () => {
    const filed = must(await approvals().request({ ...A, externalId: 'T-c' }, 'account_limit_loosen', { dailyLossPct: 4 }, by('ann'), TTL));
    const other = await approvals().get(B, filed.id);
    expect(other.ok ? null : other.error.code).toBe('approval.not_found');
  });

  it('expires what nobody answered in time, once, and an answer after the deadline expires it too', async () => {
    const ws = { ...A, externalId: 'T-d' };
    const early = must(await approvals().request(ws, 'live_run_start', {}, by('ann'), 60_000));
    const late = must(await approvals().request(ws, 'live_run_start', {}, by('ann'), TTL));
    const expired = must(await approvals().expireDue(NOW + 60_000));
    expect(expired.map((r) => [r.id, r.status, r.workspace.externalId])).toEqual([[early.id, 'expired', 'T-d']]);
    expect(must(await approvals().expireDue(NOW + 60_000))).toEqual([]);
    const tooLate = must(await approvals().answer(ws, late.id, { approve: true, role: 'admin' }, by('bob', NOW + TTL + 1)));
    expect(tooLate.status).toBe('expired');
    expect(await auditOf('T-d')).toEqual(['ann approval.request', 'ann approval.request', 'desk approval.expire', 'bob approval.expire']);
  });

  it('never lists the analyst\'s rule proposals as four-eyes requests', async () => {
    const ws = { ...A, externalId: 'T-e' };
    await createPrismaRuleProposals(fixture.store.prisma).propose(ws, {
      rule: ruleSchema.parse({ id: 'r1', category: 'risk', type: 'max_position_pct', params: { pct: 5 } }),
      rationale: 'x', summary: 'y', run: null, source: 'suggest_rules',
    }, 'analyst', NOW);
    expect(must(await approvals().pending(ws))).toEqual([]);
  });
});
