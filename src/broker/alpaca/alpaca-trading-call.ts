/**
 * One trading request with bounded retries: 429 (honouring Retry-After), 408 and 5xx, timeouts and dropped
 * connections are tried again with exponential backoff, then end as `broker.unavailable`; 401, and 403 outside an
 * order's refusal, are `broker.auth` naming the variables to fix; any other HTTP status goes to the caller's
 * `onStatus`, which says what it means there (404 unknown order, 422 duplicate client order id, ...). Payloads are read
 * as text and parsed here (malformed -> broker.unavailable with what was wrong).
 */
import type * as AlpacaSdk from '@alpacahq/alpaca-trade-api';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { ALPACA_BROKER_ENV } from './alpaca-broker-config.js';
import { alpacaSdk } from '../../market-data/alpaca/alpaca-clients.js';
import { isTemporaryStatus, withRetry, type RetryPolicy } from '../../market-data/provider/retry.js';

/** The market-data providers' retry policy (attempts, doubling backoff, a cap, an injectable sleep). */
export type TradingRetry = RetryPolicy;

export const DEFAULT_TRADING_RETRY: TradingRetry = { attempts: 4, baseDelayMs: 250, maxDelayMs: 5_000 };

/** What a status the call does not handle itself means to the caller: a value, or a failure. */
export type StatusHandler<U> = (status: number, message: string, code: number | string | undefined) => Result<U>;

type TradingAttempt<T> = { kind: 'done'; result: Result<T> } | { kind: 'retry'; why: string; afterMs?: number };

/** Any status the caller gave no meaning to. */
export const refused: StatusHandler<never> = (status, message) => fail('broker.refused', `Alpaca refused the request (HTTP ${status}: ${message})`, { status });

export async function tradingCall<T, U = never>(
  what: string,
  call: () => Promise<{ readonly raw: Response }>,
  read: (json: unknown) => T | string,
  retry: TradingRetry,
  onStatus: StatusHandler<U> = refused,
): Promise<Result<T | U>> {
  // One backoff loop for every Alpaca and provider call (src/market-data/provider/retry.ts).
  return withRetry<T | U>('Alpaca', async () => {
    const out = await attempt(what, call, read, onStatus);
    if (out.kind === 'retry') return out;
    if (out.result.ok) return { kind: 'done', value: out.result.value };
    const { code, message, details } = out.result.error;
    return { kind: 'fail', code, message, ...(details === undefined ? {} : { details }) };
  }, retry, (attempts, why) => fail('broker.unavailable', `Alpaca did not answer ${what} after ${attempts} attempts: ${why}`));
}

async function attempt<T, U>(what: string, call: () => Promise<{ readonly raw: Response }>, read: (json: unknown) => T | string, onStatus: StatusHandler<U>): Promise<TradingAttempt<T | U>> {
  let text: string;
  try {
    text = await (await call()).raw.text();
  } catch (error) {
    return classify(await alpacaSdk(), error, onStatus);
  }
  let json: unknown = null;
  if (text !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      return { kind: 'done', result: fail('broker.unavailable', `Alpaca sent a malformed answer to ${what}: not JSON`) };
    }
  }
  const value = read(json);
  if (typeof value === 'string') return { kind: 'done', result: fail('broker.unavailable', `Alpaca sent a malformed answer to ${what}: ${value}`) };
  return { kind: 'done', result: ok(value) };
}

function classify<U>({ ApiError, FetchError }: typeof AlpacaSdk, error: unknown, onStatus: StatusHandler<U>): TradingAttempt<U> {
  if (error instanceof ApiError) {
    if (isTemporaryStatus(error.status)) {
      return { kind: 'retry', why: `HTTP ${error.status}`, ...(error.retryAfterMs === undefined ? {} : { afterMs: error.retryAfterMs }) };
    }
    if (error.status === 401) return { kind: 'done', result: authFailure(error.status) };
    return { kind: 'done', result: onStatus(error.status, error.message, error.code) };
  }
  if (error instanceof FetchError) {
    const name = error.cause.name;
    if (name === 'TimeoutError') return { kind: 'retry', why: error.cause.message || 'no answer in time' };
    if (name === 'AbortError') return { kind: 'done', result: fail('broker.unavailable', 'the request to Alpaca was cancelled') };
    return { kind: 'retry', why: `connection failed (${error.cause.message})` };
  }
  throw error; // a bug (a missing parameter, a broken options object)
}

/** One line naming the variables to fix. */
export function authFailure(status: number): Result<never> {
  const { keyId, secretKey, baseUrl } = ALPACA_BROKER_ENV;
  return fail('broker.auth', `Alpaca refused the key (HTTP ${status}): check ${keyId} and ${secretKey} (and ${baseUrl}: paper keys work only on the paper host, live keys only on the live host)`, { status });
}

/** The usual meaning of a status outside an order's own answers: 403 is the key's fault. */
export const keyOrRefused: StatusHandler<never> = (status, message, code) => (status === 403 ? authFailure(status) : refused(status, message, code));
