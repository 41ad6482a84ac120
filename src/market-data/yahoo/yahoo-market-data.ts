/**
 * Yahoo Finance bars through yahoo-finance2's chart() (no key). Every request, the cookie/crumb handshake included,
 * goes through one fetch hook (yahoo-fetch.ts) that can route every Yahoo host to YAHOO_API_URL. Prices are
 * split-adjusted as Yahoo serves them, or un-adjusted with Yahoo's split events for `adjustment: 'raw'`; neither is
 * dividend-adjusted. Stamps become desk times through deskBarTime; a US stock's hours are session-anchored.
 */
import type { BarsRequest, MarketData, SymbolCheck } from '../../app/market-data/ports.js';
import { createBarSeries, type Bar, type BarSeries } from '../../core/domain/bar.js';
import { quoteInput } from '../../core/domain/quote-input.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from '../provider/retry.js';
import { deskBarTime, sessionHourBars } from '../provider/session-time.js';
import { normalizeSymbol } from '../symbol.js';
import { checkWindow, formatTime } from '../window.js';
import { classifyYahooError } from './yahoo-attempt.js';
import { readChart, unadjustSplits, type YahooChart, type YahooRow, type YahooSplit } from './yahoo-chart.js';
import { createYahooSession, type YahooClient } from './yahoo-client.js';
import { createYahooFetch } from './yahoo-fetch.js';
import { checkYahooSymbols } from './yahoo-quote.js';
import { toYahooSymbol, type YahooSymbol } from './yahoo-symbol.js';
import { planChart, type YahooInterval } from './yahoo-window.js';
import { DAY_MS } from '../../core/calendar/civil-date.js';

export interface YahooMarketDataOptions {
  /** YAHOO_API_URL: every Yahoo host is routed to this base URL (a proxy, or a fake in tests). */
  readonly apiUrl?: string;
  /** 'split' (default): Yahoo's split-adjusted prices; 'raw': the prices as traded. */
  readonly adjustment?: 'split' | 'raw';
  readonly retry?: RetryPolicy;
  /** Per HTTP request; default 15 s. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  /** The clock Yahoo's history limits are measured against (tests pin it). */
  readonly now?: () => number;
}

const QUARTER_MS = 900_000;

export function createYahooMarketData(opts: YahooMarketDataOptions = {}): MarketData {
  const adjustment = opts.adjustment ?? 'split';
  const policy = opts.retry ?? DEFAULT_RETRY_POLICY;
  const now = opts.now ?? Date.now;
  const provider = opts.apiUrl === undefined ? 'Yahoo Finance' : `Yahoo Finance (YAHOO_API_URL=${opts.apiUrl})`;
  const routed = createYahooFetch({ timeoutMs: opts.timeoutMs ?? 15_000, ...(opts.apiUrl === undefined ? {} : { apiUrl: opts.apiUrl }), ...(opts.fetch === undefined ? {} : { fetch: opts.fetch }) });
  const session = createYahooSession(routed);
  const badUrl = opts.apiUrl !== undefined && !URL.canParse(opts.apiUrl)
    ? fail('data.unavailable', `YAHOO_API_URL=${quoteInput(opts.apiUrl)} is not a URL (e.g. http://127.0.0.1:8080): fix or unset it`)
    : null;

  function chart(sym: YahooSymbol, interval: YahooInterval, start: number, end: number): Promise<Result<YahooChart>> {
    return withRetry(provider, async () => {
      try {
        const raw = await fetchChart(await session.client(), sym.yahoo, interval, start, end);
        const read = readChart(raw, sym.desk);
        return read.ok ? { kind: 'done', value: read.value } : { kind: 'fail', code: read.error.code, message: read.error.message };
      } catch (error) {
        return classifyYahooError(error, sym.desk);
      }
    }, policy);
  }

  async function getBars(request: BarsRequest): Promise<Result<BarSeries>> {
    if (badUrl !== null) return badUrl;
    const symbol = normalizeSymbol(request.symbol);
    if (!symbol.ok) return symbol;
    const window = checkWindow(request.from, request.to);
    if (!window.ok) return window;
    const sym = toYahooSymbol(symbol.value);
    const plan = planChart(request.timeframe, sym.market, request.from, request.to, now());
    if (!plan.ok) return plan;
    let rows: YahooRow[] = [];
    let splits: YahooSplit[] = [];
    for (const w of plan.value.windows) {
      const part = await chart(sym, plan.value.interval, w.start, w.end);
      if (!part.ok) return part;
      rows = rows.concat(part.value.rows);
      splits = splits.concat(part.value.splits);
    }
    const lastEnd = plan.value.windows.at(-1)?.end ?? 0;
    if (adjustment === 'raw' && sym.market === 'us-equities' && rows.length > 0) {
      // Yahoo adjusts for every split up to today: those after the window are asked for too (daily, events only).
      if (lastEnd < now()) {
        const later = await chart(sym, '1d', lastEnd, now() + DAY_MS);
        if (!later.ok) return later;
        splits = splits.concat(later.value.splits);
      }
      rows = unadjustSplits(rows, splits);
    }
    const bars = plan.value.sessionHours ? sessionHourBars(deskHalfHours(rows)) : deskBars(rows, request.timeframe, sym);
    const from = request.from ?? -Infinity;
    const inWindow = bars.filter((b) => b.time >= from && b.time <= request.to);
    if (inWindow.length === 0) {
      return fail('data.range', `${provider} has no ${request.timeframe} bars for ${sym.desk} from ${request.from === undefined ? 'the start' : formatTime(request.from)} to ${formatTime(request.to)}`, { symbol: sym.desk, noBars: true });
    }
    return ok(createBarSeries(sym.desk, request.timeframe, inWindow));
  }

  return {
    kind: 'yahoo',
    label: adjustment === 'split' ? 'Yahoo Finance (split-adjusted)' : 'Yahoo Finance (raw prices, not split-adjusted)',
    simulated: false,
    adjustment,
    getBars,
    checkSymbols: async (symbols: readonly string[]): Promise<Result<SymbolCheck>> => badUrl ?? checkYahooSymbols(session, routed, symbols, provider, policy),
  };
}

function fetchChart(client: YahooClient, yahooSymbol: string, interval: YahooInterval, start: number, end: number): Promise<unknown> {
  return client.chart(yahooSymbol, {
    period1: Math.floor(start / 1_000), period2: Math.ceil(end / 1_000), interval, includePrePost: false, events: 'split', return: 'object',
  });
}

/** Rows at their desk times, oldest first, one per time (a later row for the same time wins: Yahoo's live bar). */
function deskBars(rows: readonly YahooRow[], timeframe: BarsRequest['timeframe'], sym: YahooSymbol): Bar[] {
  const byTime = new Map<number, Bar>();
  for (const r of rows) {
    const time = deskBarTime(r.time, timeframe, sym.market);
    if (time !== null) byTime.set(time, { ...r, time });
  }
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}

/** A US stock's 30-minute rows lying wholly inside the regular session (deskBarTime knows no 30m: two quarters). */
function deskHalfHours(rows: readonly YahooRow[]): Bar[] {
  const byTime = new Map<number, Bar>();
  for (const r of rows) {
    if (deskBarTime(r.time, '15m', 'us-equities') !== null && deskBarTime(r.time + QUARTER_MS, '15m', 'us-equities') !== null) byTime.set(r.time, r);
  }
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}
