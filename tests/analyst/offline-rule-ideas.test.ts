// "what rules would have helped run N": suggest_rules with replay deltas, each proposal filed for a person to
// decide, nothing put into force by the question.
import { describe, expect, it } from 'vitest';
import { createOfflineAnalyst } from '../../src/analyst/offline-analyst.js';
import { mcpDepsFrom } from '../../src/mcp/deps.js';
import { ok } from '../../src/core/domain/result.js';
import { createSimMarketData } from '../../src/market-data/sim/sim-market-data.js';
import { FAKE_NOW, fakeDesk } from '../helpers/fake-desk.js';
import { WS_A, caller, connect, seedBacktest, textOf } from '../mcp/mcp-harness.js';

async function seeded() {
  const desk = fakeDesk();
  const { number } = await seedBacktest(desk, WS_A);
  const ask = (text: string) => createOfflineAnalyst(desk.deps.commands, desk.deps)({ workspace: WS_A, actor: { id: 'u-ann', name: 'ann', role: 'admin' }, conversationId: 'c', channelId: 'c', text }, FAKE_NOW);
  return { desk, number, ask };
}

describe('the offline analyst on "what rules would have helped run N?"', () => {
  it("answers with suggest_rules' own numbers and replay deltas, and files the top proposals with buttons", async () => {
    const { desk, number, ask } = await seeded();
    const reply = await ask(`what rules would have helped run ${number}?`);
    const client = await connect(mcpDepsFrom(desk.deps, WS_A, () => FAKE_NOW));
    const direct = textOf(await caller(client)('suggest_rules', { run: number, replay: true }));
    await client.close();
    expect(reply.kind).toBe('ok');
    expect(reply.title).toBe(`Rules that would have helped Run #${number}`);
    expect(reply.text).toContain(direct);
    expect(reply.text).toContain('Replay:');
    const filed = await desk.deps.proposals.list(WS_A, 'pending', 10);
    const ids = filed.ok ? filed.value.map((p) => p.id) : [];
    expect(ids.length).toBeGreaterThan(0);
    expect(reply.text).toContain('Rule proposals, waiting for a person to decide');
    for (const id of ids) expect(reply.buttons?.map((b) => b.command)).toContain(`/proposal approve id:${id}`);
    const rules = await desk.deps.workspaceAdmin.listRules(WS_A);
    expect(rules.ok && rules.value.some((r) => r.id.startsWith('sugg-'))).toBe(false);
  });

  it('files nothing when the replay cannot run, and says why for each suggestion', async () => {
    const desk = fakeDesk();
    const { number } = await seedBacktest(desk, WS_A);
    // The run's bars came from seed 42; this desk's market is another one, so the replay is unavailable.
    const other = fakeDesk({ runs: desk.deps.runs, runQueries: desk.deps.runQueries, marketData: () => ok(createSimMarketData({ seed: 7 })) });
    const reply = await createOfflineAnalyst(other.deps.commands, other.deps)({ workspace: WS_A, actor: { id: 'u-ann', name: 'ann', role: 'admin' }, conversationId: 'c', channelId: 'c', text: `what rules would have helped run ${number}?` }, FAKE_NOW);
    expect(reply.kind).toBe('ok');
    expect(reply.buttons).toBeUndefined();
    const filed = await other.deps.proposals.list(WS_A, 'all', 10);
    expect(filed.ok && filed.value).toEqual([]);
    expect(reply.text).toContain('Replay failed: Run #1 cannot be replayed');
    expect(reply.text).toMatch(/Not proposed:\n- sugg-max-holding-20 \(max_holding_bars bars=20\): no replay evidence: its replay failed \(Run #1 cannot be replayed: its bars came from 'simulated market \(seed 42\) — not real prices', which this desk cannot load now\), so it is not offered for approval\./);
  });

  it("gives the tool's error for a run that does not exist, and files nothing", async () => {
    const { desk, ask } = await seeded();
    const reply = await ask('what rules would have helped run 9?');
    expect(reply).toEqual({ kind: 'error', text: 'Run #9 does not exist in this workspace' });
    const filed = await desk.deps.proposals.list(WS_A, 'all', 10);
    expect(filed.ok && filed.value).toEqual([]);
  });

  it('is in the menu of questions', async () => {
    const { ask } = await seeded();
    expect((await ask('hello')).text).toContain('what rules would have helped run 2?');
  });
});
