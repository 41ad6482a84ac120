// The real discord.js client against a fake Discord on 127.0.0.1 (no network): login, slash commands, deferral,
// buttons with the presser's role and guild, role queries from guild roles, image uploads and registration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerCommands } from '../../../src/adapters/discord/desk.js';
import { defineCommand } from '../../../src/app/chat/command.js';
import type { DeskDeps } from '../../../src/app/desk/desk-deps.js';
import { errorReply } from '../../../src/app/chat/reply.js';
import { currentLogContext } from '../../../src/app/log/log-context.js';
import { startFakeDiscord } from '../../fakes/discord/fake-discord.js';
import { fakeDesk } from '../../helpers/fake-desk.js';
import { STRANGER, TRADER, VIEWER, callbackOf, startHarness, type Callback, type Harness } from './desk-harness.js';
import { APP_ID, GUILD_A, GUILD_B, buttonPress, slashCommand } from './interactions.js';

const noOptions = z.object({});
const gate = () => {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
};
const slow = gate();
const slowFail = gate();
/** Finishes only when the test says so, i.e. after the desk has deferred. */
const slowCommand = defineCommand<DeskDeps, typeof noOptions.shape>({
  name: 'slow', description: 'takes its time', role: 'viewer', options: noOptions,
  async run() {
    await slow.opened;
    return { kind: 'ok', title: 'Slow done', text: 'finished' };
  },
});
/** Marked slow: records whether Discord had already been told "thinking…" when it started. */
const deferredBeforeStart: string[][] = [];
let harness: Harness | undefined;
const markedSlowCommand = defineCommand<DeskDeps, typeof noOptions.shape>({
  name: 'marked-slow', description: 'a backtest-like command', role: 'viewer', options: noOptions, slow: true,
  async run() {
    deferredBeforeStart.push((harness?.fake.calls ?? []).filter((c) => c.path.startsWith('/interactions/') && (c.body as Callback).type === 5).map((c) => c.path));
    return { kind: 'ok', title: 'Marked slow done' };
  },
});
const slowFailCommand = defineCommand<DeskDeps, typeof noOptions.shape>({
  name: 'slow-fail', description: 'takes its time, then fails', role: 'viewer', options: noOptions,
  async run() {
    await slowFail.opened;
    return errorReply('/slow-fail: no such thing');
  },
});
/** What the log context was while a command ran. */
const contexts: unknown[] = [];
const contextCommand = defineCommand<DeskDeps, typeof noOptions.shape>({
  name: 'context', description: 'the log context it runs in', role: 'viewer', options: noOptions,
  async run() {
    contexts.push(currentLogContext());
    return { kind: 'ok', title: 'Context' };
  },
});
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const chartCommand = defineCommand<DeskDeps, typeof noOptions.shape>({
  name: 'chart', description: 'a reply with an image', role: 'viewer', options: noOptions,
  async run() {
    return { kind: 'ok', title: 'Equity', images: [{ filename: 'equity.png', png: PNG, alt: 'equity curve' }] };
  },
});

const TRADERS_A = GUILD_A.roles[0].id;
const ADMINS_A = GUILD_A.roles[1].id;
const TRADERS_B = GUILD_B.roles[0].id;

