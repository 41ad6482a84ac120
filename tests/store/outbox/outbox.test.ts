import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db/client.js';
import { getNotificationLevels, NOTIFICATION_EVENT_TYPES, setNotificationLevel } from '../../../src/store/outbox/notification-levels.js';
import {
  claimDueNotifications,
  DEFAULT_RETRY_POLICY,
  enqueueNotification,
  markDelivered,
  markFailed,
  retryDelayMs,
  type EnqueueInput,
} from '../../../src/store/outbox/outbox.js';
import { ensureWorkspace } from '../../../src/store/workspace/workspaces.js';
import { useMigratedStore, useSecondConnection } from '../helpers/repo.js';

const db = useMigratedStore('outbox');
// A second connection to the same database, as a second desk process would have.
const second = useSecondConnection(db);
let store: Store;
let other: Store;

beforeAll(() => {
  store = db.store;
  other = second.store;
});
// Claims see every workspace's rows: each test starts from an empty outbox.
beforeEach(async () => {
  await store.prisma.notification.deleteMany();
});

const T0 = Date.UTC(2026, 0, 5, 14, 30);
const LEASE = 60_000;

const workspace = async (externalId: string): Promise<string> =>
  (await ensureWorkspace(store.prisma, { platform: 'slack', externalId, name: externalId })).id;

async function enqueue(over: Partial<EnqueueInput> & { workspaceId: string }) {
  const res = await enqueueNotification(store.prisma, { eventType: 'order_filled', dedupeKey: 'k1', payload: { text: 'filled' }, now: T0, ...over });
  if (!res.ok) throw new Error(res.error.message);
  return res.value;
}
// A desk at speed 1: its clock is the wall clock.
const claim = async (now: number, limit = 10, db = store.prisma, holder = 'desk-test') => {
  const res = await claimDueNotifications(db, { now, realNow: now, holder, limit, leaseMs: LEASE });
  if (!res.ok) throw new Error(res.error.message);
  return res.value;
};

describe('enqueueNotification', () => {
  it('is idempotent on the dedupe key: a second enqueue returns the first row untouched', async () => {
    const ws = await workspace('dedupe');
    const first = await enqueue({ workspaceId: ws, runId: 'run-1' });
    const second = await enqueue({ workspaceId: ws, payload: { text: 'again' }, now: T0 + 5_000 });
    expect(first.created).toBe(true);
    expect(second).toEqual({ notification: first.notification, created: false });
    expect(first.notification).toEqual({
      id: first.notification.id,
      workspaceId: ws,
      runId: 'run-1',
      eventType: 'order_filled',
      dedupeKey: 'k1',
      payload: { text: 'filled' },
      status: 'pending',
      silent: false,
      attempts: 0,
      nextAttemptAt: T0,
      lastError: null,
      createdAt: T0,
      deliveredAt: null,
    });
    expect(await store.prisma.notification.count()).toBe(1);
  });

  it('keeps dedupe keys per workspace', async () => {
    const a = await enqueue({ workspaceId: await workspace('dedupe-a') });
    const b = await enqueue({ workspaceId: await workspace('dedupe-b') });
    expect([a.created, b.created, a.notification.id === b.notification.id]).toEqual([true, true, false]);
  });

  it.each([
    ['on', 'pending', false, 1],
    ['silent', 'pending', true, 1],
    ['off', 'suppressed', false, 0],
  ] as const)('at level %s stores status %s, silent %s, and is delivered %i time(s)', async (level, status, silent, claims) => {
    const ws = await workspace(`level-${level}`);
    await setNotificationLevel(store.prisma, ws, 'trade_blocked', level, 'admin');
    const { notification } = await enqueue({ workspaceId: ws, eventType: 'trade_blocked' });
    expect([notification.status, notification.silent]).toEqual([status, silent]);
    const claimed = await claim(T0);
    expect(claimed.map((n) => [n.id, n.silent])).toEqual(claims === 1 ? [[notification.id, silent]] : []);
  });

  it('fails with workspace.not_found for a workspace that does not exist', async () => {
    const res = await enqueueNotification(store.prisma, { workspaceId: 'nope', eventType: 'run_started', dedupeKey: 'x', payload: {}, now: T0 });
    expect(res.ok ? 'ok' : res.error.code).toBe('workspace.not_found');
  });
});

