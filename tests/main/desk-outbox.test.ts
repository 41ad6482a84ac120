// The desk's outbox between two desk processes (two PrismaClients on one SQLite file): a desk renews its claims
// while a slow post goes out, so no other desk posts the same row; a desk that stalled past its claim does not
// post a row another desk took over. Real time is a variable here, the renewal interval vitest's fake timer.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { deliverDue } from '../../src/app/notifications/deliver.js';
import { type NotificationSender } from '../../src/app/notifications/ports.js';
import { ok } from '../../src/core/domain/result.js';
import { CLAIM_LEASE_MS, createDeskOutbox, type DeskOutbox } from '../../src/main/desk-outbox.js';
import type { Store } from '../../src/store/db/client.js';
import { enqueueNotification } from '../../src/store/outbox/outbox.js';
import { ensureWorkspace } from '../../src/store/workspace/workspaces.js';
import { useMigratedStore, useSecondConnection } from '../store/helpers/repo.js';

const db = useMigratedStore('desk-outbox');
const second = useSecondConnection(db);
let storeA: Store;
let storeB: Store;
beforeAll(() => {
  [storeA, storeB] = [db.store, second.store];
});

const DESK_NOW = Date.UTC(2026, 3, 1);
let real = Date.UTC(2026, 0, 5, 14, 30);
let desks: DeskOutbox[] = [];

beforeEach(async () => {
  await storeA.prisma.notification.deleteMany();
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
});
afterEach(() => {
  for (const d of desks) d.stop();
  desks = [];
  vi.useRealTimers();
});

function desk(store: Store, holder: string, logs: string[] = []): DeskOutbox {
  const d = createDeskOutbox({ prisma: store.prisma, holder, realNow: () => real, platforms: ['console'], log: (l) => logs.push(l), debug: true });
  desks.push(d);
  return d;
}

async function enqueueOne(): Promise<string> {
  const ws = (await ensureWorkspace(storeA.prisma, { platform: 'console', externalId: 'outbox', name: 'outbox' })).id;
  const res = await enqueueNotification(storeA.prisma, { workspaceId: ws, eventType: 'order_filled', dedupeKey: `k${real}`, payload: {}, now: DESK_NOW });
  if (!res.ok) throw new Error(res.error.message);
  return res.value.notification.id;
}

const recorder = (posted: string[], during?: () => Promise<void>): NotificationSender => async (item) => {
  await during?.();
  posted.push(item.id);
  return ok(undefined);
};

describe('createDeskOutbox between two desk processes', () => {
  it('keeps renewing its claim while a post takes longer than the claim lease, so the other desk never posts it', async () => {
    const id = await enqueueOne();
    const a = desk(storeA, 'desk-a');
    const b = desk(storeB, 'desk-b');
    const posted: string[] = [];
    let bClaimed = 0;
    // desk-a's post takes three claim leases of real time; desk-b looks for work every 5 s meanwhile.
    const slow = async (): Promise<void> => {
      for (let t = 0; t < (3 * CLAIM_LEASE_MS) / 5_000; t++) {
        real += 5_000;
        await vi.advanceTimersByTimeAsync(5_000);
        const got = await b.port.claimDue(DESK_NOW, 10);
        if (got.ok) bClaimed += got.value.length;
      }
    };
    const first = await deliverDue(a.port, a.guard(recorder(posted, slow)), DESK_NOW);
    expect(first).toEqual({ delivered: 1, failed: 0 });
    expect(bClaimed).toBe(0);
    expect(await deliverDue(b.port, b.guard(recorder(posted)), DESK_NOW)).toEqual({ delivered: 0, failed: 0 });
    expect(posted).toEqual([id]);
  });

  it('does not post a row it held past its claim (a stalled desk) once another desk took it over', async () => {
    const id = await enqueueOne();
    const logsA: string[] = [];
    const a = desk(storeA, 'desk-a', logsA);
    const b = desk(storeB, 'desk-b');
    const posted: string[] = [];
    // desk-a claims, then its process stalls (no renewal runs) past the lease; desk-b takes the row and posts it.
    const stalled = async (): Promise<void> => {
      real += CLAIM_LEASE_MS + 1;
      expect(await deliverDue(b.port, b.guard(recorder(posted)), DESK_NOW)).toEqual({ delivered: 1, failed: 0 });
    };
    const claimed = await a.port.claimDue(DESK_NOW, 10);
    expect(claimed.ok && claimed.value.map((n) => n.id)).toEqual([id]);
    await stalled();
    const send = a.guard(recorder(posted));
    const res = await send(claimed.ok ? claimed.value[0]! : (undefined as never), { kind: 'ok', text: 'x' });
    expect(res.ok ? 'posted' : res.error.code).toBe('notify.claim_lost');
    expect(await a.port.failed(id, 'claim lost', DESK_NOW)).toEqual({ ok: true, value: undefined });
    expect(posted).toEqual([id]);
    const row = await storeA.prisma.notification.findUniqueOrThrow({ where: { id }, select: { status: true, attempts: true } });
    expect(row).toEqual({ status: 'delivered', attempts: 1 });
    expect(logsA).toEqual([]);
  });

  it('says so when a row it posted had already been delivered by another desk, and logs delivered ids in debug', async () => {
    const id = await enqueueOne();
    const logsA: string[] = [];
    const logsB: string[] = [];
    const a = desk(storeA, 'desk-a', logsA);
    const b = desk(storeB, 'desk-b', logsB);
    await a.port.claimDue(DESK_NOW, 10);
    real += CLAIM_LEASE_MS;
    await b.port.claimDue(DESK_NOW, 10);
    await b.port.delivered(id, DESK_NOW);
    await a.port.delivered(id, DESK_NOW);
    expect(logsB).toEqual([`debug: delivered notification ${id}`]);
    expect(logsA).toEqual([`notification ${id} was posted twice: another desk process had already delivered it`]);
  });
});
