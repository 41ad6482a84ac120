import { afterAll, describe, expect, it } from 'vitest';
import { startHarness } from './polygon-fixture.js';

const h = await startHarness();
afterAll(() => h.fake.close());

describe('Polygon checkSymbols', () => {
  it('accepts the tickers Polygon knows and trades, and refuses unknown, delisted and malformed ones with why', async () => {
    const res = await h.market().checkSymbols!(['aapl', 'NOPE', 'OLD', 'BTC/USD', 'ETH/USD', 'no way!', '^GSPC']);
    if (!res.ok) throw new Error(res.error.message);
    expect(res.value.accepted).toEqual(['AAPL', 'BTC/USD']);
    expect(res.value.refused).toEqual([
      { symbol: 'NOPE', reason: 'unknown to Polygon' },
      { symbol: 'OLD', reason: 'delisted (inactive on Polygon)' },
      { symbol: 'ETH/USD', reason: 'unknown to Polygon' },
      { symbol: 'no way!', reason: expect.stringMatching(/is not a symbol/) },
      { symbol: '^GSPC', reason: expect.stringMatching(/is an index/) },
    ]);
    const asked = h.fake.requests.filter((r) => r.path.startsWith('/v3/reference/tickers/')).map((r) => decodeURIComponent(r.path.slice(22)));
    expect(asked).toEqual(['AAPL', 'NOPE', 'OLD', 'X:BTCUSD', 'X:ETHUSD']);
  });

  it('fails the whole check with data.auth when the key is refused', async () => {
    const res = await h.market({ apiKey: 'wrong' }).checkSymbols!(['AAPL']);
    expect(res.ok ? 'ok' : `${res.error.code}: ${res.error.message}`).toBe('data.auth: Polygon refused the key (HTTP 401): check POLYGON_API_KEY');
  });

  it('retries ticker details after a 429 like any other call', async () => {
    h.sleeps.length = 0;
    h.fake.failNext(1, 429, { 'retry-after': '1' });
    const res = await h.market().checkSymbols!(['AAPL']);
    expect(res.ok && res.value.accepted).toEqual(['AAPL']);
    expect(h.sleeps).toEqual([1_000]);
  });
});
