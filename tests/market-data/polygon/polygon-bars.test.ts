import { afterAll, describe, expect, it } from 'vitest';
import type { BarSeries } from '../../../src/core/domain/bar.js';
import type { Result } from '../../../src/core/domain/result.js';
import type { FakeAggregate } from '../../fakes/polygon/fake-polygon-bars.js';
import { aggregateRequests, KEY, standardTickers, startHarness } from './polygon-fixture.js';

const h = await startHarness({ pageSize: 7 });
afterAll(() => h.fake.close());

const DAY_MS = 86_400_000;
const at = (iso: string): number => Date.parse(iso);
const value = (r: Result<BarSeries>): BarSeries => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};
const minutesOf = (ticker: string): FakeAggregate[] => standardTickers()[ticker]!.minutes!;

describe('Polygon bars', () => {
  it('follows next_url page by page and returns every bar once, oldest first, on its New York date', async () => {
    const before = aggregateRequests(h.fake).length;
    const s = value(await h.market().getBars({ symbol: 'AAPL', timeframe: '1d', from: at('2024-01-01T00:00:00Z'), to: at('2024-03-29T00:00:00Z') }));
    // Polygon stamps daily bars at midnight New York (04:00Z or 05:00Z): the desk puts them at 00:00Z that date.
    const expected = standardTickers().AAPL!.daily!.map((b) => Math.floor(b.t / DAY_MS) * DAY_MS);
    expect(s.length).toBe(65);
    expect([...s.time]).toEqual(expected);
    const pages = aggregateRequests(h.fake).slice(before);
    expect(pages).toHaveLength(Math.ceil(65 / 7));
    expect(pages[0]!.query).toMatchObject({ adjusted: 'true', sort: 'asc', limit: '50000', apiKey: KEY });
    expect(pages[0]!.path).toBe('/v2/aggs/ticker/AAPL/range/1/day/2024-01-01/2024-03-29');
    // Later pages are next_url's own path and query (its cursor), plus the key the client adds as a query parameter.
    for (const p of pages.slice(1)) expect(Object.keys(p.query).sort()).toEqual(['apiKey', 'cursor']);
    expect(pages.every((p) => p.headers.authorization === undefined)).toBe(true);
  });

  it('asks next_url\'s path and query of the configured base URL only, so the key never goes to another host', async () => {
    const stamp = at('2024-02-01T05:00:00Z');
    const bar = standardTickers().AAPL!.daily!.find((b) => b.t === stamp)!;
    h.fake.malformNext({
      status: 'OK', resultsCount: 1, results: [bar],
      next_url: `http://192.0.2.1:9/v2/aggs/ticker/AAPL/range/1/day/${stamp + 1}/2024-02-09?cursor=${Buffer.from('adjusted=true&limit=3&sort=asc').toString('base64url')}`,
    });
    const before = aggregateRequests(h.fake).length;
    const s = value(await h.market().getBars({ symbol: 'AAPL', timeframe: '1d', from: at('2024-02-01T00:00:00Z'), to: at('2024-02-09T00:00:00Z') }));
    expect(s.length).toBe(7);
    expect(aggregateRequests(h.fake).slice(before).map((r) => r.path)).toEqual([
      '/v2/aggs/ticker/AAPL/range/1/day/2024-02-01/2024-02-09',
      `/v2/aggs/ticker/AAPL/range/1/day/${stamp + 1}/2024-02-09`,
      `/v2/aggs/ticker/AAPL/range/1/day/${at('2024-02-07T05:00:00Z')}/2024-02-09`,
    ]);
  });

  it('asks split-adjusted prices by default and raw prices when told, and labels each', async () => {
    const window = { symbol: 'AAPL', timeframe: '1d' as const, from: at('2024-02-01T00:00:00Z'), to: at('2024-02-09T00:00:00Z') };
    const split = h.market();
    const raw = h.market({ adjustment: 'raw' });
    expect(split.label).toBe('Polygon (split-adjusted)');
    expect(raw.label).toBe('Polygon (raw prices)');
    expect(split.simulated).toBe(false);
    const a = value(await split.getBars(window));
    expect(aggregateRequests(h.fake).at(-1)!.query.adjusted).toBe('true');
    const r = value(await raw.getBars(window));
    expect(aggregateRequests(h.fake).at(-1)!.query.adjusted).toBe('false');
    expect([...r.close]).toEqual([...a.close].map((c) => c * 4));
    expect([...r.volume]).toEqual([...a.volume].map((v) => v / 4));
  });

  it('sees a bar Polygon revised at the next request', async () => {
    const market = h.market();
    const window = { symbol: 'AAPL', timeframe: '1d' as const, from: at('2024-02-01T00:00:00Z'), to: at('2024-02-02T00:00:00Z') };
    const first = value(await market.getBars(window));
    const stamp = at('2024-02-01T05:00:00Z');
    const old = standardTickers().AAPL!.daily!.find((b) => b.t === stamp)!;
    h.fake.revise('AAPL', 'daily', stamp, { c: old.l, v: 123_456 });
    const second = value(await market.getBars(window));
    expect(first.close[0]).toBe(old.c);
    expect(second.close[0]).toBe(old.l);
    expect(second.volume[0]).toBe(123_456);
    expect(second.close[1]).toBe(first.close[1]);
  });

  it('keeps a US stock\'s bars of the regular session only (pre-market and after hours dropped)', async () => {
    const s = value(await h.market().getBars({ symbol: 'AAPL', timeframe: '5m', from: at('2024-03-04T00:00:00Z'), to: at('2024-03-05T00:00:00Z') }));
    expect(s.length).toBe(78);
    expect(s.time[0]).toBe(at('2024-03-04T14:30:00Z'));
    expect(s.time[77]).toBe(at('2024-03-04T20:55:00Z'));
  });

  it('builds a US stock\'s 1h bars from half hours, anchored at the session open (09:30-10:30 ... 15:30-16:00)', async () => {
    const market = h.market();
    const s = value(await market.getBars({ symbol: 'AAPL', timeframe: '1h', from: at('2024-03-04T00:00:00Z'), to: at('2024-03-05T23:00:00Z') }));
    expect(aggregateRequests(h.fake).at(-1)!.path).toContain('/AAPL/range/30/minute/');
    const day = ['14:30', '15:30', '16:30', '17:30', '18:30', '19:30', '20:30'];
    expect([...s.time]).toEqual(['04', '05'].flatMap((d) => day.map((hm) => at(`2024-03-${d}T${hm}:00Z`))));
    const inHour = (start: number, ms: number) => minutesOf('AAPL').filter((m) => m.t >= start && m.t < start + ms);
    const first = inHour(at('2024-03-04T14:30:00Z'), 3_600_000);
    expect(s.open[0]).toBe(first[0]!.o);
    expect(s.close[0]).toBe(first[59]!.c);
    expect(s.high[0]).toBe(Math.max(...first.map((m) => m.h)));
    expect(s.low[0]).toBe(Math.min(...first.map((m) => m.l)));
    expect(s.volume[0]).toBe(first.reduce((sum, m) => sum + m.v, 0));
    const last = inHour(at('2024-03-04T20:30:00Z'), 1_800_000);
    expect(s.volume[6]).toBe(last.reduce((sum, m) => sum + m.v, 0));
    // `to` on a desk hour's open still gets that whole hour (its second half opens after `to`).
    const cut = value(await market.getBars({ symbol: 'AAPL', timeframe: '1h', from: at('2024-03-04T14:30:00Z'), to: at('2024-03-04T15:30:00Z') }));
    expect(cut.length).toBe(2);
    expect(cut.volume[1]).toBe(s.volume[1]);
  });

  it('maps BTC/USD to X:BTCUSD and keeps every crypto hour (clock-aligned) and day (UTC)', async () => {
    const market = h.market();
    const hours = value(await market.getBars({ symbol: 'btc/usd', timeframe: '1h', from: at('2024-03-02T00:00:00Z'), to: at('2024-03-02T23:00:00Z') }));
    expect(aggregateRequests(h.fake).at(-1)!.path).toMatch(/^\/v2\/aggs\/ticker\/X(:|%3A)BTCUSD\/range\/1\/hour\//);
    expect(hours.symbol).toBe('BTC/USD');
    expect(hours.length).toBe(24);
    expect(hours.time[0]).toBe(at('2024-03-02T00:00:00Z'));
    expect(hours.close[0]).toBe(minutesOf('X:BTCUSD')[59]!.c);
    const days = value(await market.getBars({ symbol: 'BTC/USD', timeframe: '1d', from: at('2024-03-01T00:00:00Z'), to: at('2024-03-10T00:00:00Z') }));
    expect(days.length).toBe(10);
    expect([...days.time]).toEqual(Array.from({ length: 10 }, (_, i) => at('2024-03-01T00:00:00Z') + i * DAY_MS));
  });
});
