// How the Alpaca adapter fails, through the real SDK against the fake: retried 429s and 5xx with no real waiting,
// a refused key as one line naming the variables, unknown symbols, malformed payloads, missing keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alpacaMarketDataFrom } from '../../../src/market-data/alpaca/alpaca-market-data.js';
import { dailyStockBars } from '../../fakes/alpaca/fake-alpaca-bars.js';
import { startHarness, t, type Harness } from './alpaca-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.fake.setBars('AAPL', '1Day', dailyStockBars('2024-01-01', '2024-03-31', 185));
});
afterAll(() => h.fake.close());

const JAN = { symbol: 'AAPL', timeframe: '1d' as const, from: t('2024-01-01T00:00:00Z'), to: t('2024-01-31T00:00:00Z') };

/** Runs `f` and returns how many requests the fake saw meanwhile, with the waits asked for. */
async function observe<T>(f: () => Promise<T>): Promise<{ out: T; requests: number; waits: number[] }> {
  const [r, w] = [h.fake.requests.length, h.waits.length];
  const out = await f();
  return { out, requests: h.fake.requests.length - r, waits: h.waits.slice(w) };
}

describe('Alpaca failures', () => {
  it('retries a 429 after its Retry-After, then succeeds (the wait is asked for, never slept)', async () => {
    h.fake.failNext(1, 429, 2);
    const { out, requests, waits } = await observe(() => h.market().getBars(JAN));
    expect(out.ok).toBe(true);
    expect(requests).toBe(2);
    expect(waits).toEqual([2_000]);
  });

  it('without Retry-After, waits until the X-RateLimit-Reset Alpaca sends with a 429 (capped by the policy)', async () => {
    h.fake.failNext(1, 429, undefined, { 'x-ratelimit-limit': '200', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 60) });
    const { out, waits } = await observe(() => h.market().getBars(JAN));
    expect(out.ok).toBe(true);
    expect(waits).toEqual([5_000]); // the harness policy's maxDelayMs, not the backoff's 200
  });

  it('gives up on 5xx after the policy\'s attempts with data.unavailable (the SDK retries nothing itself)', async () => {
    h.fake.failNext(3, 503);
    const { out, requests, waits } = await observe(() => h.market().getBars(JAN));
    expect(out.ok ? null : out.error).toMatchObject({ code: 'data.unavailable', message: 'Alpaca did not answer after 3 attempts: HTTP 503' });
    expect(requests).toBe(3);
    expect(waits).toEqual([200, 400]);
  });

  it('retries an attempt that times out', async () => {
    h.fake.stallNext(1, 2_000);
    const { out, requests, waits } = await observe(() => h.market({ timeoutMs: 600 }).getBars(JAN));
    expect(out.ok).toBe(true);
    expect(requests).toBe(2);
    expect(waits).toEqual([200]);
    h.fake.stallNext(3, 300);
    const gaveUp = await h.market({ timeoutMs: 50 }).getBars(JAN);
    expect(gaveUp.ok ? null : gaveUp.error).toMatchObject({ code: 'data.unavailable', message: 'Alpaca did not answer after 3 attempts: Request timed out after 50 ms' });
  });

  it('answers a refused key with data.auth: one line naming the variables, no retry', async () => {
    const { out, requests } = await observe(() => h.market({ secretKey: 'wrong' }).getBars(JAN));
    expect(out.ok ? null : out.error).toMatchObject({
      code: 'data.auth',
      message: 'Alpaca refused the key (HTTP 403): check APCA_API_KEY_ID and APCA_API_SECRET_KEY',
    });
    expect(requests).toBe(1);
  });

  it('blames the feed, not the key, when the sip feed is refused', async () => {
    h.fake.sipRefused = true;
    const out = await h.market({ feed: 'sip' }).getBars(JAN);
    h.fake.sipRefused = false;
    expect(out.ok ? null : out.error.code).toBe('data.auth');
    expect(out.ok ? '' : out.error.message).toMatch(/^Alpaca refused the sip feed for this key .*set APCA_DATA_FEED=iex/);
  });

  it.each(['empty', 404, 422] as const)('answers an unknown symbol (Alpaca says %s) with data.symbol', async (answer) => {
    h.fake.unknownSymbolAnswer = answer;
    const out = await h.market().getBars({ ...JAN, symbol: 'NOPE' });
    h.fake.unknownSymbolAnswer = 'empty';
    expect(out.ok ? null : out.error.code).toBe('data.symbol');
    expect(out.ok ? '' : out.error.message).toMatch(/^Alpaca does not know 'NOPE'/);
  });

  it('tells a known symbol\'s empty window (data.range) from an unknown symbol, and refuses an index without asking', async () => {
    const holiday = await h.market().getBars({ ...JAN, from: t('2024-01-01T00:00:00Z'), to: t('2024-01-01T23:00:00Z') });
    expect(holiday.ok ? null : holiday.error).toMatchObject({ code: 'data.range', message: 'Alpaca has no 1d bars of AAPL between 2024-01-01 and 2024-01-01 23:00 (iex feed)' });
    h.fake.setAsset({ symbol: 'OLDCO', status: 'inactive', tradable: false, class: 'us_equity' });
    const delisted = await h.market().getBars({ ...JAN, symbol: 'OLDCO' });
    expect(delisted.ok ? null : delisted.error.code).toBe('data.range');
    expect(delisted.ok ? '' : delisted.error.message).toMatch(/; OLDCO is delisted\/inactive on Alpaca$/);
    const { out, requests } = await observe(() => h.market().getBars({ ...JAN, symbol: '^GSPC' }));
    expect(out.ok ? null : out.error.code).toBe('data.symbol');
    expect(requests).toBe(0);
  });

  it('answers a malformed payload with data.corrupt in one line, without retrying it', async () => {
    h.fake.malformNext(1);
    const { out, requests } = await observe(() => h.market().getBars(JAN));
    expect(out.ok ? null : out.error.code).toBe('data.corrupt');
    expect(out.ok ? '' : out.error.message).toMatch(/^Alpaca sent a malformed payload for AAPL 1Day bars: bars\.0\.t: /);
    expect(out.ok ? '' : out.error.message).not.toContain('\n');
    expect(requests).toBe(1);
  });

  it('cannot be built without both keys: data.not_configured names the variables', () => {
    const none = alpacaMarketDataFrom({ keyId: undefined, secretKey: '  ' });
    expect(none.ok ? null : none.error).toMatchObject({
      code: 'data.not_configured',
      message: 'Alpaca market data needs APCA_API_KEY_ID and APCA_API_SECRET_KEY (missing: APCA_API_KEY_ID, APCA_API_SECRET_KEY)',
    });
    const half = alpacaMarketDataFrom({ keyId: 'PK', secretKey: undefined });
    expect(half.ok ? null : half.error.message).toMatch(/missing: APCA_API_SECRET_KEY\)$/);
    const both = alpacaMarketDataFrom({ keyId: 'PK', secretKey: 's', dataUrl: h.fake.url });
    expect(both.ok ? both.value.kind : null).toBe('alpaca');
  });
});
