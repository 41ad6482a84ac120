// desk.postNotification through the real discord.js REST client against the fake Discord: run threads created on
// first use and reused, summaries in thread and channel, silent messages, and failures as Result errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_CHANNEL } from '../../../src/adapters/discord/notifier.js';
import type { DeliveryTarget } from '../../../src/app/chat/ports.js';
import type { Reply } from '../../../src/app/chat/reply.js';
import type { RecordedCall } from '../../fakes/discord/fake-discord.js';
import { startHarness, type Harness, type PostedMessage } from './desk-harness.js';
import { GUILD_A } from './interactions.js';

const DESK = GUILD_A.channels[0].id;
const GENERAL = GUILD_A.channels[1].id;
const WORKSPACE = { platform: 'discord', externalId: GUILD_A.id, name: GUILD_A.name } as const;
const RUN = { id: 'run-3', number: 3, strategyId: 'trend-following', symbols: ['AAPL', 'MSFT'], channelRef: GENERAL, threadRef: null };
const FILLED: Reply = { kind: 'ok', title: 'Run #3: bought 10 AAPL', text: 'at 187.20' };
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9]);
const SUMMARY: Reply = { kind: 'ok', title: 'Run #3 summary', images: [{ filename: 'equity.png', png: PNG, alt: 'equity curve' }] };

const target = (o: Partial<DeliveryTarget> = {}): DeliveryTarget =>
  ({ workspace: WORKSPACE, deskChannelId: DESK, run: RUN, eventType: 'order_filled', silent: false, ...o });

describe('postNotification', () => {
  let h: Harness;
  /** Posts and returns the result with the REST calls it made. */
  const post = async (t: DeliveryTarget, reply: Reply) => {
    const before = h.fake.calls.length;
    const result = await h.desk.postNotification(t, reply);
    return { result, calls: h.fake.calls.slice(before) };
  };
  const messagesIn = (calls: readonly RecordedCall[], channel: string) => calls.filter((c) => c.method === 'POST' && c.path === `/channels/${channel}/messages`);

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  let threadRef = '';
  it('creates the run\'s thread on first use: a header in the desk channel, a one-week thread from it, the post inside', async () => {
    const { result, calls } = await post(target(), FILLED);
    expect(result.ok).toBe(true);
    threadRef = result.ok ? result.value.threadRef ?? '' : '';
    const [header] = messagesIn(calls, DESK);
    expect((header?.body as PostedMessage).content).toBe('Run #3 · trend-following · AAPL, MSFT — notifications in the thread');
    const start = calls.find((c) => /^\/channels\/\d+\/messages\/\d+\/threads$/.test(c.path));
    expect(start?.path.startsWith(`/channels/${DESK}/messages/`)).toBe(true);
    expect(start?.body).toEqual({ name: 'Run #3 · trend-following', auto_archive_duration: 10080 });
    const [inThread] = messagesIn(calls, threadRef);
    expect((inThread?.body as PostedMessage).embeds?.[0]?.title).toBe('Run #3: bought 10 AAPL');
  });

  it('posts straight into a stored thread', async () => {
    const { result, calls } = await post(target({ run: { ...RUN, threadRef } }), FILLED);
    expect(result).toEqual({ ok: true, value: { threadRef } });
    expect(calls.map((c) => c.path)).toEqual([`/channels/${threadRef}/messages`]);
  });

  it('starts a new thread when the stored one was deleted (404 Unknown Channel)', async () => {
    h.fake.deleteChannel(threadRef);
    const { result, calls } = await post(target({ run: { ...RUN, threadRef } }), FILLED);
    const fresh = result.ok ? result.value.threadRef : undefined;
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(threadRef);
    expect(messagesIn(calls, fresh!)).toHaveLength(1);
  });

  it('posts a run summary with its chart as multipart in the channel and in the thread', async () => {
    const { calls } = await post(target({ run: { ...RUN, threadRef: null }, eventType: 'run_summary' }), SUMMARY);
    const posts = calls.filter((c) => c.files.length > 0);
    expect(posts).toHaveLength(2);
    expect(posts[0]?.path).toBe(`/channels/${DESK}/messages`);
    for (const p of posts) {
      expect(p.contentType).toMatch(/^multipart\/form-data/);
      expect(p.files).toEqual([{ field: 'files[0]', filename: 'equity.png', bytes: PNG.length }]);
      expect((p.body as PostedMessage).embeds?.[0]?.image?.url).toBe('attachment://equity.png');
    }
  });

  it('sends silent notifications with SUPPRESS_NOTIFICATIONS (flags 4096)', async () => {
    const { calls } = await post(target({ run: null, eventType: 'desk_halted', silent: true }), FILLED);
    expect(calls).toHaveLength(1);
    expect((calls[0]?.body as PostedMessage).flags).toBe(4096);
  });

  it('posts a workspace notice in the desk channel and falls back to the run\'s channel without one', async () => {
    const notice = await post(target({ run: null, eventType: 'desk_halted' }), FILLED);
    expect(notice.result).toEqual({ ok: true, value: {} });
    expect(messagesIn(notice.calls, DESK)).toHaveLength(1);
    const fallback = await post(target({ deskChannelId: null }), FILLED);
    expect(messagesIn(fallback.calls, GENERAL)).toHaveLength(1);
  });

  it('posts a workspace notice that names its own channel (a lapsed approval request) there', async () => {
    const { result, calls } = await post(target({ run: null, eventType: 'approval_lapsed', noticeChannelId: GENERAL }), FILLED);
    expect(result).toEqual({ ok: true, value: {} });
    expect(messagesIn(calls, GENERAL)).toHaveLength(1);
    expect(messagesIn(calls, DESK)).toHaveLength(0);
  });

  it('returns an error, without calling Discord, when there is no channel to post to', async () => {
    const { result, calls } = await post(target({ deskChannelId: null, run: null }), FILLED);
    expect(result).toEqual({ ok: false, error: { code: 'discord.no_channel', message: NO_CHANNEL } });
    expect(calls).toEqual([]);
  });

  it('turns a REST failure into an error result carrying Discord\'s message', async () => {
    const { result } = await post(target({ deskChannelId: '600000000000000404', run: null }), FILLED);
    expect(result).toEqual({ ok: false, error: { code: 'discord.post_failed', message: 'Discord: Unknown Channel' } });
  });
});
