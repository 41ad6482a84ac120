// What the Yahoo adapter makes of Yahoo's bars (real yahoo-finance2 against the fake): desk times, split-adjusted or
// raw prices, null rows, session-anchored hours, crypto, revised bars, and Yahoo's intraday history limits.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BarSeries } from '../../../src/core/domain/bar.js';
import type { Result } from '../../../src/core/domain/result.js';
import { startFakeYahoo, type FakeRow, type FakeYahoo } from '../../fakes/yahoo/fake-yahoo.js';
import { clockRows, dailyRows, intradayRows, ms, sec, yahooFor } from './yahoo-fixture.js';

let fake: FakeYahoo;
beforeEach(async () => { fake = await startFakeYahoo(); });
afterEach(() => fake.close());

function bars(res: Result<BarSeries>): BarSeries {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.value;
}
const day = (iso: string) => ms(`${iso}T00:00:00Z`);

describe('Yahoo bars', () => {
  it('puts daily bars, stamped at the session open, on 00:00 UTC of their New York date', async () => {
    fake.setBars('AAPL', '1d', dailyRows('2024-01-08', 5));
    const s = bars(await yahooFor(fake).getBars({ symbol: 'aapl', timeframe: '1d', from: day('2024-01-01'), to: day('2024-01-12') }));
    expect(s.symbol).toBe('AAPL');
    expect([...s.time]).toEqual(['2024-01-08', '2024-01-09', '2024-01-10', '2024-01-11', '2024-01-12'].map(day));
  });

  describe('splits', () => {
    // Raw: 200-ish before a 2-for-1 split on 2024-01-10, 100-ish after; Yahoo serves the earlier bars halved.
    const raw: FakeRow[] = ['08', '09', '10', '11'].map((d, i) => {
      const p = i < 2 ? 200 + i : 100 + i;
      return { t: sec(`2024-01-${d}T14:30:00Z`), o: p, h: p + 2, l: p - 2, c: p + 1, v: i < 2 ? 1_000 : 2_000 };
    });
    beforeEach(() => {
      fake.setBars('AAPL', '1d', raw);
      fake.addSplit('AAPL', { date: sec('2024-01-10T14:30:00Z'), numerator: 2, denominator: 1 });
    });

    it('serves split-adjusted prices and volumes by default, as Yahoo does', async () => {
      const market = yahooFor(fake);
      expect(market.label).toBe('Yahoo Finance (split-adjusted)');
      const s = bars(await market.getBars({ symbol: 'AAPL', timeframe: '1d', from: day('2024-01-08'), to: day('2024-01-11') }));
      expect([...s.close]).toEqual([100.5, 101, 103, 104]);
      expect([...s.volume]).toEqual([2_000, 2_000, 2_000, 2_000]);
    });

    it('un-adjusts with the split events for adjustment raw, even when the split is after the window', async () => {
      const market = yahooFor(fake, { adjustment: 'raw' });
      const whole = bars(await market.getBars({ symbol: 'AAPL', timeframe: '1d', from: day('2024-01-08'), to: day('2024-01-11') }));
      expect([...whole.close]).toEqual(raw.map((r) => r.c));
      expect([...whole.open]).toEqual(raw.map((r) => r.o));
      expect([...whole.volume]).toEqual(raw.map((r) => r.v));
      const before = bars(await market.getBars({ symbol: 'AAPL', timeframe: '1d', from: day('2024-01-08'), to: day('2024-01-09') }));
      expect([...before.close]).toEqual([201, 202]);
    });
  });

  it('drops the rows Yahoo answers with null prices, and pre-market rows', async () => {
    const rows = intradayRows('2024-02-06', 5);
    const gapAt = rows[10]!.t;
    fake.setBars('AAPL', '5m', rows.map((r) => (r.t === gapAt ? { t: gapAt, gap: true as const } : r)));
    const s = bars(await yahooFor(fake).getBars({ symbol: 'AAPL', timeframe: '5m', from: ms('2024-02-06T00:00:00Z'), to: ms('2024-02-06T23:00:00Z') }));
    expect(s.length).toBe(78 - 1);
    expect([...s.time]).not.toContain(gapAt * 1_000);
    expect(s.time[0]).toBe(ms('2024-02-06T14:30:00Z'));
  });

  it('builds a US stock\'s hours from half hours, anchored at the 09:30 open', async () => {
    const halves = intradayRows('2024-02-06', 30);
    fake.setBars('AAPL', '30m', halves);
    const s = bars(await yahooFor(fake).getBars({ symbol: 'AAPL', timeframe: '1h', from: ms('2024-02-06T00:00:00Z'), to: ms('2024-02-06T23:00:00Z') }));
    expect([...s.time]).toEqual([14, 15, 16, 17, 18, 19, 20].map((h) => ms(`2024-02-06T${h}:30:00Z`)));
    const [a, b] = [halves[2]!, halves[3]!];
    expect([s.open[0], s.high[0], s.low[0], s.close[0], s.volume[0]]).toEqual([a.o, Math.max(a.h, b.h), Math.min(a.l, b.l), b.c, a.v + b.v]);
    expect(s.close[6]).toBe(halves.at(-1)!.c);
    expect(fake.requests.filter((r) => r.path === '/v8/finance/chart/AAPL').map((r) => r.query.get('interval'))).toEqual(['30m']);
  });

  it('asks Yahoo for BTC-USD when the desk says BTC/USD, round the clock, hours aligned on the clock', async () => {
    fake.setBars('BTC-USD', '60m', clockRows('2024-02-10T00:00:00Z', 60, 48));
    fake.setBars('BTC-USD', '1d', clockRows('2024-02-01T00:00:00Z', 24 * 60, 14));
    const market = yahooFor(fake);
    const hours = bars(await market.getBars({ symbol: 'BTC/USD', timeframe: '1h', from: ms('2024-02-10T00:00:00Z'), to: ms('2024-02-11T23:00:00Z') }));
    expect(hours.symbol).toBe('BTC/USD');
    expect(hours.length).toBe(48);
    expect(hours.time[1]! - hours.time[0]!).toBe(3_600_000);
    const days = bars(await market.getBars({ symbol: 'BTC/USD', timeframe: '1d', from: day('2024-02-01'), to: day('2024-02-14') }));
    expect([...days.time]).toContain(day('2024-02-03')); // a Saturday
    expect(days.length).toBe(14);
  });

  it('sees a bar Yahoo revised when the window is fetched again', async () => {
    const rows = dailyRows('2024-01-08', 5);
    fake.setBars('AAPL', '1d', rows);
    const market = yahooFor(fake);
    const req = { symbol: 'AAPL', timeframe: '1d' as const, from: day('2024-01-08'), to: day('2024-01-12') };
    const first = bars(await market.getBars(req));
    const last = rows.at(-1)!;
    fake.reviseBar('AAPL', '1d', last.t, { o: last.o, h: 150, l: last.l, c: 149, v: last.v + 5 });
    const again = bars(await market.getBars(req));
    expect(first.close[4]).toBe(last.c);
    expect([again.close[4], again.high[4], again.volume[4]]).toEqual([149, 150, last.v + 5]);
  });

  it('refuses 5-minute bars older than the 60 days Yahoo keeps, naming the limit', async () => {
    fake.setBars('AAPL', '5m', intradayRows('2023-11-01', 5));
    const res = await yahooFor(fake).getBars({ symbol: 'AAPL', timeframe: '5m', from: ms('2023-11-01T00:00:00Z'), to: ms('2023-11-02T00:00:00Z') });
    expect(res.ok ? 'ok' : res.error.code).toBe('data.range');
    if (!res.ok) expect(res.error.message).toMatch(/last 60 days/);
    expect(fake.requests.filter((r) => r.path.startsWith('/v8/'))).toEqual([]);
  });

  it('asks for 1-minute bars in 8-day windows within the last 30 days', async () => {
    fake.setBars('AAPL', '1m', [...intradayRows('2024-01-26', 1), ...intradayRows('2024-02-13', 1)]);
    const market = yahooFor(fake);
    const s = bars(await market.getBars({ symbol: 'AAPL', timeframe: '1m', from: ms('2024-01-25T00:00:00Z'), to: ms('2024-02-14T00:00:00Z') }));
    expect(s.length).toBe(2 * 390);
    const asked = fake.requests.filter((r) => r.path === '/v8/finance/chart/AAPL').map((r) => Number(r.query.get('period2')) - Number(r.query.get('period1')));
    expect(asked.length).toBe(3);
    expect(Math.max(...asked)).toBeLessThanOrEqual(8 * 86_400);
    const old = await market.getBars({ symbol: 'AAPL', timeframe: '1m', from: ms('2024-01-10T00:00:00Z'), to: ms('2024-01-11T00:00:00Z') });
    expect(old.ok ? 'ok' : old.error.message).toMatch(/1-minute bars for the last 30 days/);
  });
});
