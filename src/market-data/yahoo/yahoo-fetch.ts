/**
 * The one `fetch` yahoo-finance2 makes every request through (its cookie/crumb handshake included): it routes every
 * Yahoo host (query1/query2.finance.yahoo.com, fc.yahoo.com, finance.yahoo.com, guce/consent.yahoo.com) to the
 * YAHOO_API_URL override when one is set, bounds each request by a timeout, and turns an HTTP error status into a
 * typed YahooHttpError before the library sees it (so the library neither guesses at the error body nor prints the
 * URL to stderr, which it does for every non-ok answer), and a dropped connection or timeout into YahooNetworkError.
 */
import { z } from 'zod';
import { retryAfterMs } from '../provider/retry.js';

export class YahooHttpError extends Error {
  override readonly name = 'YahooHttpError';
  constructor(readonly status: number, readonly path: string, readonly description: string, readonly retryAfterMs: number | undefined) {
    super(`HTTP ${status} from ${path}${description === '' ? '' : `: ${description}`}`);
  }
}

export class YahooNetworkError extends Error {
  override readonly name = 'YahooNetworkError';
}

export interface YahooFetchOptions {
  /** YAHOO_API_URL: a base URL every Yahoo host is routed to (a proxy, or a fake in tests). */
  readonly apiUrl?: string;
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
}

const YAHOO_HOST = /(^|\.)yahoo\.com$/i;

/** The URL actually fetched: Yahoo's own, or the same path and query on the override base. */
export function routeYahooUrl(url: string, apiUrl: string | undefined): string {
  if (apiUrl === undefined) return url;
  const parsed = new URL(url);
  if (!YAHOO_HOST.test(parsed.hostname)) return url;
  return `${apiUrl.replace(/\/+$/, '')}${parsed.pathname}${parsed.search}`;
}

// Yahoo's error bodies: {"chart": {"result": null, "error": {"code": "Not Found", "description": "..."}}}.
const errorBody = z.record(z.string(), z.object({ error: z.object({ description: z.string() }) }));

function describe(text: string): string {
  try {
    const parsed = errorBody.safeParse(JSON.parse(text));
    if (parsed.success) return Object.values(parsed.data)[0]?.error.description ?? '';
  } catch {
    // not JSON (Yahoo answers 429 with plain text): the status says enough
  }
  return '';
}

/** undici says "fetch failed" and keeps the reason (ECONNREFUSED, ENOTFOUND...) in `cause`. */
function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  const code = cause instanceof Error && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  return code === undefined ? error.message : `${error.message} (${code})`;
}

function urlOf(input: Parameters<typeof fetch>[0]): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

export function createYahooFetch(opts: YahooFetchOptions): typeof fetch {
  const base = opts.fetch ?? globalThis.fetch;
  return async (input, init) => {
    const target = routeYahooUrl(urlOf(input), opts.apiUrl);
    const path = new URL(target).pathname;
    const signals = [AbortSignal.timeout(opts.timeoutMs), ...(init?.signal ? [init.signal] : [])];
    let response: Response;
    try {
      response = await base(target, { ...init, signal: AbortSignal.any(signals) });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const why = timedOut ? `no answer within ${opts.timeoutMs} ms` : causeOf(error);
      throw new YahooNetworkError(`${path} unanswered: ${why}`);
    }
    if (response.status >= 400) {
      const text = await response.text().catch(() => '');
      throw new YahooHttpError(response.status, path, describe(text), retryAfterMs(response.headers.get('retry-after')));
    }
    return response;
  };
}
