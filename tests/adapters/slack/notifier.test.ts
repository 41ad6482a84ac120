import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryTarget } from '../../../src/app/chat/ports.js';
import type { Reply } from '../../../src/app/chat/reply.js';
import { NO_CHANNEL, parseThreadRef, threadTitle } from '../../../src/adapters/slack/notifier.js';
import { createSlackDesk, type SlackDesk } from '../../../src/adapters/slack/desk.js';
import { FAKE_NOW, fakeDesk } from '../../helpers/fake-desk.js';
import { startFakeSlackApi, type FakeCall, type FakeSlackApi } from './fake-slack-api.js';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const WORKSPACE = { platform: 'slack' as const, externalId: 'T0TEST', name: 'acme' };
const STARTED: Reply = { kind: 'ok', title: 'Run #3 started' };

let api: FakeSlackApi;
let desk: SlackDesk;

beforeAll(async () => {
  api = await startFakeSlackApi((method, body) => {
    if (method === 'chat.postMessage' && body.channel === 'C0GONE') return { ok: false, error: 'channel_not_found' };
    // Parents post, replies in a thread fail: the first delivery stops half-way.
    if (method === 'chat.postMessage' && body.channel === 'C0HALF' && body.thread_ts !== undefined && failReplies) return { ok: false, error: 'ratelimited' };
    return undefined;
  });
  const d = fakeDesk();
  desk = createSlackDesk({
    botToken: 'xoxb-test', signingSecret: 'test-signing-secret', slackApiUrl: api.apiUrl, port: 0, host: '127.0.0.1',
    deps: d.deps, registry: d.deps.commands, resolveRole: async () => 'viewer', now: () => FAKE_NOW, retries: 0,
  });
  await desk.start();
});

afterAll(async () => {
  await desk.stop();
  await api.close();
});

let failReplies = true;
const run = (id: string, over: Partial<NonNullable<DeliveryTarget['run']>> = {}): NonNullable<DeliveryTarget['run']> =>
  ({ id, number: 3, strategyId: 'trend-following', symbols: ['AAPL', 'MSFT'], channelRef: 'C0STARTED', threadRef: null, ...over });
const target = (over: Partial<DeliveryTarget>): DeliveryTarget =>
  ({ workspace: WORKSPACE, deskChannelId: null, run: null, eventType: 'run_started', silent: false, ...over });
const postCalls = (channel: string): FakeCall[] => api.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === channel);
const posts = (channel: string): FakeCall['body'][] => postCalls(channel).map((c) => c.body);

