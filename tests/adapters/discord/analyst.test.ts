// Messages to the analyst through the real discord.js client: mentions (typing, then a reply), DMs (answered in the
// one served guild the author is in, else no team's data), channel chat only when enabled, long answers split, and
// the intents each mode needs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DM_NO_SERVER, DM_UNCHECKED, dmSeveralServers } from '../../../src/adapters/discord/analyst.js';
import { DM_MEMBERSHIP_TTL_MS } from '../../../src/adapters/discord/dm-membership.js';
import type { AnalystQuestion, AskAnalyst } from '../../../src/app/chat/ports.js';
import type { RecordedCall } from '../../fakes/discord/fake-discord.js';
import { FAKE_NOW } from '../../helpers/fake-desk.js';
import { STRANGER, startHarness, type Harness, type PostedMessage } from './desk-harness.js';
import { ADMIN_A, BOT_ID, GUILD_A, GUILD_B, MEMBER_A, MEMBER_BOTH, OWNER_A, chatMessage } from './interactions.js';

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

describe('the analyst on Discord (mentions with channel chat on)', () => {
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

  it('keeps one conversation per channel: a mention elsewhere is keyed by the channel it is answered in', async () => {
    await replyTo(h, chatMessage(STRANGER, `<@${BOT_ID}> and here?`, { mentions: [BOT_ID], channelId: GENERAL }));
    expect(analyst.questions.at(-1)?.q).toMatchObject({ conversationId: GENERAL, channelId: GENERAL, text: 'and here?' });
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

describe('DMs to the analyst', () => {
  let h: Harness;
  const analyst = recordingAnalyst();
  let now = FAKE_NOW;
  let dmChannel = 0;
  /** A DM from `userId` in its own DM channel; resolves with the bot's reply. */
  const dm = (userId: string, text: string): Promise<RecordedCall> =>
    replyTo(h, chatMessage(userId, text, { dmChannelId: String(610_000_000_000_000_000n + BigInt((dmChannel += 1))) }));
  const lookupsSince = (from: number): string[] => h.fake.calls.slice(from).filter((c) => c.method === 'GET' && c.path.startsWith('/guilds/')).map((c) => c.path);
  const description = (c: RecordedCall): string | undefined => (c.body as PostedMessage).embeds?.[0]?.description;
  beforeAll(async () => {
    // DMs need no channel chat: DirectMessages is always on.
    h = await startHarness({ ask: analyst.ask, now: () => now });
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers a member of exactly one served guild in that guild\'s workspace, typing in the DM first', async () => {
    const before = h.fake.calls.length;
    const reply = await dm(MEMBER_A, 'how is run #1 doing?');
    const dmPath = reply.path.replace(/\/messages$/, '');
    expect(lookupsSince(before).sort()).toEqual([`/guilds/${GUILD_A.id}/members/${MEMBER_A}`, `/guilds/${GUILD_B.id}/members/${MEMBER_A}`]);
    expect(h.fake.calls.slice(before).filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([`${dmPath}/typing`, `${dmPath}/messages`]);
    expect(description(reply)).toBe('answer: how is run #1 doing?');
    const dmChannelId = dmPath.replace('/channels/', '');
    expect(analyst.questions.at(-1)).toEqual({
      q: {
        workspace: { platform: 'discord', externalId: GUILD_A.id, name: GUILD_A.name },
        actor: { id: MEMBER_A, name: `user-${MEMBER_A}`, role: 'trader' },
        conversationId: dmChannelId, channelId: dmChannelId, text: 'how is run #1 doing?',
      },
      now,
    });
    expect(h.queries.at(-1)).toMatchObject({ userId: MEMBER_A, memberOf: [GUILD_A.roles[0].id, 'Traders'], platformAdmin: false });
  });

  it('remembers the membership for 5 minutes: no new lookups until then, fresh ones after', async () => {
    now += DM_MEMBERSHIP_TTL_MS - 1;
    const before = h.fake.calls.length;
    expect(description(await dm(MEMBER_A, 'and now?'))).toBe('answer: and now?');
    expect(lookupsSince(before)).toEqual([]);
    now += 1;
    const later = h.fake.calls.length;
    expect(description(await dm(MEMBER_A, 'and later?'))).toBe('answer: and later?');
    expect(lookupsSince(later)).toHaveLength(2);
  });

  it.each([
    { who: 'a member holding Manage Server through a role', userId: ADMIN_A },
    { who: 'the guild owner, whatever their roles', userId: OWNER_A },
  ])('makes $who a platform admin, as for guild messages', async ({ userId }) => {
    await dm(userId, 'who am I?');
    expect(h.queries.at(-1)).toMatchObject({ userId, platformAdmin: true });
    expect(analyst.questions.at(-1)?.q.actor.role).toBe('admin');
  });

  it('asks a member of several served guilds to mention it in the right one, without asking the analyst', async () => {
    const asked = analyst.questions.length;
    expect(description(await dm(MEMBER_BOTH, 'what are my runs?'))).toBe(dmSeveralServers([GUILD_A.name, GUILD_B.name]));
    expect(analyst.questions.length).toBe(asked);
  });

  it('tells someone in none of the served guilds so, without asking the analyst', async () => {
    const asked = analyst.questions.length;
    expect(description(await dm(STRANGER, 'what are my runs?'))).toBe(DM_NO_SERVER);
    expect(analyst.questions.length).toBe(asked);
  });

  // Last: guild B's lookups fail from here on.
  it('does not guess when a lookup fails: says it could not check, and looks again next time', async () => {
    h.fake.failMemberLookups(GUILD_B.id);
    now += DM_MEMBERSHIP_TTL_MS;
    const asked = analyst.questions.length;
    const before = h.fake.calls.length;
    expect(description(await dm(MEMBER_A, 'anything?'))).toBe(DM_UNCHECKED);
    expect(description(await dm(MEMBER_A, 'anything now?'))).toBe(DM_UNCHECKED);
    expect(lookupsSince(before)).toHaveLength(4);
    expect(h.logs.filter((l) => l.includes(`in guild ${GUILD_B.id} failed`))).toHaveLength(2);
    expect(analyst.questions.length).toBe(asked);
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
