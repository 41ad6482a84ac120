// The ports of notification delivery: the outbox (src/store/outbox implements it) and the platform sender (src/main).
import type { Result } from '../../core/domain/result.js';
import type { DeliveryTarget } from '../chat/ports.js';
import type { Reply } from '../chat/reply.js';

export interface OutboxItem {
  readonly id: string;
  readonly workspaceId: string;
  readonly runId: string | null;
  readonly eventType: string;
  readonly payload: unknown;
  /** Post without pinging anyone. */
  readonly silent: boolean;
  /** The workspace it belongs to, when the outbox says (the delivery's log lines name it). */
  readonly workspace?: { readonly platform: string; readonly externalId: string; readonly name: string };
}

/** The outbox as the delivery loop sees it. */
export interface OutboxPort {
  claimDue(now: number, limit: number): Promise<Result<readonly OutboxItem[]>>;
  delivered(id: string, now: number): Promise<Result<unknown>>;
  failed(id: string, error: string, now: number): Promise<Result<unknown>>;
}

/** Posts one rendered notification to its channel (console: print). */
export type NotificationSender = (item: OutboxItem, reply: Reply) => Promise<Result<void>>;

/** Where a notification goes, and the thread a platform opened for a run (src/store/outbox/delivery.ts). */
export interface NotificationRouting {
  /** The workspace, its desk channel, the run and its thread; `workspace.not_found` / `run.not_found` otherwise. */
  target(item: OutboxItem): Promise<Result<DeliveryTarget>>;
  /** Remembers the thread a platform created for the run's notifications, so the next ones go there. */
  saveRunThread(runId: string, threadRef: string): Promise<Result<unknown>>;
}