describe('notification levels', () => {
  it('defaults every event type to on', async () => {
    const levels = await getNotificationLevels(store.prisma, await workspace('defaults'));
    expect(levels).toEqual({ ok: true, value: Object.fromEntries(NOTIFICATION_EVENT_TYPES.map((e) => [e, 'on'])) });
  });

  it('sets one level, keeps other settings, audits the change and leaves other workspaces alone', async () => {
    const ws = await workspace('levels');
    const bystander = await workspace('levels-bystander');
    await store.prisma.workspace.update({ where: { id: ws }, data: { settings: { theme: 'dark', notificationLevels: { future_event: 'off' } } } });
    const set = await setNotificationLevel(store.prisma, ws, 'order_filled', 'silent', 'admin-1');
    expect(set.ok && set.value.order_filled).toBe('silent');
    expect(set.ok && set.value.run_started).toBe('on');

    const row = await store.prisma.workspace.findUnique({ where: { id: ws }, select: { settings: true } });
    expect(row?.settings).toEqual({ theme: 'dark', notificationLevels: { future_event: 'off', order_filled: 'silent' } });
    const audit = await store.prisma.auditEntry.findMany({ where: { workspaceId: ws } });
    expect(audit.map((a) => [a.actor, a.action, a.target, a.details])).toEqual([
      ['admin-1', 'notification.level', 'order_filled', { from: 'on', to: 'silent' }],
    ]);
    const other = await getNotificationLevels(store.prisma, bystander);
    expect(other.ok && other.value.order_filled).toBe('on');
  });

  it('reports settings of the wrong shape as db.corrupt_row', async () => {
    const ws = await workspace('levels-corrupt');
    await store.prisma.workspace.update({ where: { id: ws }, data: { settings: { notificationLevels: { order_filled: 'loud' } } } });
    const levels = await getNotificationLevels(store.prisma, ws);
    expect(levels.ok ? 'ok' : levels.error.code).toBe('db.corrupt_row');
  });
});

describe('claimDueNotifications', () => {
  it('claims due rows oldest first, up to the limit, and skips rows not yet due', async () => {
    const ws = await workspace('claim-order');
    for (const [key, at] of [['c', T0 + 2], ['a', T0], ['later', T0 + 10_000], ['b', T0 + 1]] as const) {
      await enqueue({ workspaceId: ws, dedupeKey: key, now: at });
    }
    const claimed = await claim(T0 + 5, 2);
    expect(claimed.map((n) => n.dedupeKey)).toEqual(['a', 'b']);
    // With the workspace each belongs to: the delivery's log lines name it.
    expect(claimed[0]!.workspace).toEqual({ platform: 'slack', externalId: 'claim-order', name: 'claim-order' });
    expect((await claim(T0 + 5, 10)).map((n) => n.dedupeKey)).toEqual(['c']);
  });

  it('holds a claimed row for the lease and hands it out again once the lease has run out', async () => {
    const ws = await workspace('claim-lease');
    await enqueue({ workspaceId: ws });
    const first = await claim(T0);
    const row = await store.prisma.notification.findUnique({ where: { id: first[0]!.id }, select: { claimedBy: true, claimedUntil: true, nextAttemptAt: true } });
    expect(row).toEqual({ claimedBy: 'desk-test', claimedUntil: new Date(T0 + LEASE), nextAttemptAt: new Date(T0) });
    expect(await claim(T0 + LEASE - 1, 10, store.prisma, 'desk-other')).toEqual([]);
    expect((await claim(T0 + LEASE)).map((n) => n.id)).toEqual([first[0]?.id]);
  });

  it('never gives the same row to two processes claiming at once', async () => {
    const ws = await workspace('claim-race');
    for (let i = 0; i < 20; i++) await enqueue({ workspaceId: ws, dedupeKey: `k${i}`, now: T0 + i });
    const [mine, theirs] = await Promise.all([claim(T0 + 100, 15, store.prisma), claim(T0 + 100, 15, other.prisma)]);
    const rest = await claim(T0 + 100, 20);
    const ids = [...mine, ...theirs, ...rest].map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(20);
    expect(mine.length + theirs.length).toBeGreaterThanOrEqual(15);
  });

  it('fails a row whose payload cannot be read instead of retrying it forever, and delivers the rest', async () => {
    const ws = await workspace('claim-corrupt');
    const bad = await enqueue({ workspaceId: ws, dedupeKey: 'bad' });
    await enqueue({ workspaceId: ws, dedupeKey: 'good', now: T0 + 1 });
    await store.prisma.notification.update({ where: { id: bad.notification.id }, data: { payload: [1, 2] } });
    expect((await claim(T0 + 1)).map((n) => n.dedupeKey)).toEqual(['good']);
    const row = await store.prisma.notification.findUnique({ where: { id: bad.notification.id } });
    expect(row?.status).toBe('failed');
    expect(row?.lastError).toMatch(/cannot read: payload: /);
  });
});

