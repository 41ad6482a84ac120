/**
 * One call through the Polygon client, as an Attempt for withRetry: the body on success; 401/403 end at once as
 * `data.auth` naming POLYGON_API_KEY (a 403 with Polygon's reason when it gives one); 429 (after its Retry-After),
 * 5xx, timeouts and dropped connections are tried again; any other status goes back to the caller, who knows what a
 * 404 means for its endpoint.
 */
import type * as PolygonSdk from '@polygon.io/client-js';
import type { DefaultApi } from '@polygon.io/client-js';
import { quoteInput } from '../../core/domain/quote-input.js';
import { isTemporaryStatus, retryAfterMs, type Attempt, type RetryPolicy } from '../provider/retry.js';
import { axiosFailureSchema, errorBodySchema } from './polygon-payloads.js';

export const PROVIDER = 'Polygon';

let sdk: Promise<typeof PolygonSdk> | undefined;

/**
 * The client library (and axios under it), imported at the first request: a process that never asks Polygon
 * anything, like a backtest on CSV or simulated data, never loads it.
 */
export function polygonSdk(): Promise<typeof PolygonSdk> {
  sdk ??= import('@polygon.io/client-js');
  return sdk;
}

/** What every Polygon call needs: the client (made on first use), the per-request timeout and the retry policy. */
export interface PolygonContext {
  readonly client: () => Promise<DefaultApi>;
  readonly timeoutMs: number;
  readonly retry?: RetryPolicy;
}

export type PolygonReply =
  | { readonly kind: 'body'; readonly body: unknown }
  | { readonly kind: 'status'; readonly status: number; readonly body: unknown };

/**
 * One line naming POLYGON_API_KEY. Polygon also answers 403 to a valid key whose plan does not include the data
 * (`NOT_AUTHORIZED`, "You are not entitled to this data..."): its own words then say which, quoted and cut.
 */
export function authMessage(status: number, body: unknown): string {
  const parsed = status === 403 ? errorBodySchema.safeParse(body) : undefined;
  const reason = parsed?.success ? (parsed.data.error ?? parsed.data.message)?.trim() : undefined;
  if (reason === undefined || reason === '') return `Polygon refused the key (HTTP ${status}): check POLYGON_API_KEY`;
  return `Polygon refused the request (HTTP ${status}: ${quoteInput(reason)}): check POLYGON_API_KEY and what its plan includes`;
}

export async function callPolygon(call: () => Promise<unknown>, timeoutMs: number): Promise<Attempt<PolygonReply>> {
  try {
    return { kind: 'done', value: { kind: 'body', body: await call() } };
  } catch (error) {
    const failure = axiosFailureSchema.safeParse(error);
    if (!failure.success) {
      const text = error instanceof Error ? error.message : String(error);
      return { kind: 'fail', code: 'data.unavailable', message: `the Polygon client failed: ${quoteInput(text)}` };
    }
    const { response, code, message } = failure.data;
    if (response === undefined) {
      const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT';
      return { kind: 'retry', why: timedOut ? `no answer within ${timeoutMs} ms` : `connection failed (${quoteInput(code ?? message ?? 'no reason given')})` };
    }
    const { status } = response;
    if (status === 401 || status === 403) return { kind: 'fail', code: 'data.auth', message: authMessage(status, response.data) };
    if (isTemporaryStatus(status)) {
      const afterMs = retryAfterMs(response.headers?.['retry-after']);
      return afterMs === undefined ? { kind: 'retry', why: `HTTP ${status}` } : { kind: 'retry', why: `HTTP ${status}`, afterMs };
    }
    return { kind: 'done', value: { kind: 'status', status, body: response.data } };
  }
}

/** Polygon's own words from an error body, quoted (it is outside text), or the bare status. */
export function polygonErrorText(body: unknown): string {
  const parsed = errorBodySchema.safeParse(body);
  const text = parsed.success ? (parsed.data.error ?? parsed.data.message ?? parsed.data.status) : undefined;
  return text === undefined ? 'no reason given' : quoteInput(text);
}
