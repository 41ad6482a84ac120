// Alpaca's published 2024 calendar, served by the fake, read through the SDK, against the desk's own NYSE calendar.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trading } from '@alpacahq/alpaca-trade-api';
import { sessionOn } from '../../../src/core/calendar/us-equities.js';
import { fetchAlpacaCalendar } from '../../../src/market-data/alpaca/alpaca-calendar.js';
import type { FakeCalendarDay } from '../../fakes/alpaca/fake-alpaca.js';
import { KEY, startHarness, t, type Harness } from './alpaca-harness.js';

// NYSE 2024 as Alpaca publishes it.
const HOLIDAYS_2024 = ['2024-01-01', '2024-01-15', '2024-02-19', '2024-03-29', '2024-05-27', '2024-06-19', '2024-07-04', '2024-09-02', '2024-11-28', '2024-12-25'];
const EARLY_CLOSES_2024 = ['2024-07-03', '2024-11-29', '2024-12-24'];
const DAY_MS = 86_400_000;

function calendar2024(): FakeCalendarDay[] {
  const days: FakeCalendarDay[] = [];
  for (let d = t('2024-01-01T00:00:00Z'); d <= t('2024-12-31T00:00:00Z'); d += DAY_MS) {
    const date = new Date(d).toISOString().slice(0, 10);
    const weekday = new Date(d).getUTCDay();
    if (weekday === 0 || weekday === 6 || HOLIDAYS_2024.includes(date)) continue;
    days.push({ date, open: '09:30', close: EARLY_CLOSES_2024.includes(date) ? '13:00' : '16:00' });
  }
  return days;
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.fake.calendar = calendar2024();
});
afterAll(() => h.fake.close());

describe('Alpaca calendar', () => {
  it('agrees with the desk\'s NYSE calendar on every day of 2024', async () => {
    const res = await fetchAlpacaCalendar({ ...KEY, tradingUrl: h.fake.url, retry: h.retry }, t('2024-01-01T00:00:00Z'), t('2024-12-31T00:00:00Z'));
    if (!res.ok) throw new Error(res.error.message);
    expect(res.value.length).toBe(252);
    const byDate = new Map(res.value.map((s) => [s.date, { open: s.open, close: s.close }]));
    const disagreements: string[] = [];
    for (let d = t('2024-01-01T00:00:00Z'); d <= t('2024-12-31T00:00:00Z'); d += DAY_MS) {
      const date = new Date(d).toISOString().slice(0, 10);
      const alpaca = byDate.get(date) ?? null;
      if (JSON.stringify(alpaca) !== JSON.stringify(sessionOn(date))) disagreements.push(date);
    }
    expect(disagreements).toEqual([]);
    expect(byDate.get('2024-07-03')).toEqual({ open: t('2024-07-03T13:30:00Z'), close: t('2024-07-03T17:00:00Z') });
    expect(byDate.get('2024-01-02')).toEqual({ open: t('2024-01-02T14:30:00Z'), close: t('2024-01-02T21:00:00Z') });
  });

  it('refuses a malformed calendar as data.corrupt', async () => {
    h.fake.calendar = [{ date: '2024-02-30', open: '09:30', close: '16:00' }];
    const res = await fetchAlpacaCalendar({ ...KEY, tradingUrl: h.fake.url, retry: h.retry }, t('2024-02-01T00:00:00Z'), t('2024-03-31T00:00:00Z'));
    h.fake.calendar = calendar2024();
    expect(res.ok ? null : res.error.code).toBe('data.corrupt');
  });

  it('serves the documented /v2/clock shape the SDK reads', async () => {
    const api = new trading.ClockApi(new trading.Configuration({ keyId: KEY.keyId, secret: KEY.secretKey, basePath: h.fake.url }));
    const clock = await api.legacyClock();
    expect(clock.isOpen).toBe(true);
    expect(clock.nextClose.toISOString()).toBe('2024-01-02T21:00:00.000Z');
  });
});
