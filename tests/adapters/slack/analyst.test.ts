import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalystQuestion } from '../../../src/app/chat/ports.js';
import type { Reply } from '../../../src/app/chat/reply.js';
import { NO_ANALYST, stripMention } from '../../../src/adapters/slack/analyst.js';
import { createSlackDesk, type SlackDesk } from '../../../src/adapters/slack/desk.js';
import { FAKE_NOW, fakeDesk } from '../../helpers/fake-desk.js';
import { startFakeSlackApi, type FakeSlackApi } from './fake-slack-api.js';
import { eventCallback, postSigned } from './signed-request.js';
import { currentLogContext } from '../../../src/app/log/log-context.js';

const JSON_TYPE = 'application/json';
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let api: FakeSlackApi;
let withAnalyst: SlackDesk;
let without: SlackDesk;
const ports = { withAnalyst: 0, without: 0 };
const asked: { q: AnalystQuestion; now: number; context?: unknown }[] = [];
const logs: string[] = [];
const d = fakeDesk();

// The analyst: echoes, draws on request, and fails on "crash" (as an LLM outage would).
const ask = async (q: AnalystQuestion, now: number): Promise<Reply> => {
  asked.push({ q, now, context: currentLogContext() });
  if (q.text === 'crash') throw new Error('model overloaded');
  return { kind: 'ok', text: `answer: ${q.text}`, ...(q.text.includes('chart') ? { images: [{ filename: 'equity.png', png: PNG, alt: 'Equity' }] } : {}) };
};

beforeAll(async () => {
  api = await startFakeSlackApi();
  const common = {
    botToken: 'xoxb-test', signingSecret: 'test-signing-secret', slackApiUrl: api.apiUrl, port: 0, host: '127.0.0.1',
    deps: d.deps, registry: d.deps.commands, now: () => FAKE_NOW, retries: 0, log: (line: string) => logs.push(line),
    resolveRole: async (q: { userId: string }) => (q.userId === 'U0TRADER' ? 'trader' as const : 'viewer' as const),
  };
  withAnalyst = createSlackDesk({ ...common, ask });
  without = createSlackDesk(common);
  ports.withAnalyst = (await withAnalyst.start()).port ?? 0;
  ports.without = (await without.start()).port ?? 0;
});

afterAll(async () => {
  await withAnalyst.stop();
  await without.stop();
  await api.close();
});

const send = (event: Record<string, unknown>, port = ports.withAnalyst, teamId = 'T0TEST') =>
  postSigned(port, JSON.stringify(eventCallback(event, teamId)), JSON_TYPE);
const postedIn = async (channel: string) => (await api.next('chat.postMessage', (c) => c.body.channel === channel)).body;
const question = (conversationId: string) => asked.find((a) => a.q.conversationId === conversationId);

