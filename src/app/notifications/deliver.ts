/**
 * Delivers what is due: claim (a lease, so two desk processes never send the same item), render, send, then mark
 * delivered, or failed (the outbox retries with backoff and gives up after its maximum attempts).
 */
import type { Result } from '../../core/domain/result.js';
import type { Reply } from '../chat/reply.js';
import type { NotificationSender, OutboxItem, OutboxPort } from './ports.js';
import { renderNotification } from './render.js';
import { withLogContext, workspaceLogContext } from '../log/log-context.js';

export async function deliverDue(outbox: OutboxPort, send: NotificationSender, now: number, limit = 50,
  render: (item: OutboxItem) => Promise<Reply> = async (item) => renderNotification(item.eventType, item.payload)): Promise<{ delivered: number; failed: number }> {
  const due = await outbox.claimDue(now, limit);
  if (!due.ok) return { delivered: 0, failed: 0 };
  let delivered = 0;
  let failed = 0;
  for (const item of due.value) {
    // Every line about this item (its post, its failure, its mark) names it, its workspace and its run.
    const context = { ...(item.workspace === undefined ? {} : workspaceLogContext(item.workspace)), ...(item.runId === null ? {} : { runId: item.runId }), notificationId: item.id };
    if (await withLogContext(context, () => deliverOne(outbox, send, item, now, render))) delivered++;
    else failed++;
  }
  return { delivered, failed };
}

async function deliverOne(outbox: OutboxPort, send: NotificationSender, item: OutboxItem, now: number, render: (item: OutboxItem) => Promise<Reply>): Promise<boolean> {
  let result: Result<void>;
  try {
    result = await send(item, await render(item));
  } catch (err) {
    result = { ok: false, error: { code: 'notify.send', message: err instanceof Error ? err.message : String(err) } };
  }
  if (result.ok) await outbox.delivered(item.id, now);
  else await outbox.failed(item.id, result.error.message, now);
  return result.ok;
}
