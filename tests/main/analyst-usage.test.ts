// The desk as src/main wires it (SQLite store, the Claude analyst on the real Anthropic SDK against the fake
// Messages API): conversations and usage are stored, priced and shown by /usage; the budget stops the next question.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnalystQuestion } from '../../src/app/chat/ports.js';
import type { CommandContext, Role, WorkspaceRef } from '../../src/app/chat/command.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { dispatch } from '../../src/app/chat/dispatch.js';
import type { Reply } from '../../src/app/chat/reply.js';
import { loadEnv } from '../../src/config/env.js';
import { createDeskDeps } from '../../src/main/desk-deps.js';
import { createStore, type Store } from '../../src/store/db/client.js';
import { migrateDatabase } from '../../src/store/migrations/migrate.js';
import { ensureWorkspace } from '../../src/store/workspace/workspaces.js';
import { apiError, endTurn, startFakeAnthropic, type FakeAnthropic, type Step } from '../fakes/anthropic/fake-anthropic.js';
import { createTempDir } from '../store/helpers/repo.js';

const NOW = Date.UTC(2024, 10, 20, 12); // November 2024
const tmp = createTempDir('analyst-usage');
const url = tmp.url('desk.db');
let store: Store;
let fake: FakeAnthropic | undefined;

beforeAll(async () => {
  const migrated = await migrateDatabase(url);
  if (!migrated.ok) throw new Error(migrated.error.message);
  store = createStore({ databaseUrl: url });
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
afterAll(async () => {
  await store.close();
  tmp.remove();
});

/** A desk on its own workspace with an analyst scripted by `script`. */
async function desk(externalId: string, script: readonly Step[], extraEnv: Record<string, string> = {}, deskNow = NOW) {
  fake = await startFakeAnthropic(script);
  const env = loadEnv({ DATABASE_URL: url, ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: fake.baseURL, ...extraEnv });
  if (!env.ok) throw new Error(env.error.message);
  // The wall clock is NOW; the desk clock (`deskNow`) runs ahead in a --speed demo.
  const deps = createDeskDeps(env.value, store, { wallNow: () => NOW });
  const workspace: WorkspaceRef = { platform: 'discord', externalId, name: `Guild ${externalId}` };
  const ask = (text: string, who = { id: 'u-ann', name: 'ann' }, conversationId = 'C-desk'): Promise<Reply> => {
    const q: AnalystQuestion = { workspace, actor: { ...who, role: 'viewer' }, conversationId, channelId: 'C-desk', text };
    return deps.ask(q, deskNow);
  };
  const run = (line: string, role: Role = 'viewer') => {
    const ctx: CommandContext<DeskDeps> = { workspace, actor: { id: 'u-ada', name: 'ada', role }, channelId: 'C-desk', now: () => deskNow, deps };
    return dispatch(deps.commands, line, ctx);
  };
  const workspaceId = (await ensureWorkspace(store.prisma, workspace)).id;
  return { deps, ask, run, workspaceId, fake };
}

const big = (text: string, input: number, output: number): Step => ({
  status: 200,
  body: { id: 'msg_big', type: 'message', role: 'assistant', model: 'claude-sonnet-4-6', content: [{ type: 'text', text }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: input, output_tokens: output } },
});

describe('the wired analyst', () => {
  it('records one priced usage row per answer, for the asking member and the conversation, shown at once by /usage', async () => {
    const d = await desk('usage', [endTurn('Run #1 lost money on stops.')]);
    expect((await d.ask('why did run 1 lose money?')).text).toBe('Run #1 lost money on stops.');

    const rows = await store.prisma.llmUsage.findMany({ where: { workspaceId: d.workspaceId }, include: { member: true, session: true } });
    expect(rows.map((r) => [r.model, r.inputTokens, r.outputTokens, r.member?.externalUserId, r.member?.role, r.session?.key, r.at.getTime()]))
      .toEqual([['claude-sonnet-4-6', 100, 20, 'u-ann', 'viewer', 'C-desk', NOW]]);
    expect(rows[0]!.costUsd).toBeCloseTo((100 * 3 + 20 * 15) / 1e6, 12);

    const usage = await d.run('/usage');
    expect(usage.fields?.find((f) => f.name === 'November 2024')?.value).toBe('1 request · 100 tokens in / 20 out · $0.0006');
    expect(usage.table?.rows).toEqual([['ann', '1', '100', '20', '$0.0006']]);
  });

  it('carries a follow-up\'s earlier turn from the store', async () => {
    const d = await desk('follow-up', [endTurn('Run #2 lost 3%.'), endTurn('Run #3 made 1%.')]);
    await d.ask('why did run 2 lose money?');
    await d.ask('and run 3?');
    const messages = d.fake.requests[1]!.body.messages;
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(messages[0]!.content).toContain('why did run 2 lose money?');
    expect(messages[1]!.content).toBe('Run #2 lost 3%.');
    const stored = await store.prisma.chatMessage.findMany({ where: { session: { workspaceId: d.workspaceId, key: 'C-desk' } }, orderBy: { createdAt: 'asc' } });
    expect(stored.map((m) => [m.role, m.authorId])).toEqual([['user', 'u-ann'], ['assistant', null], ['user', 'u-ann'], ['assistant', null]]);
  });

  it('records nothing for an auth error: no usage row, no conversation turn, a clear message', async () => {
    const d = await desk('auth', [apiError(401, 'authentication_error', 'invalid x-api-key')]);
    const reply = await d.ask('hello?');
    expect(reply).toEqual({ kind: 'error', text: 'The analyst cannot reach Claude: the API key was refused (check ANTHROPIC_API_KEY)' });
    expect(await store.prisma.llmUsage.count({ where: { workspaceId: d.workspaceId } })).toBe(0);
    expect(await store.prisma.chatMessage.count({ where: { session: { workspaceId: d.workspaceId } } })).toBe(0);
  });

  it('stops at the budget an admin set, without calling Claude, and /usage shows nothing left', async () => {
    const d = await desk('budget', [big('A long answer.', 1_000_000, 100_000), endTurn('never sent')]);
    expect((await d.run('/settings budget usd:4', 'admin')).kind).toBe('ok');
    expect((await d.ask('first question')).text).toBe('A long answer.'); // $3 + $1.50 = $4.50
    const stopped = await d.ask('second question', { id: 'u-bo', name: 'bo' });
    expect(stopped).toEqual({ kind: 'error', text: 'This workspace has used $4.50 of its $4.00 analyst budget for November 2024; an admin can raise it with /settings budget.' });
    expect(d.fake.requests).toHaveLength(1);

    const usage = await d.run('/usage');
    expect(usage.fields?.find((f) => f.name === 'Left this month')?.value).toBe('$0.00');
    const audit = await store.prisma.auditEntry.findMany({ where: { workspaceId: d.workspaceId }, orderBy: { at: 'asc' } });
    expect(audit.map((a) => [a.action, a.target])).toEqual([['settings.analyst_budget', 'analystBudgetUsd'], ['command', 'settings budget']]);
  });

  it('counts spend on the wall clock in a --speed demo: the demo\'s months passing do not reset the budget', async () => {
    const threeMonthsAhead = Date.UTC(2025, 1, 20, 12);
    const d = await desk('demo-budget', [big('A long answer.', 1_000_000, 100_000), endTurn('never sent')], {}, threeMonthsAhead);
    expect((await d.run('/settings budget usd:4', 'admin')).kind).toBe('ok');
    expect((await d.ask('first question')).text).toBe('A long answer.');
    const rows = await store.prisma.llmUsage.findMany({ where: { workspaceId: d.workspaceId } });
    expect(rows.map((r) => r.at.getTime())).toEqual([NOW]);
    const stopped = await d.ask('second question');
    expect(stopped.text).toContain('of its $4.00 analyst budget for November 2024');
    expect(d.fake.requests).toHaveLength(1);
    expect((await d.run('/usage')).fields?.find((f) => f.name === 'November 2024')?.value).toContain('$4.50');
  });

  it('applies ANTHROPIC_MONTHLY_BUDGET_USD to a workspace that set none', async () => {
    const d = await desk('env-budget', [endTurn('never sent')], { ANTHROPIC_MONTHLY_BUDGET_USD: '0' });
    expect((await d.ask('hi')).text).toContain('Claude is switched off for this workspace');
    expect(d.fake.requests).toHaveLength(0);
    expect((await d.run('/usage')).fields?.find((f) => f.name === 'Budget')?.value).toBe('$0.00 a month (the desk default, ANTHROPIC_MONTHLY_BUDGET_USD)');
  });

  it('refuses /settings budget to a viewer', async () => {
    const d = await desk('viewer', []);
    expect(await d.run('/settings budget usd:100', 'viewer')).toEqual({ kind: 'error', text: '/settings budget needs the admin role; you are viewer' });
  });
});
