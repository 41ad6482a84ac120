/**
 * Every bar of one symbol between two instants, following `next_page_token` until Alpaca says there is no more.
 * Stocks: GET /v2/stocks/{symbol}/bars (feed, adjustment); crypto: GET /v1beta3/crypto/us/bars?symbols= (24/7).
 */
import { fail, ok, type Result } from '../../core/domain/result.js';
import { quoteInput } from '../../core/domain/quote-input.js';
import { LIMITS, showLimit } from '../../core/limits.js';
import { withRetry, type Attempt } from '../provider/retry.js';
import { attemptJson, PROVIDER } from './alpaca-call.js';
import type { AlpacaApi } from './alpaca-clients.js';
import type { ResolvedAlpacaOptions } from './alpaca-options.js';
import { cryptoBarsPageSchema, stockBarsPageSchema, type AlpacaBar } from './alpaca-payloads.js';
import type { AlpacaSymbol } from './alpaca-symbol.js';
import type { AlpacaTimeframe } from './alpaca-timeframe.js';

/** Alpaca's largest page. */
const PAGE_LIMIT = 10_000;

export interface AlpacaBarsQuery {
  readonly symbol: AlpacaSymbol;
  readonly timeframe: AlpacaTimeframe;
  readonly start: number;
  readonly end: number;
}

interface Page {
  readonly bars: readonly AlpacaBar[];
  readonly next: string | null;
}

export async function fetchAlpacaBars(clients: AlpacaApi, o: ResolvedAlpacaOptions, q: AlpacaBarsQuery): Promise<Result<AlpacaBar[]>> {
  const all: AlpacaBar[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (;;) {
    const page = await withRetry(PROVIDER, () => fetchPage(clients, o, q, token), o.retry);
    if (!page.ok) return page;
    all.push(...page.value.bars);
    if (all.length > LIMITS.barsPerBacktest) {
      return fail('data.range', `more than ${showLimit(LIMITS.barsPerBacktest)} ${q.timeframe.alpaca} bars of ${q.symbol.alpaca} asked from Alpaca: ask for a shorter window`);
    }
    const next = page.value.next;
    if (next === null) return ok(all);
    if (seen.has(next)) return fail('data.corrupt', `Alpaca sent the page token ${quoteInput(next)} twice for ${q.symbol.alpaca}`);
    seen.add(next);
    token = next;
  }
}

function fetchPage(clients: AlpacaApi, o: ResolvedAlpacaOptions, q: AlpacaBarsQuery, pageToken: string | undefined): Promise<Attempt<Page>> {
  const window = {
    timeframe: q.timeframe.alpaca,
    start: new Date(q.start),
    end: new Date(q.end),
    limit: PAGE_LIMIT,
    sort: 'asc' as const,
    ...(pageToken === undefined ? {} : { pageToken }),
  };
  const what = `${q.symbol.alpaca} ${q.timeframe.alpaca} bars`;
  if (q.symbol.market === 'crypto') {
    const call = async () => (await clients()).crypto.cryptoBarsRaw({ loc: 'us', symbols: q.symbol.alpaca, ...window });
    return attemptJson('data', what, call, cryptoBarsPageSchema, unknownSymbol(q.symbol.alpaca)).then((a) =>
      mapDone(a, (p) => ({ bars: p.bars?.[q.symbol.alpaca] ?? [], next: p.next_page_token ?? null })),
    );
  }
  const call = async () => (await clients()).stocks.stockBarSingleRaw({ symbol: q.symbol.alpaca, feed: o.feed, adjustment: o.adjustment, ...window });
  return attemptJson('data', what, call, stockBarsPageSchema, unknownSymbol(q.symbol.alpaca)).then((a) =>
    mapDone(a, (p) => ({ bars: p.bars ?? [], next: p.next_page_token ?? null })),
  );
}

/** Alpaca answers a symbol it does not know with 404 or 422 (or 400 "invalid symbol"). */
const unknownSymbol = (symbol: string) => (status: number, message: string): Attempt<never> => {
  const shown = `(HTTP ${status}: ${quoteInput(message)})`;
  if (status === 404 || status === 422 || (status === 400 && /symbol/i.test(message))) {
    return { kind: 'fail', code: 'data.symbol', message: `Alpaca does not know ${quoteInput(symbol)} ${shown}` };
  }
  return { kind: 'fail', code: 'data.unavailable', message: `Alpaca refused the bars request for ${quoteInput(symbol)} ${shown}` };
};

function mapDone<A, B>(a: Attempt<A>, f: (value: A) => B): Attempt<B> {
  return a.kind === 'done' ? { kind: 'done', value: f(a.value) } : a;
}