describe('Slack analyst: mentions and DMs', () => {
  it('answers a mention in a thread started on the message, with the mention stripped', async () => {
    const res = await send({ type: 'app_mention', user: 'U0TRADER', text: '<@U0BOT> how is run 1 doing?', ts: '1700000001.000100', channel: 'C1' });
    expect(res.status).toBe(200);
    const answer = await postedIn('C1');
    expect(answer).toMatchObject({ text: 'answer: how is run 1 doing?', thread_ts: '1700000001.000100' });
    expect(answer.reply_broadcast).toBeUndefined();
    expect(question('C1:1700000001.000100')).toEqual({
      now: FAKE_NOW,
      // Asked in the event's log context: Slack's event id as the request id, and the team's workspace.
      context: { workspaceId: 'slack:T0TEST', requestId: expect.stringMatching(/^slack:Ev\d+$/) },
      q: {
        workspace: { platform: 'slack', externalId: 'T0TEST', name: 'acme' },
        actor: { id: 'U0TRADER', name: 'u0trader', role: 'trader' },
        conversationId: 'C1:1700000001.000100', channelId: 'C1', text: 'how is run 1 doing?',
      },
    });
  });

  it('answers a mention inside a thread in that thread, and keeps one conversation per thread', async () => {
    await send({ type: 'app_mention', user: 'U0ALICE', text: 'and now <@U0BOT>?', ts: '1700000002.000300', thread_ts: '1700000001.000900', channel: 'C2' });
    expect(await postedIn('C2')).toMatchObject({ text: 'answer: and now ?', thread_ts: '1700000001.000900' });
    expect(question('C2:1700000001.000900')?.q.actor.role).toBe('viewer');
  });

  it("uploads the answer's chart into the same thread", async () => {
    await send({ type: 'app_mention', user: 'U0ALICE', text: '<@U0BOT> chart of run 1', ts: '1700000003.000100', channel: 'C3' });
    await postedIn('C3');
    const complete = await api.next('files.completeUploadExternal', (c) => c.body.channel_id === 'C3');
    expect(complete.body.thread_ts).toBe('1700000003.000100');
  });

  it("answers a DM in the DM, in the writer's own team", async () => {
    // A bot's message, and an edit, in the same DM are not questions.
    await send({ type: 'message', channel_type: 'im', channel: 'D4', user: 'U0ALICE', bot_id: 'B0OTHER', text: 'beep', ts: '1700000004.000001', team: 'T0BETA' });
    await send({ type: 'message', subtype: 'message_changed', channel_type: 'im', channel: 'D4', ts: '1700000004.000002', message: { text: 'edited' } });
    await send({ type: 'message', channel_type: 'im', channel: 'D4', user: 'U0ALICE', text: 'what is my drawdown?', ts: '1700000004.000003', team: 'T0BETA' });
    const answer = await postedIn('D4');
    expect(answer.text).toBe('answer: what is my drawdown?');
    expect(answer.thread_ts).toBeUndefined();
    expect(asked.filter((a) => a.q.channelId === 'D4').map((a) => a.q)).toEqual([{
      workspace: { platform: 'slack', externalId: 'T0BETA', name: 'T0BETA' },
      actor: { id: 'U0ALICE', name: 'u0alice', role: 'viewer' },
      conversationId: 'D4', channelId: 'D4', text: 'what is my drawdown?',
    }]);
  });

  it("falls back to the body's team for a DM without one", async () => {
    await send({ type: 'message', channel_type: 'im', channel: 'D5', user: 'U0ALICE', text: 'hello', ts: '1700000005.000001' }, ports.withAnalyst, 'T0TEST');
    await postedIn('D5');
    expect(asked.find((a) => a.q.channelId === 'D5')?.q.workspace).toEqual({ platform: 'slack', externalId: 'T0TEST', name: 'acme' });
  });

  it('answers with an apology and logs it when the analyst fails', async () => {
    await send({ type: 'app_mention', user: 'U0ALICE', text: '<@U0BOT> crash', ts: '1700000006.000100', channel: 'C6' });
    expect(await postedIn('C6')).toMatchObject({ text: ':warning: The analyst could not answer just now; please try again.', thread_ts: '1700000006.000100' });
    expect(logs.some((l) => l.includes('model overloaded'))).toBe(true);
  });

  it('points at the commands when no analyst is configured', async () => {
    await send({ type: 'app_mention', user: 'U0ALICE', text: '<@U0BOT> hi', ts: '1700000007.000100', channel: 'C7' }, ports.without);
    expect(await postedIn('C7')).toMatchObject({ text: NO_ANALYST, thread_ts: '1700000007.000100' });
    await send({ type: 'message', channel_type: 'im', channel: 'D7', user: 'U0ALICE', text: 'hi', ts: '1700000007.000200' }, ports.without);
    expect((await postedIn('D7')).text).toBe(NO_ANALYST);
  });
});

describe('stripMention', () => {
  it.each([
    ['<@U0BOT> why?', 'U0BOT', 'why?'],
    ['why <@U0BOT|desk>?', 'U0BOT', 'why ?'],
    ['<@U0BOT> ask <@U0ALICE>', 'U0BOT', 'ask <@U0ALICE>'],
    ['<@U0XYZ> why?', undefined, 'why?'],
    ['line one\nline two', 'U0BOT', 'line one\nline two'],
  ])('%j (bot %s) -> %j', (text, bot, expected) => {
    expect(stripMention(text, bot)).toBe(expected);
  });
});