describe('markDelivered and markFailed', () => {
  it.each([
    [1, 2_000],
    [2, 4_000],
    [3, 8_000],
    [7, 128_000],
    [8, 256_000],
    [9, 300_000],
    [20, 300_000],
  ])('waits %i failure(s) -> %i ms, capped at 5 minutes', (failures, delayMs) => {
    expect(retryDelayMs(failures)).toBe(delayMs);
  });

  it('retries on the backoff schedule and gives up after 8 failed attempts', async () => {
    const ws = await workspace('backoff');
    const { notification } = await enqueue({ workspaceId: ws });
    let now = T0;
    const seen: [string, number, number][] = [];
    for (let i = 0; i < DEFAULT_RETRY_POLICY.maxAttempts; i++) {
      const claimed = await claim(now);
      expect(claimed.map((n) => n.id)).toEqual([notification.id]);
      const failed = await markFailed(store.prisma, notification.id, `HTTP 503 #${i + 1}`, now);
      if (!failed.ok) throw new Error(failed.error.message);
      seen.push([failed.value.status, failed.value.attempts, failed.value.nextAttemptAt - now]);
      now = failed.value.nextAttemptAt;
    }
    expect(seen).toEqual([
      ['pending', 1, 2_000],
      ['pending', 2, 4_000],
      ['pending', 3, 8_000],
      ['pending', 4, 16_000],
      ['pending', 5, 32_000],
      ['pending', 6, 64_000],
      ['pending', 7, 128_000],
      ['failed', 8, 0],
    ]);
    expect(await claim(now + 86_400_000)).toEqual([]);
    const row = await store.prisma.notification.findUnique({ where: { id: notification.id } });
    expect(row?.lastError).toBe('HTTP 503 #8');
    const again = await markFailed(store.prisma, notification.id, 'late', now);
    expect(again.ok ? 'ok' : again.error.code).toBe('notification.not_pending');
  });

  it('marks a delivered row so it is never claimed again', async () => {
    const ws = await workspace('delivered');
    const { notification } = await enqueue({ workspaceId: ws });
    await claim(T0);
    const done = await markDelivered(store.prisma, notification.id, T0 + 500);
    expect(done.ok && [done.value.status, done.value.deliveredAt, done.value.attempts]).toEqual(['delivered', T0 + 500, 1]);
    expect(await claim(T0 + LEASE * 10)).toEqual([]);
    const twice = await markDelivered(store.prisma, notification.id, T0 + 600);
    expect(twice.ok ? 'ok' : twice.error.code).toBe('notification.not_pending');
  });

  it('refuses to deliver a suppressed row or an unknown id', async () => {
    const ws = await workspace('suppressed');
    await setNotificationLevel(store.prisma, ws, 'order_filled', 'off', 'admin');
    const { notification } = await enqueue({ workspaceId: ws });
    const suppressed = await markDelivered(store.prisma, notification.id, T0);
    const unknown = await markDelivered(store.prisma, 'missing', T0);
    expect([suppressed, unknown].map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['notification.not_pending', 'notification.not_found']);
  });
});