describe('the Discord desk against a fake Discord', () => {
  let h: Harness;
  const send = async (interaction: { id: string }): Promise<Callback> => {
    h.fake.dispatch('INTERACTION_CREATE', interaction);
    return (await h.fake.waitForCall(callbackOf(interaction.id))).body as Callback;
  };

  beforeAll(async () => {
    h = await startHarness({ registry: (commands) => [...commands, slowCommand, slowFailCommand, chartCommand, markedSlowCommand, contextCommand] });
    harness = h;
  });

  afterAll(async () => {
    slow.open();
    slowFail.open();
    await h.close();
  });

  it('logs in to every guild and identifies with Guilds and DirectMessages only (channel chat is opt-in)', () => {
    expect(h.desk.client.isReady()).toBe(true);
    expect(h.desk.client.guilds.cache.get(GUILD_B.id)?.roles.cache.get(TRADERS_B)?.name).toBe('Traders');
    const identify = h.fake.gatewayFrames.find((f) => (f as { op: number }).op === 2) as { d: { token: string; intents: number } };
    expect(identify.d.token).toBe('fake-token');
    expect(identify.d.intents).toBe((1 << 0) | (1 << 12));
  });

  it('answers /help directly with the rendered embed, resolving the caller in the guild\'s workspace', async () => {
    const body = await send(slashCommand(STRANGER, 'help', null));
    expect(body.type).toBe(4);
    expect(body.data?.flags ?? 0).toBe(0);
    expect(body.data?.embeds?.[0]?.title).toBe('Commands');
    expect(body.data?.embeds?.[0]?.description).toContain('/run start');
    expect(h.queries).toContainEqual({
      workspace: { platform: 'discord', externalId: GUILD_A.id, name: GUILD_A.name },
      userId: STRANGER, displayName: `user-${STRANGER}`, memberOf: [], platformAdmin: false,
    });
  });

  it.each([
    { who: 'a Traders member', roles: [TRADERS_A], permissions: '0', memberOf: [TRADERS_A, 'Traders'], platformAdmin: false },
    { who: 'a member with Manage Server', roles: [ADMINS_A], permissions: '32', memberOf: [ADMINS_A, 'Desk Admins'], platformAdmin: true },
    { who: 'an Administrator', roles: [], permissions: '8', memberOf: [], platformAdmin: true },
  ])('asks ResolveRole about $who by role ids, role names and permissions', async ({ roles, permissions, memberOf, platformAdmin }) => {
    const user = String(200000000000000000n + BigInt(h.queries.length));
    await send(slashCommand(user, 'help', null, [], { roles, permissions }));
    expect(h.queries.find((q) => q.userId === user)).toMatchObject({ memberOf, platformAdmin });
  });

  it('runs an interaction in its log context: the interaction id as the request id, and the guild\'s workspace', async () => {
    const interaction = slashCommand(VIEWER, 'context', null);
    await send(interaction);
    expect(contexts).toEqual([{ workspaceId: `discord:${GUILD_A.id}`, workspace: GUILD_A.name, requestId: `discord:${interaction.id}` }]);
  });

  it('maps a subcommand with typed options back to the registry command and its string options', async () => {
    const runs = await send(slashCommand(VIEWER, 'runs', null, [{ name: 'status', type: 3, value: 'all' }]));
    expect(runs.data?.embeds?.[0]?.description).toBe('No runs. Start one with /run start.');
    const refused = await send(slashCommand(VIEWER, 'run', 'stop', [{ name: 'run', type: 4, value: 3 }, { name: 'flatten', type: 5, value: true }]));
    expect(refused.data?.embeds?.[0]?.description).toBe('/run stop needs the trader role; you are viewer');
    expect(refused.data?.flags).toBe(64);
  });

  it('defers a slow command (type 5) and then edits the original response', async () => {
    const i = slashCommand(VIEWER, 'slow', null);
    expect((await send(i)).type).toBe(5);
    slow.open();
    const edit = await h.fake.waitForCall((c) => c.method === 'PATCH' && c.path === `/webhooks/${APP_ID}/${i.token}/messages/@original`);
    expect((edit.body as Callback['data'])?.embeds?.[0]?.title).toBe('Slow done');
  });

  it('logs a client or gateway error instead of crashing the desk (an unlistened error event would throw)', () => {
    expect(() => h.desk.client.emit('error', new Error('socket hang up'))).not.toThrow();
    expect(() => h.desk.client.emit('shardError', new Error('gateway reset'), 0)).not.toThrow();
    expect(h.logs.slice(-2)).toEqual(['the Discord client failed: socket hang up', 'the Discord gateway connection failed: gateway reset']);
  });

  it('defers a command marked slow before it starts (CPU-bound work cannot hold up the acknowledgement), then edits', async () => {
    const i = slashCommand(VIEWER, 'marked-slow', null);
    expect((await send(i)).type).toBe(5);
    const edit = await h.fake.waitForCall((c) => c.method === 'PATCH' && c.path === `/webhooks/${APP_ID}/${i.token}/messages/@original`);
    expect((edit.body as Callback['data'])?.embeds?.[0]?.title).toBe('Marked slow done');
    expect(deferredBeforeStart).toHaveLength(1);
    expect(deferredBeforeStart[0]).toContain(`/interactions/${i.id}/${i.token}/callback`);
  });

  it('keeps a deferred error private: the public placeholder is deleted and the error follows up ephemerally', async () => {
    const i = slashCommand(VIEWER, 'slow-fail', null);
    expect((await send(i)).type).toBe(5);
    slowFail.open();
    await h.fake.waitForCall((c) => c.method === 'DELETE' && c.path === `/webhooks/${APP_ID}/${i.token}/messages/@original`);
    const follow = await h.fake.waitForCall((c) => c.method === 'POST' && c.path === `/webhooks/${APP_ID}/${i.token}`);
    const data = follow.body as NonNullable<Callback['data']>;
    expect(data.flags).toBe(64);
    expect(data.embeds?.[0]?.description).toBe('/slow-fail: no such thing');
  });

  it('says a button expired when its short id is unknown (ids of long command lines live in memory only)', async () => {
    const body = await send(buttonPress(VIEWER, 'td:999'));
    expect(body.data?.flags).toBe(64);
    expect(body.data?.embeds?.[0]?.description).toContain('expired');
  });

  it('refuses a viewer\'s press of a trader-only button, privately (flags 64)', async () => {
    const body = await send(buttonPress(VIEWER, '/run stop run:3 flatten:true'));
    expect(body.type).toBe(4);
    expect(body.data?.flags).toBe(64);
    expect(body.data?.embeds?.[0]?.description).toBe('/run stop needs the trader role; you are viewer');
  });

  it('runs a button\'s command line with the presser\'s role (a trader gets past the role check)', async () => {
    const body = await send(buttonPress(TRADER, '/run stop run:3 flatten:true'));
    expect(body.data?.embeds?.[0]?.description).not.toContain('needs the trader role');
  });

  it('acts in the presser\'s guild: a guild B trader pressing "/run stop run:1" never stops guild A\'s run #1', async () => {
    const started = await send(slashCommand(STRANGER, 'run', 'start',
      [{ name: 'strategy', type: 3, value: 'trend-following' }, { name: 'symbols', type: 3, value: 'AAPL' }], { roles: [TRADERS_A] }));
    expect(started.data?.embeds?.[0]?.title).toBe('Run #1 started');
    const pressed = await send(buttonPress(STRANGER, '/run stop run:1', { guild: GUILD_B, roles: [TRADERS_B] }));
    expect(pressed.data?.flags).toBe(64);
    expect(pressed.data?.embeds?.[0]?.description).toContain('Run #1 does not exist in this workspace');
    const runA = await h.setup.runStore.getRun({ platform: 'discord', externalId: GUILD_A.id, name: GUILD_A.name }, 1);
    expect(runA.ok && runA.value.status).toBe('running');
    expect(h.queries.at(-1)?.workspace.externalId).toBe(GUILD_B.id);
  });

  it('uploads reply images as multipart (payload_json + files[0]) shown as the embed image', async () => {
    const i = slashCommand(VIEWER, 'chart', null);
    h.fake.dispatch('INTERACTION_CREATE', i);
    const call = await h.fake.waitForCall(callbackOf(i.id));
    expect(call.contentType).toMatch(/^multipart\/form-data/);
    expect(call.files).toEqual([{ field: 'files[0]', filename: 'equity.png', bytes: PNG.length }]);
    expect((call.body as Callback).data?.embeds?.[0]?.image?.url).toBe('attachment://equity.png');
  });
});

describe('registerCommands', () => {
  it('PUTs the whole registry to the guild\'s commands route in one call', async () => {
    const fake = await startFakeDiscord({ applicationId: APP_ID, guilds: [GUILD_A] });
    try {
      const { deps } = fakeDesk();
      const count = await registerCommands({ token: 'fake-token', applicationId: APP_ID, guildId: GUILD_A.id, apiBaseUrl: fake.apiBaseUrl, restRetries: 0, registry: deps.commands });
      const put = await fake.waitForCall((c) => c.method === 'PUT');
      expect(put.path).toBe(`/applications/${APP_ID}/guilds/${GUILD_A.id}/commands`);
      expect(Array.isArray(put.body) && put.body.length).toBe(count);
      expect((put.body as { name: string }[]).map((c) => c.name)).toContain('run');
    } finally {
      await fake.close();
    }
  });
});
