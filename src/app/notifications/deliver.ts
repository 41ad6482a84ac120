import type { Result } from '../../core/domain/result.js';
import type { Reply } from '../reply.js';
import { renderNotification } from './render.js';

export interface OutboxItem {
  readonly id: string;
  readonly workspaceId: string;
  readonly runId: string | null;
  readonly eventType: string;
  readonly payload: unknown;
  /** Post without pinging anyone. */
  readonly silent: boolean;
}

/** The outbox as the delivery loop sees it. */
export interface OutboxPort {
  claimDue(now: number, limit: number): Promise<Result<readonly OutboxItem[]>>;
  delivered(id: string, now: number): Promise<Result<unknown>>;
  failed(id: string, error: string, now: number): Promise<Result<unknown>>;
}

/** Posts one rendered notification to its channel (console: print). */
export type NotificationSender = (item: OutboxItem, reply: Reply) => Promise<Result<void>>;

/**
 * Delivers what is due: claim (a lease, so two desk processes never send the same item), render, send, then mark
 * delivered, or failed (the outbox retries with backoff and gives up after its maximum attempts).
 */
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
