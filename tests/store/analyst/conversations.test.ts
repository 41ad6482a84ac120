import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceRef } from '../../../src/app/chat/command.js';
import type { Conversations, NewTurn } from '../../../src/app/chat/ports.js';
import { createPrismaConversations } from '../../../src/store/analyst/conversations.js';
import { ensureWorkspace } from '../../../src/store/workspace/workspaces.js';
import { useMigratedStore } from '../helpers/repo.js';

const fixture = useMigratedStore('conversations');
let conversations: Conversations;
beforeAll(() => {
  conversations = createPrismaConversations(fixture.store.prisma, { maxMessages: 6 });
});

const T0 = Date.UTC(2024, 10, 5, 9);
const ws = (externalId: string): WorkspaceRef => ({ platform: 'slack', externalId, name: externalId });
const turn = (n: number, now = T0, tokens = 10): NewTurn => ({
  question: { content: `q${n}`, authorId: 'U1', tokens },
  answer: { content: `a${n}`, toolCalls: n % 2 === 0 ? [{ name: 'get_run', input: { run: n }, resultSummary: `Run #${n}`, isError: false }] : [], tokens },
  now,
});

function value<T>(res: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!res.ok) throw new Error(res.error.message);
  return res.value;
}

const rows = async (workspace: WorkspaceRef, key: string) => {
  const id = (await ensureWorkspace(fixture.store.prisma, workspace)).id;
  return fixture.store.prisma.chatMessage.findMany({ where: { session: { workspaceId: id, key } }, orderBy: { createdAt: 'asc' } });
};

describe('the Prisma conversations', () => {
  it('starts empty, then returns each stored question with its answer and tool calls, oldest first', async () => {
    const w = ws('T-basic');
    expect(value(await conversations.loadConversation(w, 'C1', 8000))).toEqual([]);
    value(await conversations.appendTurn(w, 'C1', turn(1)));
    value(await conversations.appendTurn(w, 'C1', turn(2)));
    expect(value(await conversations.loadConversation(w, 'C1', 8000))).toEqual([
      { question: 'q1', authorId: 'U1', answer: 'a1', toolCalls: [] },
      { question: 'q2', authorId: 'U1', answer: 'a2', toolCalls: [{ name: 'get_run', input: { run: 2 }, resultSummary: 'Run #2', isError: false }] },
    ]);
    const stored = await rows(w, 'C1');
    expect(stored.map((r) => [r.role, r.authorId, r.content, r.tokens])).toEqual([
      ['user', 'U1', 'q1', 10], ['assistant', null, 'a1', 10], ['user', 'U1', 'q2', 10], ['assistant', null, 'a2', 10],
    ]);
  });

  it('keeps conversations apart by key and by workspace', async () => {
    value(await conversations.appendTurn(ws('T-a'), 'C1', turn(1)));
    value(await conversations.appendTurn(ws('T-a'), 'C2', turn(2)));
    value(await conversations.appendTurn(ws('T-b'), 'C1', turn(3)));
    const questions = async (w: WorkspaceRef, key: string) => value(await conversations.loadConversation(w, key, 8000)).map((t) => t.question);
    expect([await questions(ws('T-a'), 'C1'), await questions(ws('T-a'), 'C2'), await questions(ws('T-b'), 'C1'), await questions(ws('T-b'), 'C2')])
      .toEqual([['q1'], ['q2'], ['q3'], []]);
  });

  it('loads only the newest turns that fit the token budget', async () => {
    const w = ws('T-budget');
    for (let n = 1; n <= 3; n++) value(await conversations.appendTurn(w, 'C1', turn(n, T0 + n * 1000)));
    expect(value(await conversations.loadConversation(w, 'C1', 45)).map((t) => t.question)).toEqual(['q2', 'q3']);
    expect(value(await conversations.loadConversation(w, 'C1', 19))).toEqual([]);
  });

  it('keeps turns in order when they share a clock reading or the clock steps back', async () => {
    const w = ws('T-clock');
    value(await conversations.appendTurn(w, 'C1', turn(1, T0)));
    value(await conversations.appendTurn(w, 'C1', turn(2, T0)));
    value(await conversations.appendTurn(w, 'C1', turn(3, T0 - 60_000)));
    expect(value(await conversations.loadConversation(w, 'C1', 8000)).map((t) => t.question)).toEqual(['q1', 'q2', 'q3']);
    const times = (await rows(w, 'C1')).map((r) => r.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
  });

  it('deletes the oldest messages beyond the cap when a turn is written', async () => {
    const w = ws('T-cap');
    for (let n = 1; n <= 5; n++) value(await conversations.appendTurn(w, 'C1', turn(n, T0 + n)));
    expect((await rows(w, 'C1')).map((r) => r.content)).toEqual(['q3', 'a3', 'q4', 'a4', 'q5', 'a5']);
    expect(value(await conversations.loadConversation(w, 'C1', 8000)).map((t) => t.question)).toEqual(['q3', 'q4', 'q5']);
  });

  it('drops unreadable tool-call notes but keeps the answer', async () => {
    const w = ws('T-corrupt');
    value(await conversations.appendTurn(w, 'C1', turn(2)));
    const [, answer] = await rows(w, 'C1');
    await fixture.store.prisma.chatMessage.update({ where: { id: answer!.id }, data: { toolCalls: { not: 'a list' } } });
    expect(value(await conversations.loadConversation(w, 'C1', 8000))).toEqual([{ question: 'q2', authorId: 'U1', answer: 'a2', toolCalls: [] }]);
  });
});
