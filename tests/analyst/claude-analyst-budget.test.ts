// The monthly budget's hard stop and the usage hook, through the real Anthropic SDK against the fake Messages API.
import { afterEach, describe, expect, it } from 'vitest';
import type { UsageEntry } from '../../src/app/workspace/ports.js';
import { fail } from '../../src/core/domain/result.js';
import { apiError, endTurn } from '../fakes/anthropic/fake-anthropic.js';
import { FAKE_NOW } from '../helpers/fake-desk.js';
import { createMemoryAnalystPorts } from '../helpers/memory-analyst-ports.js';
import { WS_A } from '../mcp/mcp-harness.js';
import { analystHarness, type AnalystHarness } from './claude-harness.js';

let h: AnalystHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ADMIN = { actor: { id: 'u-admin', name: 'ada', role: 'admin' as const }, channelId: 'c1', now: FAKE_NOW };
const spent = (costUsd: number, at = FAKE_NOW): UsageEntry => ({
  actor: { id: 'u-bo', name: 'bo' }, conversationId: null, model: 'claude-sonnet-4-6', inputTokens: 1, outputTokens: 1, costUsd, at,
});

/** `limitUsd` null: the workspace sets no budget of its own. */
async function withBudget(limitUsd: number | null, spend: readonly UsageEntry[], defaultBudgetUsd?: number): Promise<AnalystHarness> {
  const ports = createMemoryAnalystPorts(defaultBudgetUsd === undefined ? {} : { defaultBudgetUsd });
  if (limitUsd !== null) await ports.analystBudget.set(WS_A, limitUsd, ADMIN);
  for (const e of spend) await ports.llmUsage.record(WS_A, e);
  return analystHarness([endTurn('Answered.')], {}, { llmUsage: ports.llmUsage, analystBudget: ports.analystBudget });
}

describe('the monthly analyst budget', () => {
  it('refuses at the budget without calling the API, naming the spend, the budget and the month', async () => {
    h = await withBudget(5, [spent(3), spent(2)]);
    const reply = await h.ask('why did run 1 lose money?');
    expect(reply).toEqual({ kind: 'error', text: 'This workspace has used $5.00 of its $5.00 analyst budget for January 2024; an admin can raise it with /settings budget.' });
    expect(h.fake.requests).toHaveLength(0);
    expect(h.usage).toEqual([]);
    expect(h.logs).toEqual([`analyst: analyst.budget_exhausted ${reply.text}`]);
  });

  it('refuses over the budget too', async () => {
    h = await withBudget(5, [spent(7.25)]);
    expect((await h.ask('hi')).text).toContain('used $7.25 of its $5.00');
    expect(h.fake.requests).toHaveLength(0);
  });

  it('answers under the budget, and counts only this calendar month (UTC)', async () => {
    h = await withBudget(5, [spent(4.99), spent(100, Date.UTC(2023, 11, 31, 23, 59, 59, 999))]);
    expect(await h.ask('hi')).toEqual({ kind: 'ok', title: 'Analyst', text: 'Answered.' });
    expect(h.fake.requests).toHaveLength(1);
  });

  it('treats a $0 budget as no Claude use at all', async () => {
    h = await withBudget(0, []);
    expect((await h.ask('hi')).text).toBe('Claude is switched off for this workspace: its analyst budget for January 2024 is $0; an admin can raise it with /settings budget.');
    expect(h.fake.requests).toHaveLength(0);
  });

  it('applies the desk default when the workspace set none', async () => {
    h = await withBudget(null, [spent(2)], 2);
    expect((await h.ask('hi')).text).toContain('used $2.00 of its $2.00 analyst budget (the desk default)');
    expect(h.fake.requests).toHaveLength(0);
  });

  it('refuses when the budget cannot be read: a cap that fails open is no cap', async () => {
    const ports = createMemoryAnalystPorts();
    h = await analystHarness([endTurn('Answered.')], {}, {
      llmUsage: ports.llmUsage,
      analystBudget: { ...ports.analystBudget, get: async () => fail('db.read_failed', 'Could not read the workspace settings: locked') },
    });
    expect((await h.ask('hi')).text).toBe('The analyst budget could not be checked (Could not read the workspace settings: locked); try again later');
    expect(h.fake.requests).toHaveLength(0);
  });
});

describe('the usage hook', () => {
  it('is awaited before the answer is returned', async () => {
    const seen: string[] = [];
    h = await analystHarness([endTurn('Done.')], {
      onUsage: async (u) => {
        await new Promise<void>((resolve) => setImmediate(resolve));
        seen.push(`${u.model} ${u.inputTokens}/${u.outputTokens}`);
      },
    });
    await h.ask('hi');
    expect(seen).toEqual(['claude-sonnet-4-6 100/20']);
  });

  it('never turns a good answer into an error when it fails', async () => {
    h = await analystHarness([endTurn('Done.')], { onUsage: async () => { throw new Error('ledger down'); } });
    expect(await h.ask('hi')).toEqual({ kind: 'ok', title: 'Analyst', text: 'Done.' });
    expect(h.logs).toEqual(['analyst: usage hook failed: ledger down']);
  });

  it('is not called when no request reached the API (an auth error)', async () => {
    h = await analystHarness([apiError(401, 'authentication_error', 'invalid x-api-key')]);
    expect((await h.ask('hi')).kind).toBe('error');
    expect(h.usage).toEqual([]);
    expect(h.desk.analystPorts.messages.size).toBe(0);
  });
});
