// A fake Alpaca (market data host and trading host on one 127.0.0.1 port) for driving the real
// @alpacahq/alpaca-trade-api SDK in tests. It speaks: GET /v2/stocks/{symbol}/bars, GET /v1beta3/crypto/us/bars,
// GET /v2/assets/{symbol}, GET /v2/calendar, GET /v2/clock, and the trading API (account, orders, positions:
// fake-alpaca-trading.ts, driven through `trading`) with its trade-updates websocket at `/stream`
// (fake-alpaca-stream.ts, driven through `stream`). Bars come from in-memory tables per symbol and
// timeframe, paginated with a small page size and `next_page_token`. Both key headers are checked: 403 on the stock
// data paths, 401 on the trading paths, as Alpaca does (crypto bars are public). Tests can make the next requests
// fail (429 + Retry-After, 5xx), stall, or answer a malformed payload, revise a bar, and choose how an unknown stock
// symbol is answered.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pageOfBars, type BarTables } from './fake-alpaca-pages.js';
import type { FakeBar } from './fake-alpaca-bars.js';
import { createFakeTradeStream, type FakeTradeStream } from './fake-alpaca-stream.js';
import { createFakeTrading, type FakeTrading } from './fake-alpaca-trading.js';

export interface RecordedRequest {
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  readonly method: string;
}

export interface FakeAsset {
  readonly symbol: string;
  readonly status: 'active' | 'inactive';
  readonly tradable: boolean;
  readonly class: 'us_equity' | 'crypto';
}

/** A trading day as /v2/calendar answers it (New York wall-clock times). */
export interface FakeCalendarDay {
  readonly date: string;
  readonly open: string;
  readonly close: string;
}

type Trouble = { kind: 'status'; status: number; retryAfterS?: number; headers?: Record<string, string> } | { kind: 'stall'; ms: number } | { kind: 'malformed' };

export interface FakeAlpaca {
  /** Base URL for both the data host and the trading host. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Bars of `symbol` (Alpaca spelling) at an Alpaca timeframe (`1Day`, `5Min`, ...); registers an active, tradable asset. */
  setBars(symbol: string, timeframe: string, bars: readonly FakeBar[]): void;
  /** A split: with adjustment=split, prices of bars before `beforeIso` are divided by `ratio`, volumes multiplied. */
  setSplit(symbol: string, beforeIso: string, ratio: number): void;
  setAsset(asset: FakeAsset): void;
  /** Changes a stored bar (a provider correction): later fetches see the new values. */
  revise(symbol: string, timeframe: string, t: string, patch: Partial<Omit<FakeBar, 't'>>): void;
  /** How bars for a stock symbol without an asset are answered: an empty page (default), 404 or 422. */
  unknownSymbolAnswer: 'empty' | 404 | 422;
  /** Whether feed=sip is refused with 403, as for a key without a market data subscription (default false). */
  sipRefused: boolean;
  /** The next `n` requests answer `status` (with Retry-After seconds when given, and any extra headers). */
  failNext(n: number, status: number, retryAfterS?: number, headers?: Record<string, string>): void;
  /** The next `n` requests wait `ms` before answering. */
  stallNext(n: number, ms: number): void;
  /** The next `n` requests answer 200 with a payload that is not Alpaca's shape. */
  malformNext(n: number): void;
  calendar: FakeCalendarDay[];
  clock: { timestamp: string; is_open: boolean; next_open: string; next_close: string };
  /**
   * Awaited after a trading request was handled (an order created, cancelled ...) and before its answer is sent: a
   * test holds an answer here (a promise that never settles) to kill the client while it waits. Null: answer at once.
   */
  holdAnswer: ((request: RecordedRequest) => Promise<void> | void) | null;
  /** The trading account, its orders and its market (fake-alpaca-trading.ts). */
  readonly trading: FakeTrading;
  /** The trade-updates websocket (`ws://<host>/stream`). */
  readonly stream: FakeTradeStream;
  close(): Promise<void>;
}

export interface FakeAlpacaOptions {
  readonly keyId: string;
  readonly secretKey: string;
  /** Bars per page at most (Alpaca allows 10,000; small here so pagination is exercised). */
  readonly pageSize?: number;
}

