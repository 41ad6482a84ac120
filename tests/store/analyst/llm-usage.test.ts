import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceRef } from '../../../src/app/chat/command.js';
import type { LlmUsageLedger, UsageEntry } from '../../../src/app/workspace/ports.js';
import { createPrismaConversations } from '../../../src/store/analyst/conversations.js';
import { createPrismaLlmUsage } from '../../../src/store/analyst/llm-usage.js';
import { ensureMember } from '../../../src/store/workspace/members.js';
import { ensureWorkspace } from '../../../src/store/workspace/workspaces.js';
import { useMigratedStore } from '../helpers/repo.js';

const fixture = useMigratedStore('llm-usage');
let ledger: LlmUsageLedger;
beforeAll(() => {
  ledger = createPrismaLlmUsage(fixture.store.prisma, { isPricedModel: (m) => m.startsWith('claude-sonnet') });
});

const NOV = Date.UTC(2024, 10, 15, 12);
const ws = (externalId: string): WorkspaceRef => ({ platform: 'discord', externalId, name: `Guild ${externalId}` });
const entry = (o: Partial<UsageEntry> = {}): UsageEntry => ({
  actor: { id: 'u-ann', name: 'ann' }, conversationId: null, model: 'claude-sonnet-4-6', inputTokens: 1000, outputTokens: 100, costUsd: 0.0045, at: NOV, ...o,
});

function value<T>(res: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!res.ok) throw new Error(res.error.message);
  return res.value;
}

describe('the Prisma LLM usage ledger', () => {
  it('records one row per answer with the member (created as a viewer), the model, tokens, cost and time', async () => {
    const w = ws('rows');
    value(await ledger.record(w, entry()));
    const id = (await ensureWorkspace(fixture.store.prisma, w)).id;
    const rows = await fixture.store.prisma.llmUsage.findMany({ where: { workspaceId: id }, include: { member: true } });
    expect(rows.map((r) => [r.model, r.inputTokens, r.outputTokens, r.costUsd, r.at.getTime(), r.sessionId, r.member?.externalUserId, r.member?.displayName, r.member?.role]))
      .toEqual([['claude-sonnet-4-6', 1000, 100, 0.0045, NOV, null, 'u-ann', 'ann', 'viewer']]);
  });

  it('never changes the role of an existing member, only their display name', async () => {
    const w = ws('roles');
    await ensureMember(fixture.store.prisma, w, { externalUserId: 'u-bo', displayName: 'bo', role: 'admin' });
    value(await ledger.record(w, entry({ actor: { id: 'u-bo', name: 'Bo B.' } })));
    const id = (await ensureWorkspace(fixture.store.prisma, w)).id;
    const member = await fixture.store.prisma.member.findUnique({ where: { workspaceId_externalUserId: { workspaceId: id, externalUserId: 'u-bo' } } });
    expect([member?.role, member?.displayName]).toEqual(['admin', 'Bo B.']);
  });

  it('links the row to the stored conversation of its key', async () => {
    const w = ws('session');
    value(await createPrismaConversations(fixture.store.prisma).appendTurn(w, 'C-1', {
      question: { content: 'q', authorId: 'u-ann', tokens: 1 }, answer: { content: 'a', toolCalls: [], tokens: 1 }, now: NOV,
    }));
    value(await ledger.record(w, entry({ conversationId: 'C-1' })));
    value(await ledger.record(w, entry({ conversationId: 'C-unknown' })));
    const id = (await ensureWorkspace(fixture.store.prisma, w)).id;
    const session = await fixture.store.prisma.chatSession.findUnique({ where: { workspaceId_key: { workspaceId: id, key: 'C-1' } } });
    const rows = await fixture.store.prisma.llmUsage.findMany({ where: { workspaceId: id }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.sessionId).sort()).toEqual([null, session!.id].sort());
  });

  it('totals a UTC calendar month, with the top members by cost and the models it cannot price', async () => {
    const w = ws('month');
    const bo = { id: 'u-bo', name: 'bo' };
    const cy = { id: 'u-cy', name: 'cy' };
    for (const e of [
      entry({ costUsd: 1, at: Date.UTC(2024, 10, 1) }),
      entry({ costUsd: 2, at: Date.UTC(2024, 10, 30, 23, 59, 59, 999), actor: bo }),
      entry({ costUsd: 3, actor: bo, model: 'claude-future-9' }),
      entry({ costUsd: 0.5, actor: cy }),
      entry({ costUsd: 100, at: Date.UTC(2024, 11, 1) }), // December
      entry({ costUsd: 100, at: Date.UTC(2024, 9, 31, 23, 59, 59, 999) }), // October
    ]) value(await ledger.record(w, e));
    value(await ledger.record(ws('month-other'), entry({ costUsd: 1000 })));

    const nov = value(await ledger.month(w, '2024-11', 2));
    expect(nov.totals).toEqual({ requests: 4, inputTokens: 4000, outputTokens: 400, costUsd: 6.5 });
    expect(nov.topMembers).toEqual([
      { name: 'bo', requests: 2, inputTokens: 2000, outputTokens: 200, costUsd: 5 },
      { name: 'ann', requests: 1, inputTokens: 1000, outputTokens: 100, costUsd: 1 },
    ]);
    expect(nov.unpricedModels).toEqual(['claude-future-9']);
    expect(value(await ledger.month(w, '2024-12', 5)).totals.costUsd).toBe(100);
    expect(value(await ledger.month(w, '2024-11', 0)).topMembers).toEqual([]);
  });

  it('reports an empty month as zeros', async () => {
    expect(value(await ledger.month(ws('empty'), '2024-11', 5))).toEqual({
      month: '2024-11', totals: { requests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 }, topMembers: [], unpricedModels: [],
    });
  });
});
