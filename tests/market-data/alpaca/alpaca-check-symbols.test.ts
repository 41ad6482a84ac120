// checkSymbols asks Alpaca's asset list (GET /v2/assets/{symbol} on the trading host) before a run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './alpaca-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.fake.setAsset({ symbol: 'AAPL', status: 'active', tradable: true, class: 'us_equity' });
  h.fake.setAsset({ symbol: 'BRK.B', status: 'active', tradable: true, class: 'us_equity' });
  h.fake.setAsset({ symbol: 'OLDCO', status: 'inactive', tradable: false, class: 'us_equity' });
  h.fake.setAsset({ symbol: 'LOCKD', status: 'active', tradable: false, class: 'us_equity' });
  h.fake.setAsset({ symbol: 'BTC/USD', status: 'active', tradable: true, class: 'crypto' });
});
afterAll(() => h.fake.close());

describe('Alpaca checkSymbols', () => {
  it('accepts active tradable assets and says why each other symbol is refused', async () => {
    const res = await h.market().checkSymbols!(['aapl', 'OLDCO', 'LOCKD', 'NOPE', 'BTC/USD', 'BF-B', 'BRK.B', 'no way']);
    if (!res.ok) throw new Error(res.error.message);
    expect(res.value.accepted).toEqual(['AAPL', 'BTC/USD', 'BRK.B']);
    expect(res.value.refused).toEqual([
      { symbol: 'OLDCO', reason: 'delisted/inactive on Alpaca' },
      { symbol: 'LOCKD', reason: 'not tradable on Alpaca' },
      { symbol: 'NOPE', reason: 'unknown to Alpaca' },
      { symbol: 'BF-B', reason: 'unknown to Alpaca' },
      { symbol: 'no way', reason: expect.stringMatching(/is not a symbol/) },
    ]);
    const looked = h.fake.requests.filter((r) => r.path.startsWith('/v2/assets/')).map((r) => r.path);
    expect(looked).toEqual(expect.arrayContaining(['/v2/assets/BTCUSD', '/v2/assets/BF.B', '/v2/assets/BRK.B']));
  });

  it('refuses a crypto pair written without its separator, naming the spellings the desk trades it by', async () => {
    // Alpaca answers /v2/assets/BTCUSD with the BTC/USD pair; the desk would read BTCUSD as a stock (stock bars, NYSE hours).
    const res = await h.market().checkSymbols!(['BTCUSD', 'btc-usd']);
    if (!res.ok) throw new Error(res.error.message);
    expect(res.value.accepted).toEqual(['BTC-USD']);
    expect(res.value.refused).toEqual([{ symbol: 'BTCUSD', reason: 'a crypto pair on Alpaca: write it BTC/USD (or with a dash: BTC-USD)' }]);
  });

  it('fails as a whole with data.auth naming the variables when the trading host refuses the key', async () => {
    const res = await h.market({ keyId: 'PKWRONG' }).checkSymbols!(['AAPL']);
    expect(res.ok ? null : res.error.code).toBe('data.auth');
    expect(res.ok ? '' : res.error.message).toBe(
      'Alpaca refused the key (HTTP 401): check APCA_API_KEY_ID and APCA_API_SECRET_KEY (and APCA_API_BASE_URL: paper keys work only on the paper host)',
    );
  });

  it('retries the asset lookup through a 500', async () => {
    h.fake.failNext(1, 500);
    const res = await h.market().checkSymbols!(['AAPL']);
    expect(res.ok ? res.value.accepted : null).toEqual(['AAPL']);
  });
});
