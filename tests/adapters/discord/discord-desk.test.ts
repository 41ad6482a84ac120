// The real discord.js client against a fake Discord on 127.0.0.1 (no network): login, slash commands, deferral,
// buttons with the presser's role, image uploads and command registration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCommand, type AnyCommand, type Role } from '../../../src/app/command.js';
import type { DeskDeps } from '../../../src/app/desk-deps.js';
import { errorReply } from '../../../src/app/reply.js';
import { createDiscordDesk, registerCommands, type DiscordDesk } from '../../../src/adapters/discord/discord-desk.js';
import { startFakeDiscord, type FakeDiscord, type RecordedCall } from '../../fakes/discord/fake-discord.js';
import { FAKE_NOW, fakeDesk } from '../../helpers/fake-desk.js';
import { APP_ID, GUILD, buttonPress, slashCommand } from './interactions.js';

const noOptions = z.object({});
let releaseSlow: () => void = () => undefined;
const slowGate = new Promise<void>((resolve) => {
  releaseSlow = resolve;
});

/** Finishes only when the test says so, i.e. after the desk has deferred. */
const slowCommand = defineCommand<DeskDeps, typeof noOptions.shape>({
  name: 'slow', description: 'takes its time', role: 'viewer', options: noOptions,
  async run() {
    await slowGate;
    return { kind: 'ok', title: 'Slow done', text: 'finished' };
  },
});
let releaseSlowFail: () => void = () => undefined;
const slowFailGate = new Promise<void>((resolve) => {
  releaseSlowFail = resolve;
});
const slowFailCommand = defineCommand<DeskDeps, typeof noOptions.shape>({
  name: 'slow-fail', description: 'takes its time, then fails', role: 'viewer', options: noOptions,
  async run() {
    await slowFailGate;
    return errorReply('/slow-fail: no such thing');
  },
});
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const chartCommand = defineCommand<DeskDeps, typeof noOptions.shape>({
  name: 'chart', description: 'a reply with an image', role: 'viewer', options: noOptions,
  async run() {
    return { kind: 'ok', title: 'Equity', images: [{ filename: 'equity.png', png: PNG, alt: 'equity curve' }] };
  },
});

const ROLES: Readonly<Record<string, Role>> = { '100000000000000001': 'viewer', '100000000000000002': 'trader' };
const VIEWER = '100000000000000001';
const STRANGER = '100000000000000009';

const callbackOf = (interactionId: string) => (c: RecordedCall): boolean => c.method === 'POST' && c.path.startsWith(`/interactions/${interactionId}/`);
type Callback = { type: number; data?: { flags?: number; embeds?: { title?: string; description?: string; fields?: unknown[]; image?: { url: string } }[] } };

