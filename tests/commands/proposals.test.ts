import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/app/chat/reply.js';
import { ruleSchema } from '../../src/core/risk/rules.js';
import { FAKE_NOW, fakeDesk } from '../helpers/fake-desk.js';

const WORKSPACE = { platform: 'console', externalId: 'a', name: 'a' } as const;

async function deskWithProposal(run: number | null = null) {
  const d = fakeDesk();
  const rule = ruleSchema.parse({ id: 'sugg-stop-loss-6', category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 6 } });
  const filed = await d.deps.proposals.propose(WORKSPACE, { rule, rationale: 'The worst losers lost far more than the median loser.', summary: '3 of 12 trades lost over 6%: -420.00.', run, source: 'suggest_rules' }, 'u-asker', FAKE_NOW);
  if (!filed.ok) throw new Error(filed.error.message);
  return { d, id: filed.value.id };
}

const text = (r: Reply): string => [r.title, r.text, ...(r.fields ?? []).map((f) => `${f.name}: ${f.value}`)].join('\n');

describe('rule proposal commands', () => {
  it('shows a pending proposal as a card with Approve, Approve as shadow and Reject (Replay when it names a run)', async () => {
    const { d, id } = await deskWithProposal(null);
    const card = await d.run(`/proposal show id:${id}`, d.ctx('a', 'viewer'));
    expect(text(card)).toContain('stop_loss_pct pct=6');
    expect(text(card)).toContain('3 of 12 trades lost over 6%');
    expect(card.buttons?.map((b) => [b.label, b.command])).toEqual([
      ['Approve', `/proposal approve id:${id}`],
      ['Approve as shadow', `/proposal approve id:${id} shadow:true`],
      ['Reject', `/proposal reject id:${id}`],
    ]);
    const withRun = await deskWithProposal(2);
    const runCard = await withRun.d.run(`/proposal show id:${withRun.id}`);
    expect(runCard.buttons?.map((b) => b.label)).toContain('Replay');
  });

  it.each([
    ['viewer', 'approve', /needs the admin role|admin/],
    ['trader', 'approve', /admin/],
    ['viewer', 'reject', /trader/],
  ] as const)('refuses a %s who tries to %s', async (role, verb, message) => {
    const { d, id } = await deskWithProposal();
    const reply = await d.run(`/proposal ${verb} id:${id}`, d.ctx('a', role));
    expect(reply.kind).toBe('error');
    expect(reply.text).toMatch(message);
    const still = await d.deps.proposals.get(WORKSPACE, id);
    expect(still.ok && still.value.status).toBe('pending');
  });

  it('approving as an admin adds the rule, shadow when asked, and the card loses its buttons', async () => {
    const { d, id } = await deskWithProposal();
    const approved = await d.run(`/proposal approve id:${id} shadow:true`);
    expect(approved.kind).toBe('ok');
    expect(approved.title).toBe('Proposal approved: rule sugg-stop-loss-6 added as a shadow rule');
    const rules = await d.run('/rules list');
    expect(JSON.stringify(rules.table?.rows)).toContain('sugg-stop-loss-6');
    const card = await d.run(`/proposal show id:${id}`);
    expect(card.buttons).toEqual([]);
    expect(text(card)).toContain('approved by u');
  });

  it('a trader may reject; a second decision is refused and says who decided', async () => {
    const { d, id } = await deskWithProposal();
    expect((await d.run(`/proposal reject id:${id}`, d.ctx('a', 'trader'))).title).toBe('Proposal rejected');
    const again = await d.run(`/proposal approve id:${id}`);
    expect(again).toMatchObject({ kind: 'error', text: expect.stringContaining('already rejected by u') });
    expect(JSON.stringify((await d.run('/rules list')).table?.rows ?? [])).not.toContain('sugg-stop-loss-6');
  });

  it('says clearly when the proposal does not exist in this workspace', async () => {
    const { d, id } = await deskWithProposal();
    const other = await d.run(`/proposal approve id:${id}`, d.ctx('b'));
    expect(other).toMatchObject({ kind: 'error', text: expect.stringContaining(`No rule proposal '${id}' in this workspace`) });
  });

  it('replays the run a proposal came from and shows the deltas with the card', async () => {
    const d = fakeDesk();
    const bt = await d.run('/backtest strategy:mean-reversion symbols:SIM-A,SIM-B from:2023-01-01 to:2023-12-31');
    expect(bt.kind).toBe('ok');
    const rule = ruleSchema.parse({ id: 'sugg-deny', category: 'screening', type: 'symbol_denylist', params: { symbols: ['SIM-A'] } });
    const filed = await d.deps.proposals.propose(WORKSPACE, { rule, rationale: 'SIM-A lost beyond its share.', summary: '', run: 1, source: 'suggest_rules' }, 'u', FAKE_NOW);
    if (!filed.ok) throw new Error(filed.error.message);
    const replay = await d.run(`/proposal replay id:${filed.value.id}`, d.ctx('a', 'viewer'));
    expect(replay.kind).toBe('ok');
    expect(replay.text).toMatch(/Replayed Run #1 on its own \d+ bars/);
    expect(replay.text).toMatch(/\d+ trade\(s\) blocked/);
    expect(replay.buttons?.map((b) => b.label)).toEqual(['Approve', 'Approve as shadow', 'Reject', 'Replay']);
  });

  it('lists pending proposals by default and all on request', async () => {
    const { d, id } = await deskWithProposal(4);
    const listed = await d.run('/proposals', d.ctx('a', 'viewer'));
    expect(listed.table?.rows).toEqual([[id, 'stop_loss_pct pct=6', '#4', 'pending', '2024-01-02']]);
    await d.run(`/proposal reject id:${id}`);
    expect((await d.run('/proposals')).text).toMatch(/No pending rule proposals/);
    expect((await d.run('/proposals status:all')).table?.rows).toHaveLength(1);
  });
});
