/**
 * Retries for a market-data provider's HTTP calls: 429 (honouring Retry-After), 5xx, timeouts and dropped
 * connections are temporary and tried again with exponential backoff; anything else ends at once. After the last
 * attempt the caller gets `data.unavailable` naming the provider and the last reason, never a fallback.
 */
import { fail, ok, type Result } from '../../core/domain/result.js';

/** One attempt's outcome: a value, a temporary failure to retry (after `afterMs` when the server said so), or a final failure. */
export type Attempt<T> =
  | { readonly kind: 'done'; readonly value: T }
  | { readonly kind: 'retry'; readonly why: string; readonly afterMs?: number }
  | { readonly kind: 'fail'; readonly code: string; readonly message: string; readonly details?: Readonly<Record<string, unknown>> };

export interface RetryPolicy {
  /** Tries in all, the first included. */
  readonly attempts: number;
  /** Delay before the second try; doubled at each further one. */
  readonly baseDelayMs: number;
  /** No single wait is longer (a Retry-After beyond it is cut to it). */
  readonly maxDelayMs: number;
  /** Injected for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 10_000 };

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `exhausted`: the failure after the last attempt (default `data.unavailable` naming the provider; the broker says
 * `broker.unavailable` and what it asked).
 */
export async function withRetry<T>(provider: string, attempt: () => Promise<Attempt<T>>, policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  exhausted: (attempts: number, why: string) => Result<never> = (n, why) => fail('data.unavailable', `${provider} did not answer after ${n} attempts: ${why}`, { provider }),
): Promise<Result<T>> {
  const sleep = policy.sleep ?? realSleep;
  let lastWhy = 'no attempt made';
  for (let n = 1; n <= Math.max(1, policy.attempts); n++) {
    const out = await attempt();
    if (out.kind === 'done') return ok(out.value);
    if (out.kind === 'fail') return fail(out.code, out.message, { provider, ...out.details });
    lastWhy = out.why;
    if (n === policy.attempts) break;
    const backoff = policy.baseDelayMs * 2 ** (n - 1);
    await sleep(Math.min(policy.maxDelayMs, Math.max(0, out.afterMs ?? backoff)));
  }
  return exhausted(policy.attempts, lastWhy);
}

/**
 * Retry-After in ms: delta-seconds or an HTTP date (RFC 9110 10.2.3); undefined when absent or unreadable.
 * `now` is the wall clock, used only for the date form.
 */
export function retryAfterMs(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The usual classification of an HTTP status: 429 and 5xx are temporary. */
export function isTemporaryStatus(status: number): boolean {
  return status === 429 || status === 408 || (status >= 500 && status <= 599);
}