describe('Slack postNotification', () => {
  it("starts the run's thread in the desk channel on its first notification and returns it as threadRef", async () => {
    const result = await desk.postNotification(target({ deskChannelId: 'C1', run: run('r1') }), STARTED);
    const [parent, reply] = postCalls('C1');
    expect(parent!.body).toMatchObject({ text: 'Run #3 · trend-following · AAPL, MSFT — notifications in this thread' });
    expect(parent!.body.thread_ts).toBeUndefined();
    const parentTs = String(parent!.answer?.ts);
    expect(reply!.body).toMatchObject({ text: 'Run #3 started', thread_ts: parentTs });
    expect(reply!.body.reply_broadcast).toBeUndefined();
    expect(result).toEqual({ ok: true, value: { threadRef: `C1:${parentTs}` } });
  });

  it('posts only the threaded reply once the run has a thread', async () => {
    const result = await desk.postNotification(target({ deskChannelId: 'C2', run: run('r2', { threadRef: 'C2:1700000000.000042' }) }), { kind: 'ok', text: 'Bought 10 AAPL' });
    expect(result).toEqual({ ok: true, value: {} });
    expect(posts('C2')).toEqual([expect.objectContaining({ text: 'Bought 10 AAPL', thread_ts: '1700000000.000042' })]);
  });

  it("uses the run's own channel when no desk channel is bound", async () => {
    const result = await desk.postNotification(target({ run: run('r3', { channelRef: 'C3' }) }), STARTED);
    expect(posts('C3')).toHaveLength(2);
    expect(result.ok && result.value.threadRef).toMatch(/^C3:\d+\.\d+$/);
  });

  it('broadcasts a run summary from its thread to the channel and uploads its chart into the channel', async () => {
    const summary: Reply = { kind: 'ok', title: 'Run #3 summary', images: [{ filename: 'run-3-equity.png', png: PNG, alt: 'Equity curve of Run #3' }] };
    const result = await desk.postNotification(target({ deskChannelId: 'C4', run: run('r4', { threadRef: 'C4:1700000000.000077' }), eventType: 'run_summary' }), summary);
    expect(result).toEqual({ ok: true, value: {} });
    expect(posts('C4')).toEqual([expect.objectContaining({ text: 'Run #3 summary', thread_ts: '1700000000.000077', reply_broadcast: 'true' })]);
    const getUrl = await api.next('files.getUploadURLExternal', (c) => c.body.filename === 'run-3-equity.png');
    expect(getUrl.body.length).toBe(String(PNG.length));
    const complete = await api.next('files.completeUploadExternal', (c) => c.body.channel_id === 'C4');
    expect(complete.body).toMatchObject({ files: [{ id: expect.stringMatching(/^F\d+$/), title: 'Equity curve of Run #3' }] });
    // Slack cannot broadcast a file shared in a thread: the chart is shared in the channel itself.
    expect(complete.body.thread_ts).toBeUndefined();
  });

  it('posts a workspace notice (no run) to the desk channel itself', async () => {
    const result = await desk.postNotification(target({ deskChannelId: 'C5', eventType: 'desk_halted', silent: true }), { kind: 'ok', title: 'Desk halted' });
    expect(result).toEqual({ ok: true, value: {} });
    expect(posts('C5')).toEqual([expect.objectContaining({ text: 'Desk halted' })]);
    expect(posts('C5')[0]!.thread_ts).toBeUndefined();
  });

  it('posts a workspace notice that names its own channel there, not in the desk channel', async () => {
    const result = await desk.postNotification(target({ deskChannelId: 'C5', noticeChannelId: 'C8', eventType: 'approval_lapsed' }), { kind: 'ok', text: 'Approval request ap1 lapsed' });
    expect(result).toEqual({ ok: true, value: {} });
    expect(posts('C8')).toEqual([expect.objectContaining({ text: 'Approval request ap1 lapsed' })]);
  });

  it.each([
    ['a workspace notice', target({})],
    ['a run without a channel', target({ run: run('r6', { channelRef: null }) })],
  ])('returns an error naming /desk settings channel for %s with nowhere to post', async (_, t) => {
    expect(await desk.postNotification(t, STARTED)).toEqual({ ok: false, error: { code: 'notify.no_channel', message: NO_CHANNEL } });
  });

  it("returns Slack's error code as a result when the Web API refuses", async () => {
    const result = await desk.postNotification(target({ deskChannelId: 'C0GONE', run: run('r7') }), STARTED);
    expect(result).toMatchObject({ ok: false, error: { code: 'slack.channel_not_found', message: 'chat.postMessage failed: channel_not_found' } });
  });

  it('reuses the parent it already posted when the first reply failed, instead of starting a second thread', async () => {
    const first = await desk.postNotification(target({ deskChannelId: 'C0HALF', run: run('r8') }), STARTED);
    expect(first).toMatchObject({ ok: false, error: { code: 'slack.ratelimited' } });
    failReplies = false;
    const retry = await desk.postNotification(target({ deskChannelId: 'C0HALF', run: run('r8') }), STARTED);
    const parents = postCalls('C0HALF').filter((c) => c.body.thread_ts === undefined);
    expect(parents).toHaveLength(1);
    const parentTs = String(parents[0]!.answer?.ts);
    expect(posts('C0HALF').filter((b) => b.thread_ts !== undefined).map((b) => b.thread_ts)).toEqual([parentTs, parentTs]);
    expect(retry).toEqual({ ok: true, value: { threadRef: `C0HALF:${parentTs}` } });
  });
});

describe('thread refs', () => {
  it.each([
    ['C123:1700000000.000200', { channel: 'C123', ts: '1700000000.000200' }],
    [null, null],
    ['1234567890', null],
    ['C1:', null],
  ])('parses %j', (ref, expected) => {
    expect(parseThreadRef(ref)).toEqual(expected);
  });

  it('titles a thread with the run, strategy and symbols', () => {
    expect(threadTitle({ number: 12, strategyId: 'mean-reversion', symbols: ['SPY'] })).toBe('Run #12 · mean-reversion · SPY — notifications in this thread');
  });
});
