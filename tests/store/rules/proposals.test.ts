import { describe, expect, it } from 'vitest';
import type { RuleProposalDraft } from '../../../src/app/workspace/ports.js';
import { ruleSchema } from '../../../src/core/risk/rules.js';
import { createPrismaRuleProposals } from '../../../src/store/rules/proposals.js';
import { listRules } from '../../../src/store/rules/rules.js';
import { ensureWorkspace } from '../../../src/store/workspace/workspaces.js';
import { useMigratedStore } from '../helpers/repo.js';

const fixture = useMigratedStore('rule-proposals');
const NOW = Date.UTC(2026, 10, 21, 12);
const A = { platform: 'discord', externalId: 'guild-a', name: 'A' } as const;
const B = { platform: 'discord', externalId: 'guild-b', name: 'B' } as const;
const admin = { actor: { id: 'u-admin', name: 'Ada', role: 'admin' as const }, channelId: 'c-1', now: NOW + 60_000 };

const draft = (id = 'sugg-stop-loss-6'): RuleProposalDraft => ({
  rule: ruleSchema.parse({ id, category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 6 } }),
  rationale: 'The worst losers lost far more than the median loser.',
  summary: '7 of 40 trades lost more than 6%: -1,234.50 together.',
  run: 2,
  source: 'suggest_rules',
});

const proposals = () => createPrismaRuleProposals(fixture.store.prisma);
const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('rule proposals in the store', () => {
  it('files a proposal as pending and reads it back whole', async () => {
    const filed = must(await proposals().propose(A, draft(), 'u-asker', NOW));
    expect(filed).toMatchObject({ ...draft(), status: 'pending', requestedBy: 'u-asker', createdAt: NOW, decidedBy: null, decidedAt: null });
    expect(must(await proposals().get(A, filed.id))).toEqual(filed);
  });

  it('approving adds the rule (as shadow when asked), closes the proposal and audits who, where and when', async () => {
    const filed = must(await proposals().propose(A, draft('sugg-a'), 'u-asker', NOW));
    const before = Date.now();
    const { proposal, rule } = must(await proposals().approve(A, filed.id, { shadow: true }, admin));
    const after = Date.now();
    expect(rule).toMatchObject({ id: 'sugg-a', type: 'stop_loss_pct', shadow: true, active: true });
    expect(proposal).toMatchObject({ status: 'approved', decidedBy: 'u-admin', decidedAt: admin.now });
    const ws = await ensureWorkspace(fixture.store.prisma, A);
    const rules = must(await listRules(fixture.store.prisma, ws.id));
    expect(rules.find((r) => r.id === 'sugg-a')).toMatchObject({ shadow: true });
    const audit = await fixture.store.prisma.auditEntry.findFirst({ where: { workspaceId: ws.id, action: 'proposal.approve', target: filed.id } });
    expect(audit).toMatchObject({ actor: 'u-admin', channel: 'c-1' });
    // The entry's time is the wall clock's at the write; the proposal keeps the desk's time of the decision.
    expect(audit?.at.getTime()).toSatisfy((at: number) => at >= before && at <= after);
  });

  it('refuses to decide a proposal twice, saying who decided it', async () => {
    const filed = must(await proposals().propose(A, draft('sugg-b'), 'u-asker', NOW));
    must(await proposals().reject(A, filed.id, admin));
    const again = await proposals().approve(A, filed.id, { shadow: false }, admin);
    expect(again.ok ? 'approved' : again.error).toMatchObject({ code: 'proposal.decided', message: expect.stringContaining('already rejected by u-admin') });
  });

  it('leaves the proposal pending and adds nothing when its rule id is taken', async () => {
    const first = must(await proposals().propose(A, draft('sugg-c'), 'u-asker', NOW));
    const second = must(await proposals().propose(A, draft('sugg-c'), 'u-asker', NOW));
    must(await proposals().approve(A, first.id, { shadow: false }, admin));
    const clash = await proposals().approve(A, second.id, { shadow: false }, admin);
    expect(clash.ok ? 'approved' : clash.error.code).toBe('rule.duplicate');
    expect(must(await proposals().get(A, second.id)).status).toBe('pending');
  });

  it("cannot see or decide another workspace's proposal", async () => {
    const filed = must(await proposals().propose(A, draft('sugg-d'), 'u-asker', NOW));
    const seen = await proposals().get(B, filed.id);
    expect(seen.ok ? 'seen' : seen.error.code).toBe('proposal.not_found');
    const decided = await proposals().approve(B, filed.id, { shadow: false }, admin);
    expect(decided.ok ? 'approved' : decided.error.code).toBe('proposal.not_found');
    expect(must(await proposals().get(A, filed.id)).status).toBe('pending');
  });

  it('lists newest first, by status', async () => {
    const ws = { platform: 'slack', externalId: 'team-list', name: 'L' } as const;
    const p1 = must(await proposals().propose(ws, draft('sugg-1'), 'u', NOW));
    const p2 = must(await proposals().propose(ws, draft('sugg-2'), 'u', NOW + 1));
    must(await proposals().reject(ws, p1.id, admin));
    expect(must(await proposals().list(ws, 'all', 10)).map((p) => p.id)).toEqual([p2.id, p1.id]);
    expect(must(await proposals().list(ws, 'pending', 10)).map((p) => p.id)).toEqual([p2.id]);
    expect(must(await proposals().list(ws, 'rejected', 10)).map((p) => p.id)).toEqual([p1.id]);
  });
});
