// `/rules add ... params:` as people type it, through each platform's own input path: the console desk's line reader,
// Slack's slash-command text (the real Bolt receiver) and Discord's typed string options (the real discord.js client
// against a fake Discord). JSON as the README writes it, k=v pairs, and list values must all arrive as the same rule.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsoleDesk } from '../../src/adapters/console/desk.js';
import { createSlackDesk, type SlackDesk } from '../../src/adapters/slack/desk.js';
import type { WorkspaceRef } from '../../src/app/chat/command.js';
import type { Rule } from '../../src/core/risk/rules.js';
import { FAKE_NOW, fakeDesk } from '../helpers/fake-desk.js';
import { callbackOf, startHarness, type Harness } from './discord/desk-harness.js';
import { GUILD_A, slashCommand } from './discord/interactions.js';
import { startFakeSlackApi, type FakeSlackApi } from './slack/fake-slack-api.js';
import { postSigned, slashCommandBody } from './slack/signed-request.js';

/** What people type after `params:`, and the params the rule must get. */
const CASES: readonly { typed: string; type: string; category: string; params: Rule['params'] }[] = [
  { typed: '{"pct":8}', category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 8 } },
  { typed: '{\u201cpct\u201d:8}', category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 8 } },
  { typed: 'pct=8', category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 8 } },
  { typed: 'symbols=SIM-A,SIM-B', category: 'screening', type: 'symbol_denylist', params: { symbols: ['SIM-A', 'SIM-B'] } },
  { typed: 'symbols=SIM-A', category: 'screening', type: 'symbol_allowlist', params: { symbols: ['SIM-A'] } },
  { typed: '{"symbols":["SIM-A","SIM-B"]}', category: 'screening', type: 'symbol_allowlist', params: { symbols: ['SIM-A', 'SIM-B'] } },
  { typed: 'start=09:30,end=10:00,timezone=UTC', category: 'timing', type: 'blackout_window', params: { start: '09:30', end: '10:00', timezone: 'UTC' } },
  { typed: 'reason=2024', category: 'emergency', type: 'halt_all', params: { reason: '2024' } },
];

async function rulesOf(d: ReturnType<typeof fakeDesk>, workspace: WorkspaceRef): Promise<Rule['params'][]> {
  const rules = await d.deps.workspaceAdmin.listRules(workspace);
  if (!rules.ok) throw new Error(rules.error.message);
  return [...rules.value].sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1))).map((r) => r.params);
}

describe('rule params typed on the console', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tradedesk-params-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds each rule as typed: README JSON, k=v, lists', async () => {
    const d = fakeDesk();
    const output = new PassThrough();
    const text: string[] = [];
    output.on('data', (c: Buffer) => text.push(c.toString('utf8')));
    // The README's own forms, the quoted one included.
    const lines = [...CASES.map((c) => `/rules add category:${c.category} type:${c.type} params:${c.typed}\n`),
      `/rules add category:stop_loss type:stop_loss_pct params:'{"pct":9}'\n`];
    await runConsoleDesk({ input: Readable.from(lines), output, interactive: false, registry: d.deps.commands, ...d.ctx(), imageDir: dir });
    expect(text.join('')).not.toContain('error:');
    expect(await rulesOf(d, d.ctx().workspace)).toEqual([...CASES.map((c) => c.params), { pct: 9 }]);
  });
});

describe('rule params typed in Slack', () => {
  let api: FakeSlackApi;
  let desk: SlackDesk;
  let port: number;
  const d = fakeDesk();
  const WORKSPACE: WorkspaceRef = { platform: 'slack', externalId: 'T0TEST', name: 'acme' };

  beforeAll(async () => {
    api = await startFakeSlackApi();
    desk = createSlackDesk({
      botToken: 'xoxb-test', signingSecret: 'test-signing-secret', slackApiUrl: api.apiUrl, port: 0, host: '127.0.0.1',
      deps: d.deps, registry: d.deps.commands, resolveRole: async () => 'admin', now: () => FAKE_NOW, retries: 0,
    });
    port = (await desk.start()).port ?? 0;
  });
  afterAll(async () => {
    await desk.stop();
    await api.close();
  });

  it('adds each rule as typed after /desk', async () => {
    for (const [i, c] of CASES.entries()) {
      const text = `rules add category:${c.category} type:${c.type} params:${c.typed}`;
      const ack = await postSigned(port, slashCommandBody({ text, userId: 'U0ADMIN', channelId: `C${i}`, responseUrl: `${api.url}/respond/C${i}` }), 'application/x-www-form-urlencoded');
      expect(JSON.parse(ack.body).text).toBe(`working on \`/${text}\`…`);
      const posted = await api.next('chat.postMessage', (m) => m.body.channel === `C${i}`);
      expect(posted.body.text).toMatch(/^Rule r\d+ added/);
    }
    expect(await rulesOf(d, WORKSPACE)).toEqual(CASES.map((c) => c.params));
  });
});

describe('rule params typed in a Discord option', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('adds each rule from the typed option, also when the README\'s quotes are typed with it', async () => {
    const typed = [...CASES.map((c) => ({ ...c, value: c.typed })), { ...CASES[0]!, value: `'{"pct":8}'` }, { ...CASES[3]!, value: '"symbols=SIM-A,SIM-B"' }];
    for (const c of typed) {
      const interaction = slashCommand('100000000000000001', 'rules', 'add', [
        { name: 'category', type: 3, value: c.category }, { name: 'type', type: 3, value: c.type }, { name: 'params', type: 3, value: c.value },
      ], { permissions: '8' });
      h.fake.dispatch('INTERACTION_CREATE', interaction);
      const callback = (await h.fake.waitForCall(callbackOf(interaction.id))).body as { data?: { embeds?: { title?: string; description?: string }[] } };
      expect(callback.data?.embeds?.[0]?.title, `${c.value}: ${callback.data?.embeds?.[0]?.description ?? ''}`).toMatch(/^Rule r\d+ added/);
    }
    const workspace: WorkspaceRef = { platform: 'discord', externalId: GUILD_A.id, name: GUILD_A.name };
    expect(await rulesOf(h.setup, workspace)).toEqual(typed.map((c) => c.params));
  });
});
