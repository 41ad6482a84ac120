// A fake Polygon REST API on 127.0.0.1 for driving the real @polygon.io/client-js in tests. It serves
// GET /v2/aggs/ticker/{ticker}/range/{multiplier}/{timespan}/{from}/{to} from in-memory bars (daily bars as given,
// minute multiples and hours aggregated from one-minute bars), paginated with next_url in Polygon's own form (the
// next `from` in the path, a base64 cursor holding adjusted/limit/sort), and GET /v3/reference/tickers/{ticker}.
// It checks the key (an `apiKey` query parameter, as the client sends it, or `Authorization: Bearer`), and can be
// told to answer the next requests with an error status (and a body of the test's choosing) or a malformed payload.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { aggregateMinutes, newYorkTime, type FakeAggregate } from './fake-polygon-bars.js';

export interface FakeTicker {
  readonly daily?: FakeAggregate[];
  readonly minutes?: FakeAggregate[];
  /** Inactive tickers answer ticker details with `active: false` (delisted). */
  readonly active?: boolean;
  /** Raw prices are the adjusted ones times this (a later split); default 1. */
  readonly rawFactor?: number;
}

export interface FakePolygonOptions {
  readonly apiKey: string;
  readonly tickers: Record<string, FakeTicker>;
  /** Most bars one page holds, whatever `limit` asks (default 5,000). */
  readonly pageSize?: number;
  /** How aggregates of an unknown ticker are answered: `empty` (200, resultsCount 0, as Polygon does), `not-found` (200, status NOT_FOUND), `404`. */
  readonly unknownTicker?: 'empty' | 'not-found' | '404';
}

export interface FakeRequest {
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingMessage['headers'];
}

interface Fault {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

export interface FakePolygon {
  readonly baseUrl: string;
  readonly requests: readonly FakeRequest[];
  /** The next `count` requests (after `skip` answered normally) get `status` (e.g. 429 with `{ 'retry-after': '1' }`, or 500). */
  failNext(count: number, status: number, headers?: Record<string, string>, skip?: number): void;
  /** The next request gets this 200 body instead of its answer. */
  malformNext(body: unknown): void;
  /** The next request gets `status` with this body (a string is sent as it is), e.g. Polygon's 403 NOT_AUTHORIZED. */
  answerNext(status: number, body: unknown): void;
  /** Changes one stored bar (daily or one-minute) of a ticker, as Polygon revises a bar after the fact. */
  revise(ticker: string, kind: 'daily' | 'minutes', t: number, patch: Partial<Omit<FakeAggregate, 't'>>): void;
  close(): Promise<void>;
}

const AGGS = /^\/v2\/aggs\/ticker\/([^/]+)\/range\/(\d+)\/([a-z]+)\/([^/]+)\/([^/]+)$/;
const DETAILS = /^\/v3\/reference\/tickers\/([^/]+)$/;
const SPAN_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000 };
const DAY_MS = 86_400_000;

