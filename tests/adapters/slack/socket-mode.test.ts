import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalystQuestion } from '../../../src/app/chat/ports.js';
import { createSlackDesk, type SlackDesk } from '../../../src/adapters/slack/desk.js';
import { FAKE_NOW, fakeDesk } from '../../helpers/fake-desk.js';
import { startFakeSlackApi, type FakeSlackApi } from './fake-slack-api.js';
import { startFakeSocketMode, type FakeSocketMode } from './fake-socket-mode.js';
import { eventCallback, slashCommandFields } from './signed-request.js';

let api: FakeSlackApi;
let socket: FakeSocketMode;
let desk: SlackDesk;
const asked: AnalystQuestion[] = [];
const d = fakeDesk();

beforeAll(async () => {
  socket = await startFakeSocketMode();
  api = await startFakeSlackApi((method) => (method === 'apps.connections.open' ? { ok: true, url: socket.url } : undefined));
  desk = createSlackDesk({
    botToken: 'xoxb-test', appToken: 'xapp-test', slackApiUrl: api.apiUrl,
    deps: d.deps, registry: d.deps.commands, resolveRole: async () => 'trader', now: () => FAKE_NOW, retries: 0,
    ask: async (q) => (asked.push(q), { kind: 'ok', text: `answer: ${q.text}` }),
  });
  await desk.start();
});

afterAll(async () => {
  await desk.stop();
  await socket.close();
  await api.close();
});

describe('Slack desk in Socket Mode (fake apps.connections.open + a local WebSocket)', () => {
  it('opens the connection with the app token', async () => {
    await socket.connected;
    const open = await api.next('apps.connections.open');
    expect(open.body).toEqual({});
    expect(api.calls.some((c) => c.method === 'auth.test')).toBe(true);
  });

  it('says it is connected while its socket is open (readiness; the desk-level test drops it)', () => {
    expect(desk.connection()).toEqual({ connected: true, detail: 'connected (Socket Mode)' });
  });

  it('acks a /desk runs envelope with its reply payload and posts the runs to the channel', async () => {
    socket.send({
      envelope_id: 'env-slash-1', type: 'slash_commands', accepts_response_payload: true,
      payload: slashCommandFields({ text: 'runs', userId: 'U0ALICE', channelId: 'C1', responseUrl: `${api.url}/respond/C1` }),
    });
    expect(await socket.ack('env-slash-1')).toEqual({ envelope_id: 'env-slash-1', payload: { response_type: 'ephemeral', text: 'working on `/runs`…' } });
    const post = await api.next('chat.postMessage', (c) => c.body.channel === 'C1');
    expect(post.body.text).toMatch(/^No running runs/);
  });

  it('acks an app_mention envelope and answers in its thread', async () => {
    socket.send({
      envelope_id: 'env-event-1', type: 'events_api', accepts_response_payload: false,
      payload: eventCallback({ type: 'app_mention', user: 'U0ALICE', text: '<@U0BOT> what is running?', ts: '1700000010.000100', channel: 'C2' }),
    });
    const ack = await socket.ack('env-event-1');
    expect(ack.envelope_id).toBe('env-event-1');
    expect(ack.payload ?? {}).toEqual({});
    const answer = await api.next('chat.postMessage', (c) => c.body.channel === 'C2');
    expect(answer.body).toMatchObject({ text: 'answer: what is running?', thread_ts: '1700000010.000100' });
    expect(asked.map((q) => q.conversationId)).toEqual(['C2:1700000010.000100']);
  });
});
