// A fake Yahoo Finance on 127.0.0.1 for driving the real yahoo-finance2 client in tests: every Yahoo host the
// library calls is routed to this one base URL (the adapter's apiUrl, as YAHOO_API_URL does). It speaks the
// cookie/crumb handshake (fake-yahoo-handshake.ts, with or without the EU consent pages), refuses
// /v7/finance/quote without the crumb and cookie, and serves /v8/finance/chart/{symbol} in
// Yahoo's shape from in-memory raw bars, split-adjusted as Yahoo serves them. Tests can make it fail the next
// requests (429/5xx, or no answer), answer malformed payloads, revise a bar, and delist a symbol.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handshake, hasSessionCookie, type HandshakeState } from './fake-yahoo-handshake.js';
import { chartBody, type FakeEntry, type FakeRow, type FakeSplit } from './fake-yahoo-chart.js';

export type { FakeEntry, FakeGap, FakeRow, FakeSplit } from './fake-yahoo-chart.js';

export interface FakeRequest {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly cookie: string;
}

export type Malformed = 'not-json' | 'wrong-types' | 'length-mismatch';

export interface FakeYahoo {
  readonly baseUrl: string;
  readonly requests: readonly FakeRequest[];
  /** How many times the crumb was asked for (the handshake). */
  crumbRequests(): number;
  /** The crumb the fake currently accepts. */
  crumb(): string;
  /** Yahoo expires the session: the cookie and crumb handed out so far are refused from now on. */
  expireSession(): void;
  /** Raw (unadjusted) rows of a Yahoo symbol at a Yahoo interval ('1d', '5m', '30m', '60m'...), oldest first; gaps answer nulls. */
  setBars(symbol: string, interval: string, rows: readonly FakeEntry[]): void;
  addSplit(symbol: string, split: FakeSplit): void;
  /** Replaces the row stamped `t` (epoch seconds) of a symbol's interval. */
  reviseBar(symbol: string, interval: string, t: number, row: Omit<FakeRow, 't'>): void;
  /** The next `count` data requests (chart or quote) answer `status` (Retry-After seconds when given). */
  failNext(status: number, count: number, retryAfterSeconds?: number): void;
  /** The next `count` data requests get no answer at all (a client timeout). */
  hangNext(count: number): void;
  /** The next `count` chart answers are malformed this way. */
  malformNext(kind: Malformed, count: number): void;
  /** The quote endpoint answers quoteType NONE for this symbol (Yahoo's delisted), or with `marketState` a state
   * yahoo-finance2's schema does not know. */
  delist(symbol: string, how?: { marketState: string }): void;
  close(): Promise<void>;
}


export interface FakeYahooOptions {
  /** Answer the handshake as Yahoo does in the EU: through the guce.yahoo.com consent pages first. */
  readonly consent?: boolean;
}

