// Messages to the analyst through the real discord.js client: mentions (typing, then a reply), DMs (a hint, never
// a team's data), channel chat only when enabled, long answers split, and the intents each mode needs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DM_HINT } from '../../../src/adapters/discord/analyst-chat.js';
import type { AnalystQuestion, AskAnalyst } from '../../../src/app/chat.js';
import type { RecordedCall } from '../../fakes/discord/fake-discord.js';
import { FAKE_NOW } from '../../helpers/fake-desk.js';
import { STRANGER, startHarness, type Harness, type PostedMessage } from './desk-harness.js';
import { BOT_ID, GUILD_A, chatMessage } from './interactions.js';

const DESK = GUILD_A.channels[0].id;
const GENERAL = GUILD_A.channels[1].id;
const TRADERS_A = GUILD_A.roles[0].id;
const LONG = Array.from({ length: 90 }, (_, i) => `Paragraph ${i}: ${'the run held its position through the session. '.repeat(2)}`).join('\n\n');

function recordingAnalyst() {
  const questions: { q: AnalystQuestion; now: number }[] = [];
  const ask: AskAnalyst = async (q, now) => {
    questions.push({ q, now });
    if (q.text === 'explode') throw new Error('model unavailable');
    return { kind: 'ok', text: q.text === 'long' ? LONG : `answer: ${q.text}` };
  };
  return { questions, ask };
}

/** Sends a message and waits for the bot's reply to it (a POST with a message_reference to it). */
async function replyTo(h: Harness, message: ReturnType<typeof chatMessage>): Promise<RecordedCall> {
  h.fake.dispatchMessage(message);
  return h.fake.waitForCall((c) => c.method === 'POST' && (c.body as PostedMessage | null)?.message_reference?.message_id === message.id);
}

describe('the analyst on Discord (mentions with channel chat on, and DMs)', () => {
  let h: Harness;
  const analyst = recordingAnalyst();
  beforeAll(async () => {
    // Mentions arrive only with GuildMessages, which channel chat turns on; no channel here is a chat channel.
    h = await startHarness({ ask: analyst.ask, channelChat: true, isChatChannel: async () => false });
  });
  afterAll(async () => {
    await h.close();
  });

  it('shows typing, then replies to a mention with the answer, asking in the guild\'s workspace with the asker\'s role', async () => {
    const before = h.fake.calls.length;
    const message = chatMessage(STRANGER, `<@${BOT_ID}> how is run #1 doing?`, { mentions: [BOT_ID], roles: [TRADERS_A] });
    const reply = await replyTo(h, message);
    const calls = h.fake.calls.slice(before).map((c) => c.path);
    expect(calls).toEqual([`/channels/${DESK}/typing`, `/channels/${DESK}/messages`]);
    expect((reply.body as PostedMessage).embeds?.[0]?.description).toBe('answer: how is run #1 doing?');
    expect(analyst.questions.at(-1)).toEqual({
      q: {
        workspace: { platform: 'discord', externalId: GUILD_A.id, name: GUILD_A.name },
        actor: { id: STRANGER, name: `user-${STRANGER}`, role: 'trader' },
        conversationId: DESK, channelId: DESK, text: 'how is run #1 doing?',
      },
      now: FAKE_NOW,
    });
  });

  it('answers a DM with the "ask in your server" hint and never asks the analyst', async () => {
    const asked = analyst.questions.length;
    const reply = await replyTo(h, chatMessage(STRANGER, 'what are my runs?', { dmChannelId: '610000000000000001' }));
    expect(reply.path).toBe('/channels/610000000000000001/messages');
    expect((reply.body as PostedMessage).embeds?.[0]?.description).toBe(DM_HINT);
    expect(analyst.questions.length).toBe(asked);
  });

  it('ignores messages that do not mention it, and messages from bots', async () => {
    const asked = analyst.questions.length;
    h.fake.dispatchMessage(chatMessage(STRANGER, 'just chatting'));
    h.fake.dispatchMessage(chatMessage('100000000000000077', `<@${BOT_ID}> hello`, { mentions: [BOT_ID], bot: true }));
    // Messages are handled in order, so once this one is answered the two before it were seen.
    await replyTo(h, chatMessage(STRANGER, `<@${BOT_ID}> ping`, { mentions: [BOT_ID] }));
    expect(analyst.questions.slice(asked).map((x) => x.q.text)).toEqual(['ping']);
  });

  it('splits an answer longer than one embed into several messages, the first a reply to the question', async () => {
    const before = h.fake.calls.length;
    const message = chatMessage(STRANGER, `<@${BOT_ID}> long`, { mentions: [BOT_ID] });
    await replyTo(h, message);
    const parts = await waitForPosts(h, before, 3);
    const texts = parts.map((p) => (p.body as PostedMessage).embeds?.[0]?.description ?? '');
    expect(texts.every((t) => t.length <= 4096)).toBe(true);
    expect(texts.join('\n\n')).toBe(LONG);
    expect(parts.slice(1).every((p) => (p.body as PostedMessage).message_reference === undefined)).toBe(true);
  });

  it('replies with an error when the analyst fails', async () => {
    const reply = await replyTo(h, chatMessage(STRANGER, `<@${BOT_ID}> explode`, { mentions: [BOT_ID] }));
    expect((reply.body as PostedMessage).embeds?.[0]?.description).toBe('The analyst failed: model unavailable');
  });
});

describe('channel chat with the analyst', () => {
  let h: Harness;
  const analyst = recordingAnalyst();
  beforeAll(async () => {
    h = await startHarness({ ask: analyst.ask, channelChat: true, isChatChannel: async (_guild, channel) => channel === DESK });
  });
  afterAll(async () => {
    await h.close();
  });

  it('adds GuildMessages and MessageContent to the intents', () => {
    const identify = h.fake.gatewayFrames.find((f) => (f as { op: number }).op === 2) as { d: { intents: number } };
    expect(identify.d.intents).toBe((1 << 0) | (1 << 9) | (1 << 12) | (1 << 15));
  });

  it('answers a plain message in the chat channel and ignores one elsewhere', async () => {
    h.fake.dispatchMessage(chatMessage(STRANGER, 'not for the bot', { channelId: GENERAL }));
    const reply = await replyTo(h, chatMessage(STRANGER, 'what moved today?'));
    expect((reply.body as PostedMessage).embeds?.[0]?.description).toBe('answer: what moved today?');
    expect(analyst.questions.map((x) => x.q.text)).toEqual(['what moved today?']);
  });
});

/** The first `n` message posts after call index `from` (later parts of a split answer arrive one by one). */
async function waitForPosts(h: Harness, from: number, n: number): Promise<RecordedCall[]> {
  const posts = (): RecordedCall[] => h.fake.calls.slice(from).filter((c) => c.method === 'POST' && c.path.endsWith('/messages'));
  // A call is recorded before waiters are checked, so the count already includes the call being matched.
  if (posts().length < n) await h.fake.waitForCall(() => posts().length >= n);
  return posts().slice(0, n);
}
