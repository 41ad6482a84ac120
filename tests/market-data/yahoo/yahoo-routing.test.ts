// Pure parts of the Yahoo adapter: desk symbols in Yahoo's spelling, YAHOO_API_URL routing, Yahoo's history limits.
import { describe, expect, it } from 'vitest';
import { routeYahooUrl } from '../../../src/market-data/yahoo/yahoo-fetch.js';
import { toYahooSymbol } from '../../../src/market-data/yahoo/yahoo-symbol.js';
import { planChart } from '../../../src/market-data/yahoo/yahoo-window.js';
import { ms, NOW } from './yahoo-fixture.js';

describe('Yahoo symbols and routing', () => {
  it.each([
    ['AAPL', 'AAPL', 'us-equities'],
    ['BRK.B', 'BRK-B', 'us-equities'],
    ['^GSPC', '^GSPC', 'us-equities'],
    ['BTC/USD', 'BTC-USD', 'crypto'],
    ['ETH-USD', 'ETH-USD', 'crypto'],
    ['SOLUSDT', 'SOL-USDT', 'crypto'],
  ])('asks Yahoo for %s as %s (%s)', (desk, yahoo, market) => {
    expect(toYahooSymbol(desk)).toEqual({ desk, yahoo, market });
  });

  it('routes every Yahoo host to YAHOO_API_URL, path and query kept, and leaves other hosts alone', () => {
    const base = 'http://127.0.0.1:8080/proxy/';
    for (const host of ['query1.finance.yahoo.com', 'query2.finance.yahoo.com', 'fc.yahoo.com', 'finance.yahoo.com', 'guce.yahoo.com', 'consent.yahoo.com']) {
      expect(routeYahooUrl(`https://${host}/v8/finance/chart/AAPL?interval=1d`, base)).toBe('http://127.0.0.1:8080/proxy/v8/finance/chart/AAPL?interval=1d');
    }
    expect(routeYahooUrl('https://example.com/x', base)).toBe('https://example.com/x');
    expect(routeYahooUrl('https://query2.finance.yahoo.com/v7/finance/quote', undefined)).toBe('https://query2.finance.yahoo.com/v7/finance/quote');
  });
});

describe("Yahoo's history limits", () => {
  it('starts an intraday window without `from` at the oldest bar Yahoo keeps', () => {
    const plan = planChart('5m', 'us-equities', undefined, NOW, NOW);
    if (!plan.ok) throw new Error(plan.error.message);
    expect(plan.value.windows[0]!.start).toBe(NOW - 60 * 86_400_000);
  });

  it('refuses a window wholly older than the limit even without `from`', () => {
    const plan = planChart('15m', 'us-equities', undefined, ms('2023-06-01T00:00:00Z'), NOW);
    expect(plan.ok ? 'ok' : plan.error.code).toBe('data.range');
  });

  it('asks crypto hours as 60m bars, kept for 730 days, and a US stock\'s as half hours', () => {
    const crypto = planChart('1h', 'crypto', ms('2023-01-01T00:00:00Z'), NOW, NOW);
    const stock = planChart('1h', 'us-equities', ms('2024-02-01T00:00:00Z'), NOW, NOW);
    expect(crypto.ok && [crypto.value.interval, crypto.value.sessionHours]).toEqual(['60m', false]);
    expect(stock.ok && [stock.value.interval, stock.value.sessionHours]).toEqual(['30m', true]);
  });
});
