// How the Yahoo adapter meets Yahoo's failures and checks symbols (real yahoo-finance2 against the fake): the
// cookie/crumb handshake, 429 and 5xx retried, unknown symbols, malformed answers, a host that does not answer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createYahooMarketData } from '../../../src/market-data/yahoo/yahoo-market-data.js';
import { startFakeYahoo, type FakeYahoo, type Malformed } from '../../fakes/yahoo/fake-yahoo.js';
import { dailyRows, ms, noSleep, NOW, yahooFor } from './yahoo-fixture.js';

let fake: FakeYahoo;
beforeEach(async () => {
  fake = await startFakeYahoo();
  fake.setBars('AAPL', '1d', dailyRows('2024-01-08', 5));
  fake.setBars('BRK-B', '1d', dailyRows('2024-01-08', 5));
  fake.setBars('BTC-USD', '1d', dailyRows('2024-01-08', 5));
});
afterEach(() => fake.close());

const req = { symbol: 'AAPL', timeframe: '1d' as const, from: ms('2024-01-08T00:00:00Z'), to: ms('2024-01-12T00:00:00Z') };
const codeOf = (res: { ok: boolean; error?: { code: string } }) => (res.ok ? 'ok' : res.error!.code);

describe('Yahoo failures', () => {
  it('retries a 429, waiting what Retry-After says, then serves the bars', async () => {
    const waits: number[] = [];
    fake.failNext(429, 1, 2);
    const res = await yahooFor(fake, { retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 5_000, sleep: async (ms) => void waits.push(ms) } }).getBars(req);
    expect(codeOf(res)).toBe('ok');
    expect(waits).toEqual([2_000]);
  });

  it('gives data.unavailable naming YAHOO_API_URL once the 5xx answers outlast the retries', async () => {
    fake.failNext(500, 3);
    const res = await yahooFor(fake).getBars(req);
    expect(codeOf(res)).toBe('data.unavailable');
    if (!res.ok) expect(res.error.message).toMatch(/YAHOO_API_URL=http:\/\/127\.0\.0\.1:\d+.*3 attempts.*HTTP 500/);
  });

  it('retries a request that gets no answer within the timeout', async () => {
    fake.hangNext(1);
    const res = await yahooFor(fake, { timeoutMs: 300 }).getBars(req);
    expect(codeOf(res)).toBe('ok');
    expect(fake.requests.filter((r) => r.path.startsWith('/v8/')).length).toBe(2);
  });

  it('gives data.unavailable naming YAHOO_API_URL when nothing answers there', async () => {
    const market = createYahooMarketData({ apiUrl: 'http://127.0.0.1:9', retry: noSleep, timeoutMs: 1_000, now: () => NOW });
    const res = await market.getBars(req);
    expect(codeOf(res)).toBe('data.unavailable');
    if (!res.ok) expect(res.error.message).toMatch(/YAHOO_API_URL=http:\/\/127\.0\.0\.1:9.*did not answer/);
  });

  it('says YAHOO_API_URL is not a URL instead of asking anything', async () => {
    const market = createYahooMarketData({ apiUrl: 'not a url', retry: noSleep, now: () => NOW });
    const [bars, check] = [await market.getBars(req), await market.checkSymbols!(['AAPL'])];
    for (const res of [bars, check]) {
      expect(codeOf(res)).toBe('data.unavailable');
      if (!res.ok) expect(res.error.message).toMatch(/^YAHOO_API_URL='not a url' is not a URL/);
    }
  });

  it('says data.symbol for a symbol Yahoo has no data for (its 404 "symbol may be delisted")', async () => {
    const res = await yahooFor(fake).getBars({ ...req, symbol: 'NOPE' });
    expect(codeOf(res)).toBe('data.symbol');
    if (!res.ok) expect(res.error.message).toMatch(/NOPE.*No data found/);
    expect(fake.requests.filter((r) => r.path === '/v8/finance/chart/NOPE').length).toBe(1); // not retried
  });

  it.each<Malformed>(['not-json', 'wrong-types', 'length-mismatch'])('says data.corrupt for a %s chart answer, without retrying', async (kind) => {
    fake.malformNext(kind, 1);
    const res = await yahooFor(fake).getBars(req);
    expect(codeOf(res)).toBe('data.corrupt');
    if (!res.ok) expect(res.error.message.length).toBeLessThan(400);
    expect(fake.requests.filter((r) => r.path.startsWith('/v8/')).length).toBe(1);
  });

  it('says data.range for a window Yahoo has no bars in (as Alpaca, Polygon and CSV files do)', async () => {
    const res = await yahooFor(fake).getBars({ ...req, from: ms('2024-02-01T00:00:00Z'), to: ms('2024-02-05T00:00:00Z') });
    expect(codeOf(res)).toBe('data.range');
  });
});