export async function startFakePolygon(options: FakePolygonOptions): Promise<FakePolygon> {
  const requests: FakeRequest[] = [];
  // Queued answers for the next requests; null answers normally.
  const faults: (Fault | null)[] = [];
  let origin = '';
  let nextId = 1;

  const answer = (url: URL, req: IncomingMessage): { status: number; body: unknown; headers?: Record<string, string> } => {
    const fault = faults.shift();
    if (fault !== undefined && fault !== null) return fault;
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if ((url.searchParams.get('apiKey') ?? bearer) !== options.apiKey) return { status: 401, body: { status: 'ERROR', request_id: rid(), error: 'Unknown API Key' } };
    const details = DETAILS.exec(url.pathname);
    if (details !== null) {
      const ticker = decodeURIComponent(details[1]!);
      const known = options.tickers[ticker];
      if (known === undefined) return { status: 404, body: { status: 'NOT_FOUND', request_id: rid(), message: 'Ticker not found.' } };
      const market = ticker.startsWith('X:') ? 'crypto' : 'stocks';
      return { status: 200, body: { status: 'OK', request_id: rid(), results: { ticker, name: `${ticker} Inc.`, market, locale: 'us', active: known.active ?? true } } };
    }
    const aggs = AGGS.exec(url.pathname);
    if (aggs === null) return { status: 404, body: { status: 'NOT_FOUND', request_id: rid(), message: `no route ${url.pathname}` } };
    const [ticker, multiplier, timespan, fromText, toText] = aggs.slice(1).map((p) => decodeURIComponent(p)) as [string, string, string, string, string];
    const cursor = url.searchParams.get('cursor');
    const q = cursor === null ? url.searchParams : new URLSearchParams(Buffer.from(cursor, 'base64url').toString('utf8'));
    const adjusted = q.get('adjusted') !== 'false';
    const limit = Math.min(Number(q.get('limit') ?? 5_000), options.pageSize ?? 5_000);
    const sort = q.get('sort') ?? 'asc';
    const known = options.tickers[ticker];
    if (known === undefined) {
      if (options.unknownTicker === '404') return { status: 404, body: { status: 'NOT_FOUND', request_id: rid(), message: 'Ticker not found.' } };
      const status = options.unknownTicker === 'not-found' ? 'NOT_FOUND' : 'OK';
      return { status: 200, body: { ticker, queryCount: 0, resultsCount: 0, adjusted, status, request_id: rid() } };
    }
    const crypto = ticker.startsWith('X:');
    const from = bound(fromText, crypto, 'start');
    const to = bound(toText, crypto, 'end');
    const source = timespan === 'day' ? known.daily ?? [] : aggregateMinutes(known.minutes ?? [], Number(multiplier) * (SPAN_MS[timespan] ?? NaN));
    const factor = adjusted ? 1 : known.rawFactor ?? 1;
    const all = source
      .filter((b) => b.t >= from && b.t <= to)
      .map((b) => ({ v: b.v / factor, vw: b.c * factor, o: b.o * factor, c: b.c * factor, h: b.h * factor, l: b.l * factor, t: b.t, n: 10 }));
    if (sort === 'desc') all.reverse();
    const page = all.slice(0, limit);
    const body: Record<string, unknown> = { ticker, queryCount: all.length, resultsCount: page.length, adjusted, status: 'OK', request_id: rid(), count: page.length };
    // Polygon leaves `results` out of an empty answer.
    if (page.length > 0) body.results = page;
    const rest = all[limit];
    if (rest !== undefined) {
      const state = Buffer.from(`adjusted=${adjusted}&limit=${limit}&sort=${sort}`).toString('base64url');
      const nextFrom = sort === 'desc' ? fromText : String(rest.t);
      const nextTo = sort === 'desc' ? String(rest.t) : toText;
      body.next_url = `${origin}/v2/aggs/ticker/${encodeURIComponent(ticker)}/range/${multiplier}/${timespan}/${nextFrom}/${nextTo}?cursor=${state}`;
    }
    return { status: 200, body };
  };

  const rid = (): string => `fake-${nextId++}`;

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    requests.push({ path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers });
    const { status, body, headers } = req.method === 'GET' ? answer(url, req) : { status: 405, body: { status: 'ERROR', error: 'GET only' } };
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl: origin,
    requests,
    failNext: (count, status, headers, skip = 0) => {
      for (let i = 0; i < skip; i++) faults.push(null);
      for (let i = 0; i < count; i++) faults.push({ status, body: { status: 'ERROR', request_id: 'fake-fault', error: `fake HTTP ${status}` }, ...(headers === undefined ? {} : { headers }) });
    },
    malformNext: (body) => faults.push({ status: 200, body }),
    answerNext: (status, body) => faults.push({ status, body }),
    revise: (ticker, kind, t, patch) => {
      const bars = options.tickers[ticker]?.[kind];
      const i = bars?.findIndex((b) => b.t === t) ?? -1;
      if (bars === undefined || i < 0) throw new Error(`the fake has no ${kind} bar of ${ticker} at ${t}`);
      bars[i] = { ...bars[i]!, ...patch };
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A path bound: epoch ms, or a date read as a whole New York day (UTC day for crypto), as Polygon reads it. */
function bound(text: string, crypto: boolean, side: 'start' | 'end'): number {
  if (/^\d+$/.test(text)) return Number(text);
  const start = crypto ? Date.parse(`${text}T00:00:00Z`) : newYorkTime(text);
  return side === 'start' ? start : start + DAY_MS - 1;
}
