import { describe, expect, it } from 'vitest';
import { deskBarTime, newYorkDateStart, sessionHourBars } from '../../../src/market-data/provider/session-time.js';

const t = (iso: string): number => Date.parse(iso);

describe('deskBarTime', () => {
  it('puts a daily bar on its New York trading date, whatever instant the provider stamps', () => {
    expect(deskBarTime(t('2024-07-01T04:00:00Z'), '1d', 'us-equities')).toBe(t('2024-07-01T00:00:00Z')); // Alpaca, summer
    expect(deskBarTime(t('2024-01-02T05:00:00Z'), '1d', 'us-equities')).toBe(t('2024-01-02T00:00:00Z')); // Polygon, winter
    expect(deskBarTime(t('2024-01-02T14:30:00Z'), '1d', 'us-equities')).toBe(t('2024-01-02T00:00:00Z')); // Yahoo, open
    expect(newYorkDateStart(t('2024-01-03T03:00:00Z'))).toBe(t('2024-01-02T00:00:00Z'));
  });

  it('keeps a US stock intraday bar only inside the regular session; crypto keeps every bar', () => {
    expect(deskBarTime(t('2024-01-02T14:30:00Z'), '5m', 'us-equities')).toBe(t('2024-01-02T14:30:00Z'));
    expect(deskBarTime(t('2024-01-02T14:25:00Z'), '5m', 'us-equities')).toBeNull(); // pre-market
    expect(deskBarTime(t('2024-01-02T21:00:00Z'), '1m', 'us-equities')).toBeNull(); // after hours
    expect(deskBarTime(t('2024-01-01T15:00:00Z'), '1m', 'us-equities')).toBeNull(); // New Year's Day
    expect(deskBarTime(t('2024-01-01T15:00:00Z'), '1m', 'crypto')).toBe(t('2024-01-01T15:00:00Z'));
  });
});

describe('sessionHourBars', () => {
  it('builds session-anchored hours from half hours: 09:30-10:30 from two, the 15:30 close from one', () => {
    const half = (iso: string, o: number, h: number, l: number, c: number, v: number) => ({ time: t(iso), open: o, high: h, low: l, close: c, volume: v });
    const bars = sessionHourBars([
      half('2024-01-02T14:30:00Z', 10, 12, 9, 11, 100),
      half('2024-01-02T15:00:00Z', 11, 13, 10, 12, 50),
      half('2024-01-02T20:30:00Z', 20, 21, 19, 20.5, 7),
    ]);
    expect(bars).toEqual([
      { time: t('2024-01-02T14:30:00Z'), open: 10, high: 13, low: 9, close: 12, volume: 150 },
      { time: t('2024-01-02T20:30:00Z'), open: 20, high: 21, low: 19, close: 20.5, volume: 7 },
    ]);
  });
});