describe('Yahoo checkSymbols', () => {
  it('does the cookie/crumb handshake once, then sends the crumb and cookie with every quote', async () => {
    const market = yahooFor(fake);
    await market.checkSymbols!(['AAPL']);
    await market.checkSymbols!(['AAPL']);
    expect(fake.crumbRequests()).toBe(1);
    const quotes = fake.requests.filter((r) => r.path === '/v7/finance/quote');
    expect(quotes.length).toBe(2);
    for (const q of quotes) {
      expect(q.query.get('crumb')).toBe(fake.crumb());
      expect(q.cookie).toMatch(/A3=/);
    }
  });

  it('accepts known symbols in desk spelling, refuses unknown, delisted and malformed ones with why', async () => {
    fake.delist('OLDCO');
    fake.delist('GONE', { marketState: 'DELISTED' }); // a state the library's schema does not know
    const res = await yahooFor(fake).checkSymbols!(['AAPL', 'BRK.B', 'BTC/USD', 'NOPE', 'OLDCO', 'GONE', 'not a symbol']);
    if (!res.ok) throw new Error(res.error.message);
    expect(res.value.accepted).toEqual(['AAPL', 'BRK.B', 'BTC/USD']);
    const why = Object.fromEntries(res.value.refused.map((r) => [r.symbol, r.reason]));
    expect(Object.keys(why).sort()).toEqual(['GONE', 'NOPE', 'OLDCO', 'not a symbol']);
    expect(why['NOPE']).toMatch(/unknown to Yahoo/);
    expect(why['OLDCO']).toMatch(/delisted.*quoteType NONE/);
    expect(why['GONE']).toMatch(/delisted.*marketState 'DELISTED'/);
  });

  it('goes through the EU consent pages when Yahoo redirects there, then gets its crumb', async () => {
    await fake.close();
    fake = await startFakeYahoo({ consent: true });
    fake.setBars('AAPL', '1d', dailyRows('2024-01-08', 5));
    const res = await yahooFor(fake).checkSymbols!(['AAPL']);
    expect(res.ok && res.value.accepted).toEqual(['AAPL']);
    const pages = fake.requests.map((r) => r.path).filter((p) => !p.startsWith('/v7/'));
    expect(pages).toEqual(['/quote/AAPL', '/consent', '/v2/collectConsent', '/v2/collectConsent', '/copyConsent', '/quote/AAPL', '/v1/test/getcrumb']);
  });

  it('keeps each adapter on its own session (the library caches one crumb per process)', async () => {
    const other = await startFakeYahoo();
    other.setBars('MSFT', '1d', dailyRows('2024-01-08', 5));
    other.expireSession(); // another crumb than this fake's
    try {
      const [a, b] = [yahooFor(fake), yahooFor(other)];
      for (const [market, symbol] of [[a, 'AAPL'], [b, 'MSFT'], [a, 'AAPL']] as const) {
        const res = await market.checkSymbols!([symbol]);
        expect(res.ok && res.value.accepted).toEqual([symbol]);
      }
      expect([fake.crumbRequests(), other.crumbRequests()]).toEqual([1, 1]);
    } finally {
      await other.close();
    }
  });

  it('does the handshake again when Yahoo expires the session (401 Invalid Crumb)', async () => {
    const market = yahooFor(fake);
    await market.checkSymbols!(['AAPL']);
    fake.expireSession();
    const res = await market.checkSymbols!(['AAPL']);
    expect(res.ok && res.value.accepted).toEqual(['AAPL']);
    expect(fake.crumbRequests()).toBe(2);
  });

  it('retries a 429 on the quote endpoint', async () => {
    fake.failNext(429, 1);
    const res = await yahooFor(fake).checkSymbols!(['AAPL']);
    expect(res.ok && res.value.accepted).toEqual(['AAPL']);
  });
});