describe('the Discord desk against a fake Discord', () => {
  let fake: FakeDiscord;
  let desk: DiscordDesk;
  const resolved: { guildId: string | null; userId: string }[] = [];

  beforeAll(async () => {
    fake = await startFakeDiscord({ applicationId: APP_ID, guild: GUILD });
    const { deps } = fakeDesk();
    const registry: readonly AnyCommand<DeskDeps>[] = [...deps.commands, slowCommand, slowFailCommand, chartCommand];
    desk = createDiscordDesk({
      token: 'fake-token', applicationId: APP_ID, apiBaseUrl: fake.apiBaseUrl, restRetries: 0, deps, registry,
      resolveRole: (guildId, member) => {
        resolved.push({ guildId, userId: member.userId });
        return ROLES[member.userId];
      },
      clock: { now: () => FAKE_NOW },
      deferAfterMs: 300,
    });
    await desk.start();
  });

  afterAll(async () => {
    releaseSlow();
    releaseSlowFail();
    await desk.stop();
    await fake.close();
  });

  it('logs in, identifies with only the Guilds and DirectMessages intents and becomes ready', () => {
    expect(desk.client.isReady()).toBe(true);
    expect(desk.client.guilds.cache.get(GUILD.id)?.name).toBe(GUILD.name);
    const identify = fake.gatewayFrames.find((f) => (f as { op: number }).op === 2) as { d: { token: string; intents: number } };
    expect(identify.d.token).toBe('fake-token');
    expect(identify.d.intents).toBe((1 << 0) | (1 << 12));
  });

  it('answers /help directly with the rendered embed, as the caller\'s role in the guild\'s workspace', async () => {
    const i = slashCommand(STRANGER, 'help', null);
    fake.dispatch('INTERACTION_CREATE', i);
    const call = await fake.waitForCall(callbackOf(i.id));
    const body = call.body as Callback;
    expect(body.type).toBe(4);
    expect(body.data?.flags ?? 0).toBe(0);
    expect(body.data?.embeds?.[0]?.title).toBe('Commands');
    expect(body.data?.embeds?.[0]?.description).toContain('/run start');
    expect(resolved).toContainEqual({ guildId: GUILD.id, userId: STRANGER });
  });

  it('maps a subcommand with typed options back to the registry command and its string options', async () => {
    const i = slashCommand(VIEWER, 'runs', null, [{ name: 'status', type: 3, value: 'all' }]);
    fake.dispatch('INTERACTION_CREATE', i);
    const body = (await fake.waitForCall(callbackOf(i.id))).body as Callback;
    expect(body.data?.embeds?.[0]?.description).toBe('No runs. Start one with /run start.');

    const stop = slashCommand(VIEWER, 'run', 'stop', [{ name: 'run', type: 4, value: 3 }, { name: 'flatten', type: 5, value: true }]);
    fake.dispatch('INTERACTION_CREATE', stop);
    const refused = (await fake.waitForCall(callbackOf(stop.id))).body as Callback;
    expect(refused.data?.embeds?.[0]?.description).toBe('/run stop needs the trader role; you are viewer');
    expect(refused.data?.flags).toBe(64);
  });

  it('defers a slow command (type 5) and then edits the original response', async () => {
    const i = slashCommand(VIEWER, 'slow', null);
    fake.dispatch('INTERACTION_CREATE', i);
    const deferred = (await fake.waitForCall(callbackOf(i.id))).body as Callback;
    expect(deferred.type).toBe(5);
    releaseSlow();
    const edit = await fake.waitForCall((c) => c.method === 'PATCH' && c.path === `/webhooks/${APP_ID}/${i.token}/messages/@original`);
    expect((edit.body as Callback['data'])?.embeds?.[0]?.title).toBe('Slow done');
  });

  it('keeps a deferred error private: the public placeholder is deleted and the error follows up ephemerally', async () => {
    const i = slashCommand(VIEWER, 'slow-fail', null);
    fake.dispatch('INTERACTION_CREATE', i);
    expect(((await fake.waitForCall(callbackOf(i.id))).body as Callback).type).toBe(5);
    releaseSlowFail();
    await fake.waitForCall((c) => c.method === 'DELETE' && c.path === `/webhooks/${APP_ID}/${i.token}/messages/@original`);
    const follow = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/webhooks/${APP_ID}/${i.token}`);
    const data = follow.body as NonNullable<Callback['data']>;
    expect(data.flags).toBe(64);
    expect(data.embeds?.[0]?.description).toBe('/slow-fail: no such thing');
  });

  it('says a button expired when its short id is unknown (ids of long command lines live in memory only)', async () => {
    const i = buttonPress(VIEWER, 'td:999');
    fake.dispatch('INTERACTION_CREATE', i);
    const body = (await fake.waitForCall(callbackOf(i.id))).body as Callback;
    expect(body.data?.flags).toBe(64);
    expect(body.data?.embeds?.[0]?.description).toContain('expired');
  });

  it('refuses a viewer\'s press of a trader-only button, privately (flags 64)', async () => {
    const i = buttonPress(VIEWER, '/run stop run:3 flatten:true');
    fake.dispatch('INTERACTION_CREATE', i);
    const body = (await fake.waitForCall(callbackOf(i.id))).body as Callback;
    expect(body.type).toBe(4);
    expect(body.data?.flags).toBe(64);
    expect(body.data?.embeds?.[0]?.description).toBe('/run stop needs the trader role; you are viewer');
  });

  it('runs a button\'s command line with the presser\'s role (a trader gets past the role check)', async () => {
    const i = buttonPress('100000000000000002', '/run stop run:3 flatten:true');
    fake.dispatch('INTERACTION_CREATE', i);
    const body = (await fake.waitForCall(callbackOf(i.id))).body as Callback;
    expect(body.data?.embeds?.[0]?.description).not.toContain('needs the trader role');
  });

  it('uploads reply images as multipart (payload_json + files[0]) shown as the embed image', async () => {
    const i = slashCommand(VIEWER, 'chart', null);
    fake.dispatch('INTERACTION_CREATE', i);
    const call = await fake.waitForCall(callbackOf(i.id));
    expect(call.contentType).toMatch(/^multipart\/form-data/);
    expect(call.files).toEqual([{ field: 'files[0]', filename: 'equity.png', bytes: PNG.length }]);
    const body = call.body as Callback;
    expect(body.data?.embeds?.[0]?.image?.url).toBe('attachment://equity.png');
  });
});

describe('registerCommands', () => {
  it('PUTs the whole registry to the guild\'s commands route in one call', async () => {
    const fake = await startFakeDiscord({ applicationId: APP_ID, guild: GUILD });
    try {
      const { deps } = fakeDesk();
      const count = await registerCommands({ token: 'fake-token', applicationId: APP_ID, guildId: GUILD.id, apiBaseUrl: fake.apiBaseUrl, restRetries: 0, registry: deps.commands });
      const put = await fake.waitForCall((c) => c.method === 'PUT');
      expect(put.path).toBe(`/applications/${APP_ID}/guilds/${GUILD.id}/commands`);
      expect(Array.isArray(put.body) && put.body.length).toBe(count);
      expect((put.body as { name: string }[]).map((c) => c.name)).toContain('run');
    } finally {
      await fake.close();
    }
  });
});
