// The outbox's backlog for the desk's metrics (src/store/outbox/backlog.ts): when the oldest due, undelivered
// notification was queued, whichever desk process will deliver it.
import { beforeEach, describe, expect, it } from 'vitest';
import { oldestDueNotificationAt } from '../../../src/store/outbox/backlog.js';
import { enqueueNotification, markDelivered } from '../../../src/store/outbox/outbox.js';
import { ensureWorkspace } from '../../../src/store/workspace/workspaces.js';
import { useMigratedStore } from '../helpers/repo.js';

const db = useMigratedStore('outbox-backlog');
const T0 = Date.UTC(2026, 0, 5, 14, 30);

beforeEach(async () => {
  await db.store.prisma.notification.deleteMany();
});

async function enqueue(key: string, now: number): Promise<string> {
  const ws = await ensureWorkspace(db.store.prisma, { platform: 'console', externalId: 'local', name: 'local' });
  const res = await enqueueNotification(db.store.prisma, { workspaceId: ws.id, eventType: 'order_filled', dedupeKey: key, payload: { text: key }, now });
  if (!res.ok) throw new Error(res.error.message);
  return res.value.notification.id;
}

describe('oldestDueNotificationAt', () => {
  it('is null with nothing due', async () => {
    expect(await oldestDueNotificationAt(db.store.prisma, T0)).toEqual({ ok: true, value: null });
  });

  it('is when the oldest pending notification due now was queued; delivered ones and ones not due yet do not count', async () => {
    const oldest = await enqueue('a', T0);
    await enqueue('b', T0 + 5_000);
    await enqueue('later', T0 + 60_000);
    expect(await oldestDueNotificationAt(db.store.prisma, T0 + 10_000)).toEqual({ ok: true, value: T0 });
    await markDelivered(db.store.prisma, oldest, T0 + 10_000);
    expect(await oldestDueNotificationAt(db.store.prisma, T0 + 10_000)).toEqual({ ok: true, value: T0 + 5_000 });
  });
});
