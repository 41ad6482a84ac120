// The ports of notification delivery: the outbox (src/store/outbox implements it) and the platform sender (src/main).
import type { Result } from '../../core/domain/result.js';
import type { Reply } from '../chat/reply.js';

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
