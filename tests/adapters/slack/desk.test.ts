import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/app/chat/command.js';
import { createSlackDesk, type SlackDesk } from '../../../src/adapters/slack/desk.js';
import { currentLogContext } from '../../../src/app/log/log-context.js';
import { FAKE_NOW, fakeDesk } from '../../helpers/fake-desk.js';
import { PRIVATE_CHANNEL, startFakeSlackApi, type FakeSlackApi } from './fake-slack-api.js';
import { buttonPressBody, postSigned, slashCommandBody } from './signed-request.js';

const FORM = 'application/x-www-form-urlencoded';
// Just the PNG signature: the desk uploads bytes as they are, it never decodes them.
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ROLES: Record<string, Role> = { U0TRADER: 'trader', U0ADMIN: 'admin' };

/** The log context each request resolved its asker's role in. */
const contexts: { user: string; context: unknown }[] = [];
let api: FakeSlackApi;
let desk: SlackDesk;
let port: number;
// Chart rendering waits on `gate`, so a test can hold a command mid-work after its ack.
let gate: Promise<void> = Promise.resolve();
const d = fakeDesk({ renderEquityChart: async () => (await gate, PNG) });
const slackCtx = (role: Role = 'trader') => ({ ...d.ctx('T0TEST', role), workspace: { platform: 'slack' as const, externalId: 'T0TEST', name: 'acme' } });

beforeAll(async () => {
  api = await startFakeSlackApi();
  desk = createSlackDesk({
    botToken: 'xoxb-test', signingSecret: 'test-signing-secret', slackApiUrl: api.apiUrl, port: 0, host: '127.0.0.1',
    deps: d.deps, registry: d.deps.commands, now: () => FAKE_NOW, retries: 0,
    resolveRole: async (q) => {
      contexts.push({ user: q.userId, context: currentLogContext() });
      return ROLES[q.userId] ?? 'viewer';
    },
  });
  port = (await desk.start()).port ?? 0;
  // A running run in the Slack workspace, for /desk runs and the Stop button.
  expect((await d.run('/run start strategy:mean-reversion symbols:SIM-A timeframe:1m', slackCtx())).title).toBe('Run #1 started');
});

afterAll(async () => {
  await desk.stop();
  await api.close();
});

const slash = (text: string, userId: string, channelId: string) =>
  postSigned(port, slashCommandBody({ text, userId, channelId, responseUrl: `${api.url}/respond/${channelId}` }), FORM);

