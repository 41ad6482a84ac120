// Long replies arrive whole on every platform, through the real SDKs: /desk help on Slack (Bolt) lists every
// command, and a 200-row table on Slack and Discord (discord.js against a fake Discord) arrives complete across
// messages, each within the platform's limits, instead of being cut at the first message's limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createSlackDesk, type SlackDesk } from '../../src/adapters/slack/desk.js';
import { BLOCKS_MAX, blockTextLength, escapeMrkdwn, MESSAGE_TEXT_MAX } from '../../src/adapters/slack/render.js';
import { defineCommand } from '../../src/app/chat/command.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import type { Reply } from '../../src/app/chat/reply.js';
import { FAKE_NOW, fakeDesk } from '../helpers/fake-desk.js';
import { startHarness, type Embed, type Harness } from './discord/desk-harness.js';
import { APP_ID, slashCommand } from './discord/interactions.js';
import { startFakeSlackApi, type FakeCall, type FakeSlackApi } from './slack/fake-slack-api.js';
import { postSigned, slashCommandBody } from './slack/signed-request.js';

const ROWS = Array.from({ length: 200 }, (_, i) => [`#${i + 1}`, i % 3 === 0 ? 'running' : 'completed', 'trend-following', 'SIM-A,SIM-B,SIM-C', '1d', 'paper', '2024-01-02 12:00']);
const noOptions = z.object({});
/** A reply with a 200-row table, text before it and a button after it. */
const longTable = defineCommand<DeskDeps, typeof noOptions.shape>({
  name: 'long-table', description: 'two hundred rows', role: 'viewer', options: noOptions,
  async run(): Promise<Reply> {
    return {
      kind: 'ok', title: 'Runs (all)', text: 'Every run of the workspace.',
      table: { columns: ['run', 'status', 'strategy', 'symbols', 'tf', 'mode', 'started'], rows: ROWS },
      buttons: [{ command: '/runs', label: 'Running only' }],
    };
  },
});

/** Row numbers (`#17`) in the order they appear in some rendered text. */
const rowNumbers = (text: string): string[] => [...text.matchAll(/^\s*(#\d+)\s/gm)].map((m) => m[1]!);

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('long replies on Slack (Bolt against a fake Web API)', () => {
  let api: FakeSlackApi;
  let desk: SlackDesk;
  let port: number;
  const d = fakeDesk();
  const registry = [...d.deps.commands, longTable];

  beforeAll(async () => {
    api = await startFakeSlackApi();
    desk = createSlackDesk({
      botToken: 'xoxb-test', signingSecret: 'test-signing-secret', slackApiUrl: api.apiUrl, port: 0, host: '127.0.0.1',
      deps: d.deps, registry, resolveRole: async () => 'viewer', now: () => FAKE_NOW, retries: 0,
    });
    port = (await desk.start()).port ?? 0;
  });
  afterAll(async () => {
    await desk.stop();
    await api.close();
  });

  const slash = (text: string, channelId: string) =>
    postSigned(port, slashCommandBody({ text, userId: 'U0VIEWER', channelId, responseUrl: `${api.url}/respond/${channelId}` }), 'application/x-www-form-urlencoded');
  const postsTo = (channel: string): FakeCall[] => api.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === channel);
  const blockText = (c: FakeCall): string => (c.body.blocks as { text?: { text: string }; fields?: { text: string }[] }[])
    .map((b) => [b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text)].join('\n')).join('\n');

  it('/desk help lists every command of the registry with its description, nothing cut', async () => {
    await slash('help', 'C1');
    // Messages are posted in order: once the last command's row is there, every message is.
    const last = d.deps.commands.at(-1)!;
    await until(() => postsTo('C1').map(blockText).join('\n').includes(`/${last.name} `), `the row of /${last.name}`);
    const text = postsTo('C1').map(blockText).join('\n');
    for (const c of d.deps.commands) {
      const line = text.split('\n').find((l) => l.trim().startsWith(`/${c.name} `));
      expect(line?.trim().split(/\s{2,}/), c.name).toEqual([`/${c.name}`, c.role, escapeMrkdwn(c.description)]);
    }
    for (const name of ['settings channel', 'settings budget', 'usage', 'audit']) expect(text).toContain(`/${name} `);
    expect(text).not.toContain('more lines');
  });

  it('a 200-row table arrives whole across messages, each within the limits, the header in each, the button last', async () => {
    await slash('long-table', 'C2');
    await until(() => postsTo('C2').some((c) => JSON.stringify(c.body.blocks).includes('"type":"actions"')), 'the last message');
    const posts = postsTo('C2');
    expect(posts.length).toBeGreaterThan(1);
    for (const p of posts) {
      const blocks = p.body.blocks as Parameters<typeof blockTextLength>[0];
      expect(blocks.length).toBeLessThanOrEqual(BLOCKS_MAX);
      expect(blockTextLength(blocks)).toBeLessThanOrEqual(MESSAGE_TEXT_MAX);
      expect(blockText(p)).toMatch(/```\n {2}run +status +strategy/);
    }
    expect(rowNumbers(posts.map(blockText).join('\n'))).toEqual(ROWS.map((r) => r[0]));
    expect(posts[0]!.body.text).toBe('Runs (all)\nEvery run of the workspace.');
  });
});

describe('long replies on Discord (discord.js against a fake Discord)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ registry: (commands) => [...commands, longTable] });
  });
  afterAll(async () => h.close());

  it('a 200-row table arrives whole: the reply, then follow-ups, each embed within the limits', async () => {
    const interaction = slashCommand('100000000000000001', 'long-table', null);
    h.fake.dispatch('INTERACTION_CREATE', interaction);
    const followUps = () => h.fake.calls.filter((c) => c.method === 'POST' && c.path === `/webhooks/${APP_ID}/${interaction.token}`);
    await until(() => followUps().some((c) => ((c.body as { components?: unknown[] }).components ?? []).length > 0), 'the last follow-up');
    const first = h.fake.calls.find((c) => c.path.startsWith(`/interactions/${interaction.id}/`))!.body as { data: { embeds: Embed[] } };
    const embeds = [first.data.embeds[0]!, ...followUps().map((c) => (c.body as { embeds: Embed[] }).embeds[0]!)];
    expect(embeds.length).toBeGreaterThan(1);
    for (const e of embeds) {
      expect((e.description ?? '').length).toBeLessThanOrEqual(4096);
      expect(e.description).toMatch(/```\nrun +status +strategy/);
      expect(e.description).not.toContain('more row');
    }
    expect(embeds[0]!.title).toBe('Runs (all)');
    expect(rowNumbers(embeds.map((e) => e.description ?? '').join('\n'))).toEqual(ROWS.map((r) => r[0]));
  });
});
