// Outbox claims between desk processes at --speed 600: claims run on the wall clock, so a sped-up desk clock never
// hands a row another desk is still delivering to a second desk. Two PrismaClients on one SQLite file stand for
// two desk processes.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db/client.js';
import { claimDueNotifications, enqueueNotification, markDelivered, markFailed, renewNotificationClaims } from '../../../src/store/outbox/outbox.js';
import { ensureWorkspace } from '../../../src/store/workspace/workspaces.js';
import { useMigratedStore, useSecondConnection } from '../helpers/repo.js';

const db = useMigratedStore('outbox-claims');
const second = useSecondConnection(db);
let mine: Store;
let theirs: Store;
beforeAll(() => {
  [mine, theirs] = [db.store, second.store];
});
beforeEach(async () => {
  await mine.prisma.notification.deleteMany();
});

const SPEED = 600;
const REAL_T0 = Date.UTC(2026, 0, 5, 14, 30);
/** A sped-up desk's clock runs ahead of the wall clock (it resumed where its runs left off). */
const DESK_T0 = REAL_T0 + 3 * 86_400_000;
const LEASE = 30_000;

async function enqueueMany(n: number): Promise<string[]> {
  const ws = (await ensureWorkspace(mine.prisma, { platform: 'console', externalId: 'claims', name: 'claims' })).id;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await enqueueNotification(mine.prisma, { workspaceId: ws, eventType: 'order_filled', dedupeKey: `k${i}`, payload: { i }, now: DESK_T0 + i });
    if (!res.ok) throw new Error(res.error.message);
    ids.push(res.value.notification.id);
  }
  return ids;
}

async function claim(store: Store, holder: string, now: number, realNow: number, limit = 10): Promise<string[]> {
  const res = await claimDueNotifications(store.prisma, { now, realNow, holder, limit, leaseMs: LEASE });
  if (!res.ok) throw new Error(res.error.message);
  return res.value.map((n) => n.id);
}

describe('claimDueNotifications between desk processes at --speed 600', () => {
  it('keeps a claimed row from a second desk for the real lease, however far the desk clock runs', async () => {
    const [id] = await enqueueMany(1);
    expect(await claim(mine, 'desk-a', DESK_T0 + 1_000, REAL_T0)).toEqual([id]);
    // One real second later the desk clock is ten minutes on: far past a 30 s lease on the desk clock.
    expect(await claim(theirs, 'desk-b', DESK_T0 + 1_000 + SPEED * 1_000, REAL_T0 + 1_000)).toEqual([]);
    expect(await claim(theirs, 'desk-b', DESK_T0 + 1_000 + SPEED * 29_999, REAL_T0 + 29_999)).toEqual([]);
    // The claimer died without a word: once the real lease ran out, the other desk delivers it (at least once).
    expect(await claim(theirs, 'desk-b', DESK_T0 + 1_000 + SPEED * LEASE, REAL_T0 + LEASE)).toEqual([id]);
  });

  it('never delivers one notification twice when two desks claim at once and a post is slower than a desk-clock lease', async () => {
    const ids = await enqueueMany(30);
    let real = REAL_T0;
    const deskNow = (): number => DESK_T0 + 60_000 + (real - REAL_T0) * SPEED;
    const posted: string[] = [];
    /** `postMs` of real time per post; a slow post also yields the event loop a few times (a network round trip). */
    async function desk(store: Store, holder: string, postMs: number, yields: number): Promise<void> {
      for (let round = 0; round < 500; round++) {
        const claimed = await claim(store, holder, deskNow(), real, 5);
        if (claimed.length === 0 && (await store.prisma.notification.count({ where: { status: 'pending' } })) === 0) return;
        for (const id of claimed) {
          for (let y = 0; y < yields; y++) await new Promise((resolve) => setImmediate(resolve));
          real += postMs;
          posted.push(id);
          // Posted twice: the other desk delivered it first (the assertion below counts it).
          const done = await markDelivered(store.prisma, id, deskNow());
          if (!done.ok && done.error.code !== 'notification.not_pending') throw new Error(done.error.message);
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    // desk-a's posts take 60 ms real (36 s of desk time each: past a 30 s claim on the desk clock); desk-b's 1 ms.
    await Promise.all([desk(mine, 'desk-a', 60, 20), desk(theirs, 'desk-b', 1, 0)]);
    expect(posted.length - new Set(posted).size).toBe(0);
    expect(new Set(posted)).toEqual(new Set(ids));
  });

  it('renews only its own claims, and a renewed claim outlives the original lease', async () => {
    const [a, b] = await enqueueMany(2);
    expect(await claim(mine, 'desk-a', DESK_T0 + 10, REAL_T0, 1)).toEqual([a]);
    expect(await claim(theirs, 'desk-b', DESK_T0 + 10, REAL_T0, 1)).toEqual([b]);
    const renewed = await renewNotificationClaims(mine.prisma, [a!, b!], { holder: 'desk-a', realNow: REAL_T0 + 20_000, leaseMs: LEASE });
    expect(renewed).toEqual({ ok: true, value: [a] });
    // At the first lease's end only desk-b's row (not renewed) is free again.
    expect(await claim(theirs, 'desk-c', DESK_T0 + 10, REAL_T0 + LEASE)).toEqual([b]);
    expect(await claim(theirs, 'desk-c', DESK_T0 + 10, REAL_T0 + 20_000 + LEASE)).toEqual([a]);
  });

  it("records a failure only for the desk that holds the claim, and waits the backoff on the wall clock", async () => {
    const [id] = await enqueueMany(1);
    expect(await claim(mine, 'desk-a', DESK_T0 + 10, REAL_T0)).toEqual([id]);
    const stale = await markFailed(theirs.prisma, id!, 'HTTP 503', DESK_T0 + 10, undefined, { holder: 'desk-b', realNow: REAL_T0 });
    expect(stale.ok ? 'ok' : stale.error.code).toBe('notification.claim_lost');
    const failed = await markFailed(mine.prisma, id!, 'HTTP 503', DESK_T0 + 10, undefined, { holder: 'desk-a', realNow: REAL_T0 });
    expect(failed.ok && failed.value.attempts).toBe(1);
    // The first retry waits 2 s: on the wall clock, not 2 s of a desk clock running 600 times faster.
    expect(await claim(theirs, 'desk-b', DESK_T0 + 10 + SPEED * 1_999, REAL_T0 + 1_999)).toEqual([]);
    expect(await claim(theirs, 'desk-b', DESK_T0 + 10 + SPEED * 2_000, REAL_T0 + 2_000)).toEqual([id]);
  });
});
