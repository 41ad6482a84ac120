/**
 * Every page of one aggregates request. Pages are followed here rather than with the client's `pagination` option:
 * that option fetches the pages recursively inside an axios interceptor, puts later pages first, appends the key to
 * whatever host `next_url` names, and throws a TypeError on a page without `results`, and one failed page restarts
 * the lot. Here each page is a call of its own through the client (retried alone, parsed alone), and `next_url`'s
 * path and query are asked of the configured base URL only, as the official clients do: nothing but `next_url`'s
 * own query (its cursor) and the key the client adds.
 */
import { fail, ok, type Result } from '../../core/domain/result.js';
import { quoteInput } from '../../core/domain/quote-input.js';
import { showLimit } from '../../core/limits.js';
import { withRetry } from '../provider/retry.js';
import { callPolygon, polygonErrorText, polygonSdk, PROVIDER, type PolygonContext } from './polygon-call.js';
import { aggregatesPageSchema, firstIssue, type AggregateBar } from './polygon-payloads.js';
import type { PolygonRange, PolygonTicker } from './polygon-symbols.js';

export interface AggregatesAsk {
  readonly ticker: PolygonTicker;
  readonly range: PolygonRange;
  readonly from: string;
  readonly to: string;
  readonly adjusted: boolean;
  /** Polygon's `limit` on the first page. */
  readonly pageLimit: number;
  /** Bars gathered over all pages before the request is refused as too wide. */
  readonly maxBars: number;
}

export type Aggregates = { readonly kind: 'bars'; readonly bars: readonly AggregateBar[] } | { readonly kind: 'not_found' };

/** One page: the first carries the request's parameters, later ones exactly `next_url`'s path and query. */
interface PageAsk {
  readonly from: string;
  readonly to: string;
  readonly params: Readonly<Record<string, string>> | null;
}

/** A guard against a provider that never stops paginating. */
const MAX_PAGES = 2_000;

async function requestPage(ctx: PolygonContext, ask: AggregatesAsk, page: PageAsk): Promise<unknown> {
  const [client, sdk] = await Promise.all([ctx.client(), polygonSdk()]);
  const { GetCryptoAggregatesSortEnum, GetCryptoAggregatesTimespanEnum, GetStocksAggregatesSortEnum, GetStocksAggregatesTimespanEnum } = sdk;
  const stockSpans = { minute: GetStocksAggregatesTimespanEnum.Minute, hour: GetStocksAggregatesTimespanEnum.Hour, day: GetStocksAggregatesTimespanEnum.Day };
  const cryptoSpans = { minute: GetCryptoAggregatesTimespanEnum.Minute, hour: GetCryptoAggregatesTimespanEnum.Hour, day: GetCryptoAggregatesTimespanEnum.Day };
  const first = page.params === null;
  const options = { timeout: ctx.timeoutMs, ...(first ? {} : { params: page.params }) };
  const { ticker, market } = ask.ticker;
  const { multiplier, timespan } = ask.range;
  const adjusted = first ? ask.adjusted : undefined;
  const limit = first ? ask.pageLimit : undefined;
  return market === 'crypto'
    ? client.getCryptoAggregates(ticker, multiplier, cryptoSpans[timespan], page.from, page.to, adjusted, first ? GetCryptoAggregatesSortEnum.Asc : undefined, limit, options)
    : client.getStocksAggregates(ticker, multiplier, stockSpans[timespan], page.from, page.to, adjusted, first ? GetStocksAggregatesSortEnum.Asc : undefined, limit, options);
}

export async function fetchAggregates(ctx: PolygonContext, ask: AggregatesAsk): Promise<Result<Aggregates>> {
  const ticker = ask.ticker.ticker;
  const bars: AggregateBar[] = [];
  const seen = new Set<string>();
  let page: PageAsk | null = { from: ask.from, to: ask.to, params: null };
  for (let pages = 1; page !== null; pages++) {
    if (pages > MAX_PAGES) return fail('data.unavailable', `Polygon was still paginating ${ticker} after ${MAX_PAGES} pages`, { provider: PROVIDER });
    const current: PageAsk = page;
    const reply = await withRetry(PROVIDER, () => callPolygon(() => requestPage(ctx, ask, current), ctx.timeoutMs), ctx.retry);
    if (!reply.ok) return reply;
    if (reply.value.kind === 'status') {
      if (reply.value.status === 404) return ok({ kind: 'not_found' });
      const { status, body } = reply.value;
      return fail('data.unavailable', `Polygon answered HTTP ${status} for ${ticker}: ${polygonErrorText(body)}`, { provider: PROVIDER, status });
    }
    const parsed = aggregatesPageSchema.safeParse(reply.value.body);
    if (!parsed.success) {
      return fail('data.corrupt', `Polygon sent malformed aggregates for ${ticker}: ${firstIssue(parsed.error)}`, { provider: PROVIDER, ticker });
    }
    const { status, results, next_url: nextUrl } = parsed.data;
    if (status === 'NOT_FOUND') return ok({ kind: 'not_found' });
    if (status !== 'OK' && status !== 'DELAYED') {
      return fail('data.unavailable', `Polygon answered status ${quoteInput(status)} for ${ticker}`, { provider: PROVIDER });
    }
    for (const bar of results ?? []) bars.push(bar);
    if (bars.length > ask.maxBars) {
      return fail('data.range', `Polygon has more than ${showLimit(ask.maxBars)} bars for ${ticker} in this window: narrow from..to`, { provider: PROVIDER });
    }
    if (nextUrl === undefined || nextUrl === '') break;
    const next = nextPage(nextUrl, ask);
    if (!next.ok) return next;
    const key = JSON.stringify(next.value);
    if (seen.has(key)) return fail('data.corrupt', `Polygon's next_url for ${ticker} points back to a page already read`, { provider: PROVIDER });
    seen.add(key);
    page = next.value;
  }
  return ok({ kind: 'bars', bars });
}

const AGGS_PATH = /^\/v2\/aggs\/ticker\/([^/]+)\/range\/(\d+)\/([a-z]+)\/([^/]+)\/([^/]+)$/;

/** `next_url` read as the next page of this very request (same ticker, multiplier, timespan), or corrupt. */
function nextPage(nextUrl: string, ask: AggregatesAsk): Result<PageAsk> {
  const refuse = (): Result<never> =>
    fail('data.corrupt', `Polygon's next_url ${quoteInput(nextUrl)} does not continue the request for ${ask.ticker.ticker}`, { provider: PROVIDER });
  try {
    const url = new URL(nextUrl);
    const m = AGGS_PATH.exec(url.pathname);
    if (m === null) return refuse();
    const [ticker, multiplier, timespan, from, to] = m.slice(1).map((part) => decodeURIComponent(part));
    if (ticker !== ask.ticker.ticker || Number(multiplier) !== ask.range.multiplier || timespan !== ask.range.timespan) return refuse();
    if (from === undefined || to === undefined) return refuse();
    // The client adds the key itself; a key in next_url would be sent twice.
    const params = Object.fromEntries([...url.searchParams].filter(([name]) => name !== 'apiKey'));
    return ok({ from, to, params });
  } catch {
    return refuse();
  }
}
