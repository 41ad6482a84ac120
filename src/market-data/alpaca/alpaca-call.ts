/**
 * One SDK call as one withRetry attempt: the payload is read as text and parsed with zod (malformed -> data.corrupt),
 * a refused key is data.auth naming the variables to fix, 429 / 5xx / timeouts / dropped connections are retried,
 * and any other HTTP status is handed to the caller (`onStatus`) to say what it means there (404 unknown symbol...).
 */
import type * as AlpacaSdk from '@alpacahq/alpaca-trade-api';
import type { z } from 'zod';
import { quoteInput } from '../../core/domain/quote-input.js';
import { isTemporaryStatus, retryAfterMs, type Attempt } from '../provider/retry.js';
import { alpacaSdk } from './alpaca-clients.js';
import { ALPACA_ENV } from './alpaca-options.js';

export const PROVIDER = 'Alpaca';

/** Which host answered: the market data host (bars) or the trading host (assets, calendar). */
export type AlpacaHost = 'data' | 'trading';

export type StatusHandler<T> = (status: number, message: string) => Attempt<T>;

const fail = (code: string, message: string) => ({ kind: 'fail', code, message }) as const;

export async function attemptJson<T, U = never>(
  host: AlpacaHost,
  what: string,
  call: () => Promise<{ readonly raw: Response }>,
  schema: z.ZodType<T>,
  onStatus: StatusHandler<U> = refused,
): Promise<Attempt<T | U>> {
  let text: string;
  try {
    const response = await call();
    text = await response.raw.text();
  } catch (error) {
    return classify(await alpacaSdk(), host, error, onStatus);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('data.corrupt', `Alpaca sent a malformed payload for ${what}: not JSON (${quoteInput(text, 80)})`);
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { kind: 'done', value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? 'the payload' : issue.path.join('.');
  return fail('data.corrupt', `Alpaca sent a malformed payload for ${what}: ${where}: ${issue?.message ?? 'does not parse'}`);
}

function classify<T>({ ApiError, FetchError }: typeof AlpacaSdk, host: AlpacaHost, error: unknown, onStatus: StatusHandler<T>): Attempt<T> {
  if (error instanceof ApiError) {
    const message = error.message;
    if (error.status === 401 || error.status === 403) return fail('data.auth', authMessage(host, error.status, message));
    if (isTemporaryStatus(error.status)) {
      // Retry-After when sent; else the SDK's reading of X-RateLimit-Reset, which is what Alpaca sends with a 429.
      const afterMs = retryAfterMs(error.response.headers.get('retry-after')) ?? error.retryAfterMs;
      return { kind: 'retry', why: `HTTP ${error.status}`, ...(afterMs === undefined ? {} : { afterMs }) };
    }
    return onStatus(error.status, message);
  }
  if (error instanceof FetchError) {
    const name = error.cause.name;
    if (name === 'TimeoutError') return { kind: 'retry', why: error.cause.message || 'no answer in time' }; // the SDK's deadline
    if (name === 'AbortError') return fail('data.unavailable', 'the request to Alpaca was cancelled');
    return { kind: 'retry', why: `connection failed (${error.cause.message})` };
  }
  throw error; // a bug (a missing parameter, a broken options object)
}

/** One line naming the variable to fix; a 403 about the SIP feed is the feed's fault, not the key's. */
function authMessage(host: AlpacaHost, status: number, message: string): string {
  const lower = message.toLowerCase();
  if (host === 'data' && status === 403 && (lower.includes('sip') || lower.includes('subscription'))) {
    return `Alpaca refused the sip feed for this key (HTTP 403: subscription does not permit it): set ${ALPACA_ENV.feed}=iex, or use a key with a market data subscription`;
  }
  const base = `Alpaca refused the key (HTTP ${status}): check ${ALPACA_ENV.keyId} and ${ALPACA_ENV.secretKey}`;
  return host === 'trading' ? `${base} (and ${ALPACA_ENV.tradingUrl}: paper keys work only on the paper host)` : base;
}

/** Default for statuses the caller gives no meaning to. */
function refused(status: number, message: string): Attempt<never> {
  return fail('data.unavailable', `Alpaca refused the request (HTTP ${status}: ${quoteInput(message)})`);
}
