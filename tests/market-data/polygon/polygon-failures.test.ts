import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { BarsRequest } from '../../../src/app/market-data/ports.js';
import { createPolygonMarketData, tryCreatePolygonMarketData } from '../../../src/market-data/polygon/polygon-market-data.js';
import { aggregateRequests, startHarness } from './polygon-fixture.js';

const h = await startHarness();
afterAll(() => h.fake.close());

const DAILY: BarsRequest = { symbol: 'AAPL', timeframe: '1d', from: Date.parse('2024-02-01T00:00:00Z'), to: Date.parse('2024-02-29T00:00:00Z') };

describe('Polygon failures', () => {
  it('waits out a 429 for its Retry-After, then serves the bars', async () => {
    h.sleeps.length = 0;
    h.fake.failNext(2, 429, { 'retry-after': '2' });
    const res = await h.market().getBars(DAILY);
    expect(res.ok).toBe(true);
    expect(h.sleeps).toEqual([2_000, 2_000]);
  });

  it('retries a 5xx with backoff and, once the attempts are spent, fails data.unavailable', async () => {
    h.sleeps.length = 0;
    const before = aggregateRequests(h.fake).length;
    h.fake.failNext(3, 503);
    const res = await h.market().getBars(DAILY);
    expect(res.ok ? 'ok' : res.error.code).toBe('data.unavailable');
    if (!res.ok) expect(res.error.message).toBe('Polygon did not answer after 3 attempts: HTTP 503');
    expect(aggregateRequests(h.fake).length - before).toBe(3);
    expect(h.sleeps).toEqual([100, 200]);
  });

  it('retries a failed page alone, not the pages already read', async () => {
    const before = aggregateRequests(h.fake).length;
    h.fake.failNext(1, 500, undefined, 1);
    const res = await h.market().getBars({ ...DAILY, from: Date.parse('2024-01-01T00:00:00Z'), to: Date.parse('2024-03-29T00:00:00Z') });
    expect(res.ok && res.value.length).toBe(65);
    // Polygon's next_url carries the next page's start in its path (`from`), the request's parameters in its cursor.
    const asked = aggregateRequests(h.fake).slice(before).map((r) => `${r.path}?${r.query.cursor ?? 'first'}`);
    expect(asked).toHaveLength(4);
    expect(asked[0]).toMatch(/\?first$/);
    expect(asked[1]).toBe(asked[2]);
    expect(new Set(asked).size).toBe(3);
  });

  it('refuses a wrong key at once with data.auth, one line naming POLYGON_API_KEY', async () => {
    const before = h.fake.requests.length;
    const res = await h.market({ apiKey: 'wrong' }).getBars(DAILY);
    expect(res.ok ? 'ok' : res.error.code).toBe('data.auth');
    if (!res.ok) expect(res.error.message).toBe('Polygon refused the key (HTTP 401): check POLYGON_API_KEY');
    expect(h.fake.requests.length - before).toBe(1);
  });

  const NOT_ENTITLED = 'You are not entitled to this data. Please upgrade your plan at https://polygon.io/pricing';
  it.each([
    ['a key whose plan lacks the data', { status: 'NOT_AUTHORIZED', request_id: 'r1', message: NOT_ENTITLED },
      `Polygon refused the request (HTTP 403: '${NOT_ENTITLED}'): check POLYGON_API_KEY and what its plan includes`],
    ['a reason in `error`', { status: 'ERROR', error: 'Forbidden' },
      "Polygon refused the request (HTTP 403: 'Forbidden'): check POLYGON_API_KEY and what its plan includes"],
    ['no reason', { status: 'NOT_AUTHORIZED', request_id: 'r2' }, 'Polygon refused the key (HTTP 403): check POLYGON_API_KEY'],
    ['a blank reason', { status: 'NOT_AUTHORIZED', message: '  ' }, 'Polygon refused the key (HTTP 403): check POLYGON_API_KEY'],
    ['an HTML page', '<html>403 Forbidden</html>', 'Polygon refused the key (HTTP 403): check POLYGON_API_KEY'],
  ])('refuses a 403 at once with data.auth, keeping Polygon\'s reason when it gives one (%s)', async (_what, body, message) => {
    const before = h.fake.requests.length;
    h.fake.answerNext(403, body);
    const res = await h.market().getBars(DAILY);
    expect(res.ok ? 'ok' : `${res.error.code}: ${res.error.message}`).toBe(`data.auth: ${message}`);
    expect(h.fake.requests.length - before).toBe(1);
  });

  it('quotes a 403 reason in one line: control characters escaped, cut after 200 characters', async () => {
    h.fake.answerNext(403, { status: 'NOT_AUTHORIZED', message: `\x1b[31mnot entitled\n${'x'.repeat(5_000)}` });
    const res = await h.market().getBars(DAILY);
    const message = res.ok ? 'ok' : res.error.message;
    expect(message).toMatch(/^Polygon refused the request \(HTTP 403: '\\x1b\[31mnot entitled\\nx+'… \(\+4,818 characters\)\): check POLYGON_API_KEY and what its plan includes$/);
    expect(message).not.toMatch(/[\u0000-\u001f]/);
    expect(message.length).toBeLessThan(320);
  });

  it.each(['empty', 'not-found', '404'] as const)('says data.symbol for a ticker Polygon does not know (aggregates answered %s)', async (unknownTicker) => {
    const own = await startHarness({ unknownTicker });
    try {
      const res = await own.market().getBars({ ...DAILY, symbol: 'NOPE' });
      expect(res.ok ? 'ok' : `${res.error.code}: ${res.error.message}`).toBe('data.symbol: NOPE is unknown to Polygon');
    } finally {
      await own.fake.close();
    }
  });

  it('tells a known ticker with no bars in the window (data.range, saying when it is delisted) from an unknown one', async () => {
    const res = await h.market().getBars({ ...DAILY, from: Date.parse('2023-01-01T00:00:00Z'), to: Date.parse('2023-02-01T00:00:00Z') });
    expect(res.ok ? 'ok' : `${res.error.code}: ${res.error.message}`).toBe('data.range: Polygon has no 1d bars for AAPL between 2023-01-01 and 2023-02-01');
    const gone = await h.market().getBars({ ...DAILY, symbol: 'OLD' });
    expect(gone.ok ? 'ok' : gone.error.message).toBe('Polygon has no 1d bars for OLD between 2024-02-01 and 2024-02-29 (delisted: inactive on Polygon)');
  });

  it.each([
    ['a bar without numbers', { status: 'OK', results: [{ t: 'soon', o: 1 }] }, /results\.0\.t/],
    ['a low above the close', { status: 'OK', results: [{ t: 1, o: 10, h: 12, l: 11, c: 10.5, v: 1 }] }, /low and high/],
    ['an HTML page', '<html>rate limited</html>', /expected object/],
  ])('says data.corrupt for a malformed payload (%s)', async (_what, body, why) => {
    h.fake.malformNext(body);
    const res = await h.market().getBars(DAILY);
    expect(res.ok ? 'ok' : res.error.code).toBe('data.corrupt');
    if (!res.ok) expect(res.error.message).toMatch(why);
  });

  it.each([
    ['another ticker', '/v2/aggs/ticker/MSFT/range/1/day/1/2'],
    ['another endpoint', '/v3/reference/tickers/AAPL'],
  ])('says data.corrupt for a next_url that does not continue the request (%s)', async (_what, path) => {
    h.fake.malformNext({ status: 'OK', results: [], next_url: `${h.fake.baseUrl}${path}?cursor=x` });
    const res = await h.market().getBars(DAILY);
    expect(res.ok ? 'ok' : `${res.error.code}: ${res.error.message}`).toMatch(/^data\.corrupt: Polygon's next_url .* does not continue the request for AAPL$/);
  });

  it('gives up on a server that never answers: timeouts are retried, then data.unavailable', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const res = await createPolygonMarketData({ apiKey: 'k', baseUrl: url, timeoutMs: 50, retry: { ...h.retry, attempts: 2 } }).getBars(DAILY);
      expect(res.ok ? 'ok' : `${res.error.code}: ${res.error.message}`).toBe('data.unavailable: Polygon did not answer after 2 attempts: no answer within 50 ms');
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('is not configured without a key (naming POLYGON_API_KEY) or with a base URL that is not http(s)', () => {
    const none = tryCreatePolygonMarketData({ apiKey: undefined });
    expect(none.ok ? 'ok' : `${none.error.code}: ${none.error.message}`).toBe('data.not_configured: the Polygon source needs an API key: set POLYGON_API_KEY');
    const badUrl = tryCreatePolygonMarketData({ apiKey: 'k', baseUrl: 'ftp://example' });
    expect(badUrl.ok ? 'ok' : badUrl.error.message).toMatch(/^POLYGON_API_URL must be an http\(s\) URL/);
    const fine = tryCreatePolygonMarketData({ apiKey: 'k', baseUrl: '' });
    expect(fine.ok && fine.value.kind).toBe('polygon');
  });
});