export async function startFakeAlpaca({ keyId, secretKey, pageSize = 50 }: FakeAlpacaOptions): Promise<FakeAlpaca> {
  const tables: BarTables = new Map();
  const splits = new Map<string, { before: number; ratio: number }>();
  const assets = new Map<string, FakeAsset>();
  const troubles: Trouble[] = [];
  const requests: RecordedRequest[] = [];
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const trading = createFakeTrading();
  const stream = createFakeTradeStream({ keyId, secretKey }, trading);
  const assetOf = (id: string): FakeAsset | undefined => assets.get(id) ?? [...assets.values()].find((a) => a.symbol.replace('/', '') === id);

  const fake: FakeAlpaca = {
    url: '',
    requests,
    setBars(symbol, timeframe, bars) {
      tables.set(`${symbol}|${timeframe}`, bars.map((b) => ({ ...b })));
      if (!assets.has(symbol)) assets.set(symbol, { symbol, status: 'active', tradable: true, class: symbol.includes('/') ? 'crypto' : 'us_equity' });
    },
    setSplit: (symbol, beforeIso, ratio) => void splits.set(symbol, { before: Date.parse(beforeIso), ratio }),
    setAsset: (asset) => void assets.set(asset.symbol, asset),
    revise(symbol, timeframe, t, patch) {
      const rows = tables.get(`${symbol}|${timeframe}`) ?? [];
      const i = rows.findIndex((b) => b.t === t);
      if (i < 0) throw new Error(`the fake has no ${symbol} ${timeframe} bar at ${t}`);
      rows[i] = { ...rows[i]!, ...patch };
    },
    unknownSymbolAnswer: 'empty',
    sipRefused: false,
    failNext: (n, status, retryAfterS, headers = {}) =>
      troubles.push(...Array.from({ length: n }, () => ({ kind: 'status' as const, status, headers, ...(retryAfterS === undefined ? {} : { retryAfterS }) }))),
    stallNext: (n, ms) => troubles.push(...Array.from({ length: n }, () => ({ kind: 'stall' as const, ms }))),
    malformNext: (n) => troubles.push(...Array.from({ length: n }, () => ({ kind: 'malformed' as const }))),
    calendar: [],
    clock: { timestamp: '2024-01-02T10:00:00-05:00', is_open: true, next_open: '2024-01-03T09:30:00-05:00', next_close: '2024-01-02T16:00:00-05:00' },
    holdAnswer: null,
    trading,
    stream,
    close: () => new Promise<void>((resolve) => {
      stream.close();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const query = Object.fromEntries(url.searchParams);
      requests.push({ path: url.pathname, query, headers: req.headers, method: req.method ?? 'GET' });
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      const trouble = troubles.shift();
      if (trouble?.kind === 'stall') await new Promise((r) => setTimeout(r, trouble.ms));
      if (trouble?.kind === 'status') {
        const headers: Record<string, string> = { ...trouble.headers, ...(trouble.retryAfterS === undefined ? {} : { 'retry-after': String(trouble.retryAfterS) }) };
        return send(res, trouble.status, { message: trouble.status === 429 ? 'too many requests.' : 'internal server error' }, headers);
      }
      if (trouble?.kind === 'malformed') return send(res, 200, { bars: [{ t: 'yesterday', o: '1.0' }], next_page_token: 7 });
      // Crypto bars are public on Alpaca (the SDK sends no key with them); everything else needs both headers.
      const data = url.pathname.startsWith('/v2/stocks/');
      const isPublic = url.pathname.startsWith('/v1beta3/crypto/');
      if (!isPublic && (req.headers['apca-api-key-id'] !== keyId || req.headers['apca-api-secret-key'] !== secretKey)) {
        return data ? send(res, 403, { message: 'forbidden.' }) : send(res, 401, { code: 40110000, message: 'request is not authorized' });
      }
      const stock = url.pathname.match(/^\/v2\/stocks\/([^/]+)\/bars$/);
      if (stock !== null) {
        const symbol = decodeURIComponent(stock[1]!);
        if (fake.sipRefused && query.feed === 'sip') return send(res, 403, { message: 'subscription does not permit querying recent SIP data' });
        if (!assets.has(symbol) && fake.unknownSymbolAnswer !== 'empty') return send(res, fake.unknownSymbolAnswer, { message: `invalid symbol: ${symbol}` });
        const page = pageOfBars(tables, splits, [symbol], query, pageSize);
        if ('error' in page) return send(res, 400, { message: page.error });
        return send(res, 200, { bars: page.bars[symbol] ?? null, symbol, next_page_token: page.next });
      }
      if (url.pathname === '/v1beta3/crypto/us/bars') {
        const page = pageOfBars(tables, splits, (query.symbols ?? '').split(','), { ...query, adjustment: 'raw' }, pageSize);
        if ('error' in page) return send(res, 400, { message: page.error });
        return send(res, 200, { bars: page.bars, next_page_token: page.next });
      }
      const asset = url.pathname.match(/^\/v2\/assets\/(.+)$/);
      if (asset !== null) {
        const id = decodeURIComponent(asset[1]!);
        const found = assetOf(id);
        if (found === undefined) return send(res, 404, { code: 40410000, message: `could not find asset "${id}"` });
        return send(res, 200, { id: `asset-${found.symbol}`, exchange: found.class === 'crypto' ? 'CRYPTO' : 'NASDAQ', name: found.symbol, marginable: false, shortable: false, easy_to_borrow: false, fractionable: true, ...found });
      }
      if (url.pathname === '/v2/calendar') {
        const from = (query.start ?? '0000').slice(0, 10);
        const to = (query.end ?? '9999').slice(0, 10);
        const days = fake.calendar.filter((d) => d.date >= from && d.date <= to);
        return send(res, 200, days.map((d) => ({ ...d, session_open: '0400', session_close: '2000', settlement_date: d.date })));
      }
      if (url.pathname === '/v2/clock') return send(res, 200, fake.clock);
      const answer = trading.handle(req.method ?? 'GET', url.pathname, query, body);
      if (answer !== null && fake.holdAnswer !== null) await fake.holdAnswer(requests.at(-1)!);
      if (answer !== null) {
        if (answer.body === undefined) {
          res.writeHead(answer.status);
          return res.end();
        }
        return send(res, answer.status, answer.body);
      }
      return send(res, 404, { message: `no route ${url.pathname}` });
    })();
  });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://fake').pathname === '/stream') stream.upgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, { url: `http://127.0.0.1:${port}` });
}
