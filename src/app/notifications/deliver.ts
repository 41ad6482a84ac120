/**
 * Delivers what is due: claim (a lease, so two desk processes never send the same item), render, send, then mark
 * delivered, or failed (the outbox retries with backoff and gives up after its maximum attempts).
 */
import type { Result } from '../../core/domain/result.js';
import type { Reply } from '../chat/reply.js';
import type { NotificationSender, OutboxItem, OutboxPort } from './ports.js';
import { renderNotification } from './render.js';

export async function deliverDue(outbox: OutboxPort, send: NotificationSender, now: number, limit = 50,
  render: (item: OutboxItem) => Promise<Reply> = async (item) => renderNotification(item.eventType, item.payload)): Promise<{ delivered: number; failed: number }> {
  const due = await outbox.claimDue(now, limit);
  if (!due.ok) return { delivered: 0, failed: 0 };
  let delivered = 0;
  let failed = 0;
  for (const item of due.value) {
    let result: Result<void>;
    try {
      result = await send(item, await render(item));
    } catch (err) {
      result = { ok: false, error: { code: 'notify.send', message: err instanceof Error ? err.message : String(err) } };
    }
    if (result.ok) {
      await outbox.delivered(item.id, now);
      delivered++;
    } else {
      await outbox.failed(item.id, result.error.message, now);
      failed++;
    }
  }
  return { delivered, failed };
}
