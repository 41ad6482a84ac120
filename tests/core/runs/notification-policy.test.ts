import { describe, expect, it } from 'vitest';
import { afterFailedDelivery, DEFAULT_RETRY_POLICY, queuedAs, retryDelayMs } from '../../../src/core/runs/notification-policy.js';

describe('notification policy', () => {
  it('queues by level: on posts, silent posts without pinging, off is kept but never posted', () => {
    expect(queuedAs('on')).toEqual({ status: 'pending', silent: false });
    expect(queuedAs('silent')).toEqual({ status: 'pending', silent: true });
    expect(queuedAs('off')).toEqual({ status: 'suppressed', silent: false });
  });

  it('retries with a capped exponential backoff, then gives up after maxAttempts failures', () => {
    const policy = { baseMs: 1_000, factor: 3, maxMs: 20_000, maxAttempts: 4 };
    expect([1, 2, 3].map((n) => afterFailedDelivery(n, policy))).toEqual([
      { kind: 'retry', delayMs: 1_000 },
      { kind: 'retry', delayMs: 3_000 },
      { kind: 'retry', delayMs: 9_000 },
    ]);
    expect(afterFailedDelivery(4, policy)).toEqual({ kind: 'give_up' });
    expect(retryDelayMs(10, policy)).toBe(20_000);
  });

  it('gives up after eight failures by default, never waiting more than five minutes', () => {
    expect(afterFailedDelivery(DEFAULT_RETRY_POLICY.maxAttempts - 1).kind).toBe('retry');
    expect(afterFailedDelivery(DEFAULT_RETRY_POLICY.maxAttempts).kind).toBe('give_up');
    expect(retryDelayMs(100)).toBe(5 * 60_000);
  });
});
