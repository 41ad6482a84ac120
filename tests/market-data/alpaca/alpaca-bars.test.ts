// The Alpaca adapter's bars, through the real SDK against the fake: pages followed, stamps mapped to desk times,
// the regular session kept, session-anchored hours, split adjustment passed through, crypto around the clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BarSeries } from '../../../src/core/domain/bar.js';
import type { Result } from '../../../src/core/domain/result.js';
import { cryptoBars, dailyStockBars, intradayStockBars } from '../../fakes/alpaca/fake-alpaca-bars.js';
import { startHarness, t, type Harness } from './alpaca-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(50);
  h.fake.setBars('SPY', '1Day', dailyStockBars('2024-01-01', '2024-12-31', 470));
  h.fake.setBars('SPY', '5Min', [...intradayStockBars('2024-01-02', '2024-01-02', 5, 470), ...intradayStockBars('2024-07-03', '2024-07-03', 5, 540)]);
  h.fake.setBars('SPY', '30Min', [...intradayStockBars('2024-01-02', '2024-01-02', 30, 470), ...intradayStockBars('2024-07-03', '2024-07-03', 30, 540)]);
  h.fake.setBars('NVDA', '1Day', dailyStockBars('2024-06-03', '2024-06-14', 1_200));
  h.fake.setSplit('NVDA', '2024-06-10T00:00:00Z', 10);
  h.fake.setBars('BTC/USD', '1Hour', cryptoBars('2024-01-05T00:00:00Z', '2024-01-08T00:00:00Z', 60));
});
afterAll(() => h.fake.close());

function series(res: Result<BarSeries>): BarSeries {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.value;
}
const barRequests = () => h.fake.requests.filter((r) => r.path.endsWith('/bars'));
const iso = (ms: number) => new Date(ms).toISOString();

