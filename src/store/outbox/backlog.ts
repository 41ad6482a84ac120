// How far behind notification delivery is, for the desk's metrics: one indexed query (status, nextAttemptAt).
import { ok, type Result } from '../../core/domain/result.js';
import type { Db } from '../db/client.js';
import { storeFailure } from '../db/errors.js';

/**
 * When the oldest notification that is due (pending, its next attempt at or before `now`, desk clock) and not yet
 * delivered was queued, epoch ms; null when none is due. Any desk process may be the one to deliver it.
 */
export async function oldestDueNotificationAt(db: Db, now: number): Promise<Result<number | null>> {
  try {
    const found = await db.notification.aggregate({
      where: { status: 'pending', nextAttemptAt: { lte: new Date(now) } },
      _min: { createdAt: true },
    });
    return ok(found._min.createdAt?.getTime() ?? null);
  } catch (error) {
    return storeFailure(error, 'db.read_failed', 'Could not read the notification backlog');
  }
}
