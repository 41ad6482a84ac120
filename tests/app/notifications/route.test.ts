import { describe, expect, it } from 'vitest';
import type { DeliveryTarget, PostNotification } from '../../../src/app/chat/ports.js';
import type { Reply } from '../../../src/app/chat/reply.js';
import type { OutboxItem } from '../../../src/app/notifications/ports.js';
import { createNotificationSender, renderForDelivery } from '../../../src/app/notifications/route.js';
import { fail, ok } from '../../../src/core/domain/result.js';

const item: OutboxItem = { id: 'n1', workspaceId: 'w1', runId: 'r1', eventType: 'order_filled', payload: {}, silent: false };
const reply: Reply = { kind: 'ok', text: 'filled' };

function targetOn(platform: 'console' | 'discord' | 'slack', threadRef: string | null = null): DeliveryTarget {
  return {
    workspace: { platform, externalId: 'g1', name: 'desk' },
    deskChannelId: 'c1',
    run: { id: 'r1', number: 3, strategyId: 'sma-crossover', symbols: ['AAPL'], channelRef: 'c1', threadRef },
    eventType: 'order_filled',
    silent: false,
  };
}

function setup(target: DeliveryTarget, posters: Partial<Record<'discord' | 'slack', PostNotification>>, saveFails = false) {
  const printed: Reply[] = [];
  const saved: [string, string][] = [];
  const logs: string[] = [];
  const send = createNotificationSender({
    routing: {
      target: async () => ok(target),
      saveRunThread: async (runId, threadRef) => {
        saved.push([runId, threadRef]);
        return saveFails ? fail('db.write_failed', 'disk full') : ok(null);
      },
    },
    posters,
    printToConsole: async (r) => {
      printed.push(r);
      return ok(undefined);
    },
    log: (line) => logs.push(line),
  });
  return { send, printed, saved, logs };
}

describe('routing a notification', () => {
  it('prints a console workspace\'s notification', async () => {
    const s = setup(targetOn('console'), {});
    expect((await s.send(item, reply)).ok).toBe(true);
    expect(s.printed).toEqual([reply]);
  });

  it('fails (to be retried) when the workspace\'s platform is not connected in this process, never drops it', async () => {
    const s = setup(targetOn('slack'), {});
    const sent = await s.send(item, reply);
    expect(sent.ok).toBe(false);
    if (!sent.ok) expect(sent.error).toMatchObject({ code: 'notify.not_connected', message: 'slack is not connected in this desk process' });
  });

  it('posts on the platform and remembers a thread it opened for the run, once', async () => {
    const posted: DeliveryTarget[] = [];
    const discord: PostNotification = async (t) => {
      posted.push(t);
      return ok({ threadRef: 't9' });
    };
    const first = setup(targetOn('discord'), { discord });
    expect((await first.send(item, reply)).ok).toBe(true);
    expect(first.saved).toEqual([['r1', 't9']]);
    const again = setup(targetOn('discord', 't9'), { discord });
    expect((await again.send(item, reply)).ok).toBe(true);
    expect(again.saved).toEqual([]);
    expect(posted).toHaveLength(2);
  });

  it('counts the post as delivered when only saving the thread fails, and says so in the log', async () => {
    const s = setup(targetOn('discord'), { discord: async () => ok({ threadRef: 't9' }) }, true);
    expect((await s.send(item, reply)).ok).toBe(true);
    expect(s.logs).toEqual(['Run #3: could not save its thread: disk full']);
  });

  it('gives a workspace notice that names its channel (a lapsed approval request) that channel, and nothing else one', async () => {
    const posted: DeliveryTarget[] = [];
    const slack: PostNotification = async (t) => (posted.push(t), ok({}));
    const notice = { ...targetOn('slack'), run: null, eventType: 'approval_lapsed' };
    const payload = { id: 'ap1', kind: 'live_run_start', requestedBy: 'ann', lapsedAt: 0 };
    const lapsed: OutboxItem = { ...item, runId: null, eventType: 'approval_lapsed', payload: { ...payload, channelId: 'C-asked' } };
    expect((await setup(notice, { slack }).send(lapsed, reply)).ok).toBe(true);
    expect((await setup(notice, { slack }).send({ ...lapsed, payload }, reply)).ok).toBe(true);
    expect((await setup(targetOn('slack'), { slack }).send(item, reply)).ok).toBe(true);
    expect(posted.map((t) => t.noticeChannelId)).toEqual(['C-asked', undefined, undefined]);
  });

  it('passes a platform\'s refusal on, for the outbox to retry', async () => {
    const s = setup(targetOn('discord'), { discord: async () => fail('discord.rate_limited', 'slow down') });
    const sent = await s.send(item, reply);
    expect(sent.ok ? null : sent.error.code).toBe('discord.rate_limited');
  });
});

describe('rendering at delivery', () => {
  it('renders a run summary from the run as it is when delivered, and anything else from its payload', async () => {
    const summary: Reply = { kind: 'ok', text: 'Run #3 summary' };
    const render = renderForDelivery(async (runId) => (runId === 'r1' ? ok(summary) : fail('run.not_found', 'no such run')));
    expect(await render({ ...item, eventType: 'run_summary', payload: { run: 3, runId: 'r1', reason: 'stopped' } })).toEqual(summary);
    const other = await render({ ...item, eventType: 'halt', payload: { reason: 'news' } });
    expect(other.text).toBeTruthy();
  });
});