describe('Alpaca bars through the SDK', () => {
  it('follows next_page_token over several pages and puts daily bars on their New York date', async () => {
    const before = barRequests().length;
    const year = series(await h.market().getBars({ symbol: 'spy', timeframe: '1d', from: t('2024-01-01T00:00:00Z'), to: t('2024-12-31T00:00:00Z') }));
    const sent = barRequests().slice(before);
    expect(year.symbol).toBe('SPY');
    expect(year.length).toBe(252); // NYSE trading days in 2024
    expect(sent.length).toBe(Math.ceil(252 / 50));
    expect(sent[0]!.query.page_token).toBeUndefined();
    for (const r of sent.slice(1)) expect(r.query.page_token).toMatch(/\S/);
    expect(sent[0]!.path).toBe('/v2/stocks/SPY/bars');
    expect(sent[0]!.query).toMatchObject({ timeframe: '1Day', feed: 'iex', adjustment: 'split', limit: '10000', sort: 'asc' });
    expect(sent[0]!.headers['apca-api-key-id']).toBe('PKTEST1234');
    // Stamped 05:00Z in winter and 04:00Z in summer by Alpaca, both on 00:00Z of the date for the desk.
    expect(iso(year.time[0]!)).toBe('2024-01-02T00:00:00.000Z');
    expect([...year.time].map(iso)).toContain('2024-07-01T00:00:00.000Z');
    expect([...year.time].map(iso)).not.toContain('2024-07-04T00:00:00.000Z');
  });

  it('keeps only the regular session of 5-minute bars, 13:00 early closes included', async () => {
    const bars = series(await h.market().getBars({ symbol: 'SPY', timeframe: '5m', from: t('2024-01-02T00:00:00Z'), to: t('2024-07-04T00:00:00Z') }));
    const jan = [...bars.time].filter((x) => x < t('2024-01-03T00:00:00Z'));
    const jul = [...bars.time].filter((x) => x >= t('2024-07-03T00:00:00Z'));
    expect(jan.length).toBe(78);
    expect(iso(jan[0]!)).toBe('2024-01-02T14:30:00.000Z');
    expect(iso(jan.at(-1)!)).toBe('2024-01-02T20:55:00.000Z');
    expect(jul.length).toBe(42);
    expect(iso(jul.at(-1)!)).toBe('2024-07-03T16:55:00.000Z');
  });

  it('builds a US stock\'s 1h bars from half hours, anchored at the 09:30 open', async () => {
    const before = barRequests().length;
    const hours = series(await h.market().getBars({ symbol: 'SPY', timeframe: '1h', from: t('2024-01-02T00:00:00Z'), to: t('2024-07-04T00:00:00Z') }));
    expect(barRequests()[before]!.query.timeframe).toBe('30Min');
    expect([...hours.time].map((x) => iso(x).slice(11, 16))).toEqual([
      '14:30', '15:30', '16:30', '17:30', '18:30', '19:30', '20:30', // Jan 2: 09:30 ... 15:30 New York (EST)
      '13:30', '14:30', '15:30', '16:30', // Jul 3: 09:30 ... 12:30 New York (EDT), closed at 13:00
    ]);
    const halves = series(await h.market().getBars({ symbol: 'SPY', timeframe: '5m', from: t('2024-01-02T14:30:00Z'), to: t('2024-01-02T15:25:00Z') }));
    expect(halves.length).toBe(12);
    // The first desk hour spans the 09:30 and 10:00 half hours: check it against the 30-minute table's values.
    const raw = intradayStockBars('2024-01-02', '2024-01-02', 30, 470).filter((b) => b.t === '2024-01-02T14:30:00Z' || b.t === '2024-01-02T15:00:00Z');
    expect({ o: hours.open[0], h: hours.high[0], l: hours.low[0], c: hours.close[0], v: hours.volume[0] }).toEqual({
      o: raw[0]!.o, h: Math.max(raw[0]!.h, raw[1]!.h), l: Math.min(raw[0]!.l, raw[1]!.l), c: raw[1]!.c, v: raw[0]!.v + raw[1]!.v,
    });
  });

  it('passes the adjustment through: split-adjusted by default, raw on request', async () => {
    const window = { symbol: 'NVDA', timeframe: '1d' as const, from: t('2024-06-03T00:00:00Z'), to: t('2024-06-14T00:00:00Z') };
    const before = barRequests().length;
    const split = series(await h.market().getBars(window));
    const raw = series(await h.market({ adjustment: 'raw' }).getBars(window));
    expect(barRequests().slice(before).map((r) => r.query.adjustment)).toEqual(['split', 'raw']);
    const table = dailyStockBars('2024-06-03', '2024-06-14', 1_200);
    expect([...raw.close]).toEqual(table.map((b) => b.c));
    expect(split.close[0]).toBeCloseTo(table[0]!.c / 10, 9); // June 3, before the 10-for-1 split
    expect(split.close[split.length - 1]).toBe(table.at(-1)!.c); // June 14, after it
    expect(h.market({ adjustment: 'raw', feed: 'sip' }).label).toBe('Alpaca Market Data (sip feed, raw prices)');
    expect(h.market().label).toBe('Alpaca Market Data (iex feed, split-adjusted)');
  });

  it('sees a revised bar on the next fetch (nothing is cached)', async () => {
    const window = { symbol: 'NVDA', timeframe: '1d' as const, from: t('2024-06-12T00:00:00Z'), to: t('2024-06-12T00:00:00Z') };
    const first = series(await h.market({ adjustment: 'raw' }).getBars(window));
    h.fake.revise('NVDA', '1Day', '2024-06-12T04:00:00Z', { c: first.close[0]! + 1, h: first.high[0]! + 1 });
    const again = series(await h.market({ adjustment: 'raw' }).getBars(window));
    expect(again.close[0]).toBe(first.close[0]! + 1);
  });

  it('serves crypto pairs around the clock from the v1beta3 crypto bars, weekends included', async () => {
    const before = barRequests().length;
    const btc = series(await h.market().getBars({ symbol: 'BTC-USD', timeframe: '1h', from: t('2024-01-06T00:00:00Z'), to: t('2024-01-07T23:00:00Z') }));
    const sent = barRequests().slice(before);
    expect(sent[0]!.path).toBe('/v1beta3/crypto/us/bars');
    expect(sent[0]!.query).toMatchObject({ symbols: 'BTC/USD', timeframe: '1Hour' });
    expect(sent[0]!.query.feed).toBeUndefined();
    expect(sent.length).toBe(1); // 48 bars fit on one page of 50
    expect(btc.symbol).toBe('BTC-USD');
    expect(btc.length).toBe(48); // Saturday and Sunday, every hour
    expect(iso(btc.time[0]!)).toBe('2024-01-06T00:00:00.000Z');
    const slash = series(await h.market().getBars({ symbol: 'BTC/USD', timeframe: '1h', from: t('2024-01-05T00:00:00Z'), to: t('2024-01-07T23:00:00Z') }));
    expect(slash.length).toBe(72);
    expect(barRequests().length - before).toBe(3); // 72 bars: two pages
  });
});
