/**
 * What the desk decides about a notification, apart from where it is stored: how a workspace's level for its event
 * type queues it, and how a failed delivery is retried. The outbox (src/store/outbox) only records these decisions.
 */

/** on: posted normally; silent: posted without pinging anyone; off: recorded (suppressed), never posted. */
export const NOTIFICATION_LEVELS = ['on', 'silent', 'off'] as const;
export type NotificationLevel = (typeof NOTIFICATION_LEVELS)[number];

/** How a notification is queued at the workspace's level for its event type. */
export function queuedAs(level: NotificationLevel): { readonly status: 'pending' | 'suppressed'; readonly silent: boolean } {
  return { status: level === 'off' ? 'suppressed' : 'pending', silent: level === 'silent' };
}

/** Exponential backoff without jitter (deterministic); `maxAttempts` failed deliveries and the notification is `failed`. */
export interface RetryPolicy {
  readonly baseMs: number;
  readonly factor: number;
  readonly maxMs: number;
  readonly maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 2_000, factor: 2, maxMs: 5 * 60_000, maxAttempts: 8 };

/** Wait after the `failedAttempts`-th failure (1-based): base, base*factor, ... capped at maxMs. */
export function retryDelayMs(failedAttempts: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  return Math.min(policy.maxMs, policy.baseMs * policy.factor ** Math.max(0, failedAttempts - 1));
}

/** After the `failedAttempts`-th failed delivery: give up, or try again after a wait. */
export function afterFailedDelivery(failedAttempts: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY):
  { readonly kind: 'give_up' } | { readonly kind: 'retry'; readonly delayMs: number } {
  return failedAttempts >= policy.maxAttempts ? { kind: 'give_up' } : { kind: 'retry', delayMs: retryDelayMs(failedAttempts, policy) };
}