describe('Slack desk (Bolt HTTPReceiver against a fake Web API)', () => {
  it('verifies the token with auth.test when it starts', async () => {
    expect((await api.next('auth.test')).body).toEqual({ token: 'xoxb-test' });
  });

  it('says it is connected while it listens for Slack (readiness)', () => {
    expect(desk.connection()).toEqual({ connected: true, detail: 'listening for Slack\'s requests' });
  });

  it('acks /desk runs at once and posts the runs as Block Kit to the channel', async () => {
    const ack = await slash('runs', 'U0VIEWER', 'C1');
    expect(ack.status).toBe(200);
    expect(JSON.parse(ack.body)).toEqual({ response_type: 'ephemeral', text: 'working on `/runs`…' });
    const post = await api.next('chat.postMessage', (c) => c.body.channel === 'C1');
    expect(post.body.text).toBe('Runs (running)');
    const blocks = post.body.blocks as { type: string; text?: { type: string; text: string } }[];
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section']);
    expect(blocks[0]!.text).toEqual({ type: 'plain_text', text: 'Runs (running)', emoji: true });
    expect(blocks[1]!.text!.type).toBe('mrkdwn');
    expect(blocks[1]!.text!.text).toMatch(/^```\n {2}run +status +strategy/);
    expect(blocks[1]!.text!.text).toContain('#1   running  mean-reversion  SIM-A');
  });

  it('uploads a backtest chart through the files v2 flow after posting the result', async () => {
    const ack = await slash('backtest strategy:mean-reversion symbols:SIM-A from:2023-01-02 to:2023-02-28', 'U0TRADER', 'C2');
    expect(ack.status).toBe(200);
    const post = await api.next('chat.postMessage', (c) => c.body.channel === 'C2');
    expect(post.body.text).toMatch(/^Backtest saved as Run #\d+/);
    const blocks = post.body.blocks as { type: string; fields?: unknown[] }[];
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section']);
    expect(blocks[2]!.fields).toHaveLength(8);
    const getUrl = await api.next('files.getUploadURLExternal', (c) => String(c.body.filename).endsWith('-equity.png'));
    expect(getUrl.body.length).toBe(String(PNG.length));
    const upload = await api.next('upload');
    expect(upload.contentType).toMatch(/^multipart\/form-data/);
    const complete = await api.next('files.completeUploadExternal', (c) => c.body.channel_id === 'C2');
    expect(complete.body.files).toEqual([{ id: expect.stringMatching(/^F\d+$/), title: expect.stringMatching(/^Equity curve of Run #\d+$/) }]);
    const order = api.calls.map((c) => c.method);
    expect(order.indexOf('chat.postMessage')).toBeLessThan(order.indexOf('files.getUploadURLExternal'));
  });

  it('runs a slash command and a button press in their log context: Slack\'s trigger id and the team\'s workspace', async () => {
    contexts.length = 0;
    await slash('help', 'U0CTX', 'C9');
    await api.next('chat.postMessage', (c) => c.body.channel === 'C9');
    await postSigned(port, buttonPressBody({ value: '/help', actionId: 'desk:1', userId: 'U0CTX2', channelId: 'C9b', responseUrl: `${api.url}/respond/C9b` }), FORM);
    await api.next('chat.postMessage', (c) => c.body.channel === 'C9b');
    const context = { workspaceId: 'slack:T0TEST', workspace: 'acme', requestId: 'slack:123.456.abc' };
    expect(contexts.filter((c) => c.user.startsWith('U0CTX'))).toEqual([{ user: 'U0CTX', context }, { user: 'U0CTX2', context }]);
  });

  it.each([['', '/help'], ['/runs status:all', '/runs status:all']])('reads /desk %j as %s', async (text, line) => {
    expect(JSON.parse((await slash(text, 'U0VIEWER', 'C7')).body).text).toBe(`working on \`${line}\`…`);
  });

  it('answers a request with a bad signature with 401 and runs nothing', async () => {
    const res = await postSigned(port, slashCommandBody({ text: 'runs', userId: 'U0ADMIN', channelId: 'C3', responseUrl: `${api.url}/respond/C3` }), FORM, 'wrong-secret');
    expect(res.status).toBe(401);
    // Earlier tests may still be posting; nothing may reach channel C3.
    await slash('help', 'U0VIEWER', 'C3b');
    await api.next('chat.postMessage', (c) => c.body.channel === 'C3b');
    expect(api.calls.some((c) => c.body.channel === 'C3' || c.path === '/respond/C3')).toBe(false);
  });

  it('refuses an unknown command in the ack itself', async () => {
    const ack = await slash('nope', 'U0ADMIN', 'C4');
    expect(JSON.parse(ack.body)).toEqual({ response_type: 'ephemeral', text: ":warning: unknown command '/nope'; try `/desk help`" });
  });

  it('refuses words left over after the command in the ack itself, and runs nothing', async () => {
    const ack = await slash('runs extra', 'U0ADMIN', 'C4b');
    expect(JSON.parse(ack.body)).toEqual({ response_type: 'ephemeral', text: ":warning: /runs: unexpected 'extra'; options are written name:value (see /help runs)" });
    expect(api.calls.some((c) => c.body.channel === 'C4b' || c.path === '/respond/C4b')).toBe(false);
  });

  it('refuses a trader-only button pressed by a viewer, ephemerally via response_url, and changes nothing', async () => {
    const res = await postSigned(port, buttonPressBody({ value: '/run stop run:1', actionId: 'desk:1', userId: 'U0STRANGER', channelId: 'C5', responseUrl: `${api.url}/respond/C5` }), FORM);
    expect(res.status).toBe(200);
    const refusal = await api.next('respond', (c) => c.body.response_type === 'ephemeral' && String(c.body.text).includes('trader'));
    expect(refusal.body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: ':warning: /run stop needs the trader role; you are viewer' });
    expect(api.calls.some((c) => c.method === 'chat.postMessage' && c.body.channel === 'C5')).toBe(false);
    expect((await d.runStore.listRuns(slackCtx().workspace, { status: 'running' })).map((r) => r.number)).toContain(1);
  });

  it('runs a button with the role of the person who presses it', async () => {
    await postSigned(port, buttonPressBody({ value: '/run pause run:1', actionId: 'desk:0', userId: 'U0TRADER', channelId: 'C6', responseUrl: `${api.url}/respond/C6` }), FORM);
    // The pause card says what a pause means for the run (issue 10: a paused run still manages its exits).
    expect((await api.next('chat.postMessage', (c) => c.body.channel === 'C6')).body.text).toBe('Run #1 paused\nOpens nothing new until resumed (nothing is open).');
  });

  it('acks at once while the command is still working, and posts when the work is done', async () => {
    let release = (): void => undefined;
    gate = new Promise<void>((resolve) => (release = resolve));
    const ack = await slash('backtest strategy:mean-reversion symbols:SIM-A from:2023-01-02 to:2023-01-31', 'U0TRADER', 'C8');
    expect(ack.status).toBe(200);
    expect(JSON.parse(ack.body).text).toMatch(/^working on `\/backtest/);
    // The ack is back while rendering is still held: nothing can have been posted to C8 yet.
    expect(api.calls.some((c) => c.body.channel === 'C8' || c.body.channel_id === 'C8')).toBe(false);
    release();
    expect((await api.next('chat.postMessage', (c) => c.body.channel === 'C8')).body.text).toMatch(/^Backtest saved as Run #\d+/);
  });

  it("acts in the presser's own team: a team B user's Stop button on run 1 never touches team A's run #1", async () => {
    const other = { platform: 'slack' as const, externalId: 'T0OTHER', name: 'other' };
    await postSigned(port, buttonPressBody({ value: '/run stop run:1', actionId: 'desk:1', userId: 'U0TRADER', channelId: 'C9', responseUrl: `${api.url}/respond/C9`, teamId: 'T0OTHER', teamDomain: 'other' }), FORM);
    const refusal = await api.next('respond', (c) => c.path === '/respond/C9');
    expect(refusal.body).toMatchObject({ response_type: 'ephemeral', text: ':warning: /run stop: Run #1 does not exist in this workspace' });
    expect(await d.runStore.listRuns(other, { status: 'all' })).toEqual([]);
    const a = await d.runStore.getRun(slackCtx().workspace, 1);
    expect(a.ok ? a.value.status : a.error.code).toMatch(/^(running|paused)$/);
  });

  it('shows results through response_url where the bot cannot post in the channel', async () => {
    await slash('help', 'U0VIEWER', PRIVATE_CHANNEL);
    const shown = await api.next('respond', (c) => c.body.response_type === 'in_channel');
    expect(shown.body.text).toMatch(/^Commands/);
  });
});