export async function startFakeYahoo(opts: FakeYahooOptions = {}): Promise<FakeYahoo> {
  const requests: FakeRequest[] = [];
  const bars = new Map<string, FakeEntry[]>();
  const splits = new Map<string, FakeSplit[]>();
  const delisted = new Map<string, { marketState: string } | undefined>();
  const failures: { status: number; retryAfter?: number }[] = [];
  const malformed: Malformed[] = [];
  let crumbs = 0;
  // The session Yahoo currently honours; expireSession() starts a new one, as Yahoo does now and then.
  let generation = 1;
  const cookieValue = (): string => `d=fake-yahoo-session-${generation}&S=AQAAAfake`;
  const crumbValue = (): string => `fAkEcRuMb${generation}`;

  const session: HandshakeState = { consent: opts.consent === true, cookieValue, crumbValue, countCrumb: () => void crumbs++ };
  const hasCookie = (req: IncomingMessage): boolean => hasSessionCookie(req, session);
  const symbolsKnown = (): Set<string> => new Set([...bars.keys()].map((k) => k.split('|')[0]!));

  function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  }

  function chart(res: ServerResponse, symbol: string, q: URLSearchParams): void {
    if (!symbolsKnown().has(symbol)) {
      json(res, 404, { chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } });
      return;
    }
    const interval = q.get('interval') ?? '1d';
    const rows = bars.get(`${symbol}|${interval}`) ?? [];
    const body = chartBody({
      symbol, interval, rows, splits: splits.get(symbol) ?? [],
      period1: Number(q.get('period1') ?? '0'), period2: Number(q.get('period2') ?? `${2 ** 31}`),
      withSplits: (q.get('events') ?? '').includes('split'),
    });
    const kind = malformed.shift();
    if (kind === 'not-json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"chart": {"result": [ {"meta": ');
      return;
    }
    const quote = body.chart.result[0]!.indicators.quote[0]!;
    if (kind === 'wrong-types') (quote as { close: unknown[] }).close = quote.close.map((c) => (c === null ? null : 'n/a'));
    if (kind === 'length-mismatch') {
      quote.open.pop();
      quote.low.pop();
      quote.close.pop();
      quote.volume.pop();
    }
    json(res, 200, body);
  }

  function quote(res: ServerResponse, q: URLSearchParams, req: IncomingMessage): void {
    if (q.get('crumb') !== crumbValue() || !hasCookie(req)) {
      json(res, 401, { finance: { result: null, error: { code: 'Unauthorized', description: 'Invalid Crumb' } } });
      return;
    }
    const known = symbolsKnown();
    const asked = (q.get('symbols') ?? '').split(',').filter((s) => s !== '');
    const result = asked.filter((s) => known.has(s) || delisted.has(s)).map((s) => quoteEntry(s, delisted.has(s), delisted.get(s)));
    json(res, 200, { quoteResponse: { result, error: null } });
  }

  function serve(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({ path: url.pathname, query: url.searchParams, cookie: req.headers.cookie ?? '' });
    if (handshake(req, res, url, body, session)) return;
    const isChart = url.pathname.startsWith('/v8/finance/chart/');
    if (isChart || url.pathname === '/v7/finance/quote') {
      const failure = failures.shift();
      if (failure !== undefined && failure.status === 0) return; // hangNext: never answered (closed by close())
      if (failure !== undefined) {
        const headers: Record<string, string> = failure.retryAfter === undefined ? {} : { 'retry-after': String(failure.retryAfter) };
        res.writeHead(failure.status, { 'content-type': 'text/plain', ...headers });
        res.end(failure.status === 429 ? 'Too Many Requests' : 'Internal Server Error');
        return;
      }
      if (isChart) chart(res, decodeURIComponent(url.pathname.slice('/v8/finance/chart/'.length)), url.searchParams);
      else quote(res, url.searchParams, req);
      return;
    }
    json(res, 404, { finance: { result: null, error: { code: 'Not Found', description: `no route ${url.pathname}` } } });
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => serve(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    crumbRequests: () => crumbs,
    crumb: crumbValue,
    expireSession: () => void generation++,
    setBars: (symbol, interval, rows) => void bars.set(`${symbol}|${interval}`, [...rows]),
    addSplit: (symbol, split) => void splits.set(symbol, [...(splits.get(symbol) ?? []), split]),
    reviseBar(symbol, interval, t, row) {
      const list = bars.get(`${symbol}|${interval}`) ?? [];
      const i = list.findIndex((r) => r.t === t);
      if (i < 0) throw new Error(`no bar ${symbol} ${interval} at ${t}`);
      list[i] = { t, ...row };
    },
    failNext(status, count, retryAfterSeconds) {
      for (let i = 0; i < count; i++) failures.push(retryAfterSeconds === undefined ? { status } : { status, retryAfter: retryAfterSeconds });
    },
    hangNext(count) {
      for (let i = 0; i < count; i++) failures.push({ status: 0 });
    },
    malformNext(kind, count) {
      for (let i = 0; i < count; i++) malformed.push(kind);
    },
    delist: (symbol, how) => void delisted.set(symbol, how),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A /v7/finance/quote entry with the fields yahoo-finance2 requires; quoteType NONE is how Yahoo marks a delisted symbol. */
function quoteEntry(symbol: string, delisted: boolean, how?: { marketState: string }): Record<string, unknown> {
  const crypto = symbol.endsWith('-USD');
  return {
    language: 'en-US', region: 'US', quoteType: delisted && how === undefined ? 'NONE' : crypto ? 'CRYPTOCURRENCY' : 'EQUITY', triggerable: false,
    marketState: how?.marketState ?? 'CLOSED', tradeable: false, exchange: crypto ? 'CCC' : 'NMS', exchangeTimezoneName: crypto ? 'UTC' : 'America/New_York',
    exchangeTimezoneShortName: crypto ? 'UTC' : 'EST', gmtOffSetMilliseconds: crypto ? 0 : -18_000_000, market: crypto ? 'ccc_market' : 'us_market',
    esgPopulated: false, sourceInterval: 15, exchangeDataDelayedBy: 0, fullExchangeName: crypto ? 'CCC' : 'NasdaqGS', symbol,
    currency: 'USD', regularMarketPrice: 100, shortName: symbol,
    ...(crypto ? { fromCurrency: symbol.split('-')[0], toCurrency: 'USD=X', lastMarket: 'CoinMarketCap', circulatingSupply: 1, volume24Hr: 1, volumeAllCurrencies: 1, startDate: 1_279_324_800, coinImageUrl: '', logoUrl: '', cryptoTradeable: true } : {}),
  };
}
