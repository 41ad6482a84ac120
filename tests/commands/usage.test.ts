import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/app/chat/command.js';
import type { UsageEntry } from '../../src/app/workspace/ports.js';
import { fakeDesk } from '../helpers/fake-desk.js';
import { createMemoryAnalystPorts } from '../helpers/memory-analyst-ports.js';

const NOW = Date.UTC(2024, 10, 20, 12); // November 2024
const WS = { platform: 'console' as const, externalId: 'a', name: 'a' };
const row = (who: string, costUsd: number, at = NOW, model = 'claude-sonnet-4-6'): UsageEntry => ({
  actor: { id: `u-${who}`, name: who }, conversationId: null, model, inputTokens: 1200, outputTokens: 300, costUsd, at,
});

function desk(defaultBudgetUsd?: number) {
  const ports = createMemoryAnalystPorts({ ...(defaultBudgetUsd === undefined ? {} : { defaultBudgetUsd }), unpriced: (m) => !m.startsWith('claude-sonnet') });
  const d = fakeDesk({ llmUsage: ports.llmUsage, analystBudget: ports.analystBudget, wallNow: () => NOW });
  const as = (role: Role) => (line: string) => d.run(line, d.ctx('a', role, NOW));
  return { ...d, ports, as };
}

const fields = (reply: { fields?: readonly { name: string; value: string }[] }) => Object.fromEntries((reply.fields ?? []).map((f) => [f.name, f.value]));

describe('/usage', () => {
  it('shows this month and last month, the budget, what is left and the top members by cost, to a viewer', async () => {
    const d = desk();
    for (const e of [row('ann', 1.5), row('bo', 2.25), row('bo', 0.25), row('cy', 4, Date.UTC(2024, 9, 3))]) await d.ports.llmUsage.record(WS, e);
    await d.ports.analystBudget.set(WS, 10, { actor: { id: 'u-admin', name: 'ada', role: 'admin' }, channelId: 'console', now: NOW });

    const reply = await d.as('viewer')('/usage');
    expect(reply.kind).toBe('ok');
    expect(reply.title).toBe('Analyst usage: November 2024');
    expect(fields(reply)).toEqual({
      'November 2024': '3 requests · 3,600 tokens in / 900 out · $4.00',
      'October 2024': '1 request · 1,200 tokens in / 300 out · $4.00',
      Budget: '$10.00 a month',
      'Left this month': '$6.00',
    });
    expect(reply.table).toEqual({
      columns: ['member', 'requests', 'tokens in', 'tokens out', 'cost'],
      rows: [['bo', '2', '2,400', '600', '$2.50'], ['ann', '1', '1,200', '300', '$1.50']],
      alignRight: [1, 2, 3, 4],
    });
    expect(reply.text).not.toContain('estimated');
  });

  it('shows a chosen month and the one before it, without a "left" for a past month', async () => {
    const d = desk(25);
    await d.ports.llmUsage.record(WS, row('ann', 0.004, Date.UTC(2024, 0, 9)));
    const reply = await d.as('viewer')('/usage month:2024-01');
    expect(reply.title).toBe('Analyst usage: January 2024');
    expect(fields(reply)).toEqual({
      'January 2024': '1 request · 1,200 tokens in / 300 out · $0.0040',
      'December 2023': '0 requests · 0 tokens in / 0 out · $0.00',
      Budget: '$25.00 a month (the desk default, ANTHROPIC_MONTHLY_BUDGET_USD)',
    });
  });

  it('says when there was no usage and there is no cap', async () => {
    const reply = await desk().as('viewer')('/usage');
    expect(fields(reply).Budget).toBe('no cap');
    expect(reply.table).toBeUndefined();
    expect(reply.text).toContain('No analyst requests in November 2024.');
  });

  it('flags costs of models the price table does not know as estimated', async () => {
    const d = desk();
    await d.ports.llmUsage.record(WS, row('ann', 0.2, NOW, 'claude-mystery-7'));
    expect((await d.as('viewer')('/usage')).text).toContain('estimated: unknown model claude-mystery-7');
  });

  it.each(['2024-13', 'november', '2024-1'])('refuses month:%s with one clear line', async (month) => {
    const reply = await desk().as('viewer')(`/usage month:${month}`);
    expect(reply).toEqual({ kind: 'error', text: `/usage: option 'month': expected a month as YYYY-MM, like 2024-11 (got '${month}')` });
  });
});

describe('/settings budget', () => {
  it.each([
    ['usd:50', 50, 'Analyst budget: $50.00 a month', '$50.00 a month'],
    ['usd:12.5', 12.5, 'Analyst budget: $12.50 a month', '$12.50 a month'],
    ['usd:$7', 7, 'Analyst budget: $7.00 a month', '$7.00 a month'],
    ['usd:0', 0, 'Analyst budget: $0.00 a month', '$0 a month (Claude is off)'],
    ['usd:none', null, 'Analyst budget removed', 'no cap'],
    ['none', null, 'Analyst budget removed', 'no cap'],
  ])('sets %s for an admin', async (args, limit, title, budget) => {
    const d = desk();
    const reply = await d.as('admin')(`/settings budget ${args}`);
    expect(reply.kind).toBe('ok');
    expect(reply.title).toBe(title);
    expect(fields(reply).Budget).toBe(budget);
    expect(d.ports.budgetChanges.map((c) => [c.workspace, c.limitUsd, c.by.actor.id, c.by.channelId, c.by.now])).toEqual([['console:a', limit, 'u', 'console', NOW]]);
  });

  it('falls back to the desk default when the cap is removed, and says what it was', async () => {
    const d = desk(30);
    await d.as('admin')('/settings budget usd:5');
    const reply = await d.as('admin')('/settings budget usd:none');
    expect(fields(reply)).toEqual({ Budget: '$30.00 a month (the desk default, ANTHROPIC_MONTHLY_BUDGET_USD)', Was: '$5.00 a month' });
  });

  it('is audited as a command with its options', async () => {
    const d = desk();
    await d.as('admin')('/settings budget usd:20');
    expect(d.settings.audit.map((a) => [a.action, a.target, a.details])).toContainEqual(['command', 'settings budget', expect.objectContaining({ options: { usd: 20 }, outcome: 'ok' })]);
  });

  it.each(['viewer', 'trader'] as const)('is refused to a %s and changes nothing', async (role) => {
    const d = desk();
    const reply = await d.as(role)('/settings budget usd:1000');
    expect(reply).toEqual({ kind: 'error', text: `/settings budget needs the admin role; you are ${role}` });
    expect(d.ports.budgetChanges).toEqual([]);
  });

  it.each(['-5', 'lots', '1.234', '2000000'])('refuses usd:%s with one clear line', async (usd) => {
    const d = desk();
    const reply = await d.as('admin')(`/settings budget usd:${usd}`);
    expect(reply.kind).toBe('error');
    expect(reply.text).toMatch(/^\/settings budget: option 'usd': expected /);
    expect(d.ports.budgetChanges).toEqual([]);
  });
});
