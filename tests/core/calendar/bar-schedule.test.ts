import { describe, expect, it } from 'vitest';
import type { Timeframe } from '../../../src/core/domain/bar.js';
import { ALWAYS_OPEN_CALENDAR as ALWAYS, US_EQUITIES_CALENDAR as NYSE } from '../../../src/core/calendar/calendar.js';
import {
  barClosesBetween,
  barOpenFor,
  lastBarClose,
  MAX_BAR_CLOSES,
  nextBarClose,
} from '../../../src/core/calendar/bar-schedule.js';

const z = (iso: string): number => Date.parse(iso);
const zs = (...isos: string[]): number[] => isos.map(z);
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

describe('barClosesBetween on US equities', () => {
  it.each([
    ['1h on a summer day: 10:30 ... 15:30 EDT, then a partial bar to 16:00', '1h', '2024-07-10', zs(
      '2024-07-10T14:30:00Z', '2024-07-10T15:30:00Z', '2024-07-10T16:30:00Z', '2024-07-10T17:30:00Z',
      '2024-07-10T18:30:00Z', '2024-07-10T19:30:00Z', '2024-07-10T20:00:00Z')],
    ['1h on a half-day: the last bar closes at 13:00 EST', '1h', '2024-11-29', zs(
      '2024-11-29T15:30:00Z', '2024-11-29T16:30:00Z', '2024-11-29T17:30:00Z', '2024-11-29T18:00:00Z')],
    ['1d on a half-day: one close at 13:00', '1d', '2024-12-24', zs('2024-12-24T18:00:00Z')],
    ['1h on a holiday: nothing', '1h', '2024-07-04', []],
    ['1m on a Saturday: nothing', '1m', '2024-07-06', []],
  ] as const)('%s', (_label, tf, date, expected) => {
    const day = z(`${date}T00:00:00Z`);
    expect(barClosesBetween(NYSE, tf, day, day + 86_400_000)).toEqual(expected);
  });

  it.each([
    ['1m', 390, 210],
    ['5m', 78, 42],
    ['15m', 26, 14],
    ['1h', 7, 4],
    ['1d', 1, 1],
  ] as const)('%s: %i closes on a full day, %i on a half-day', (tf, full, half) => {
    expect(barClosesBetween(NYSE, tf, z('2024-11-27T00:00:00Z'), z('2024-11-28T00:00:00Z'))).toHaveLength(full);
    expect(barClosesBetween(NYSE, tf, z('2024-11-29T00:00:00Z'), z('2024-11-30T00:00:00Z'))).toHaveLength(half);
  });

  it('runs 1d closes through a half-day, a holiday and a weekend', () => {
    const closes = barClosesBetween(NYSE, '1d', z('2024-07-02T21:00:00Z'), z('2024-07-09T00:00:00Z'));
    expect(closes.map(iso)).toEqual(['2024-07-03T17:00:00Z', '2024-07-05T20:00:00Z', '2024-07-08T20:00:00Z']);
  });

  it.each([
    ['March', '2024-03-08', '2024-03-11', 'T15:30', 'T21:00', 'T14:30', 'T20:00'],
    ['November', '2024-11-01', '2024-11-04', 'T14:30', 'T20:00', 'T15:30', 'T21:00'],
  ])('keeps 1h bars on New York time across the %s DST switch', (_m, fri, mon, friFirst, friLast, monFirst, monLast) => {
    const closes = barClosesBetween(NYSE, '1h', z(`${fri}T00:00:00Z`), z(`${mon}T23:59:00Z`)).map(iso);
    expect(closes).toHaveLength(14);
    expect([closes[0], closes[6], closes[7], closes[13]]).toEqual([
      `${fri}${friFirst}:00Z`,
      `${fri}${friLast}:00Z`,
      `${mon}${monFirst}:00Z`,
      `${mon}${monLast}:00Z`,
    ]);
  });

  it('counts closes in (from, to]: a close at `from` is excluded, one at `to` included', () => {
    const closes = barClosesBetween(NYSE, '1h', z('2024-07-10T14:30:00Z'), z('2024-07-10T16:30:00Z'));
    expect(closes).toEqual(zs('2024-07-10T15:30:00Z', '2024-07-10T16:30:00Z'));
  });
});

describe('barClosesBetween on 24/7', () => {
  it.each([
    ['1h across midnight', '1h', '2024-01-01T22:30:00Z', '2024-01-02T02:00:00Z',
      ['2024-01-01T23:00:00Z', '2024-01-02T00:00:00Z', '2024-01-02T01:00:00Z', '2024-01-02T02:00:00Z']],
    ['15m across midnight', '15m', '2024-01-01T23:40:00Z', '2024-01-02T00:20:00Z',
      ['2024-01-01T23:45:00Z', '2024-01-02T00:00:00Z', '2024-01-02T00:15:00Z']],
    ['1d at 00:00 UTC, weekends included', '1d', '2024-07-05T12:00:00Z', '2024-07-08T00:00:00Z',
      ['2024-07-06T00:00:00Z', '2024-07-07T00:00:00Z', '2024-07-08T00:00:00Z']],
  ] as const)('%s', (_label, tf, from, to, expected) => {
    expect(barClosesBetween(ALWAYS, tf, z(from), z(to)).map(iso)).toEqual(expected);
  });

  it('has 24 hourly closes on the New York DST switch day (UTC does not move)', () => {
    expect(barClosesBetween(ALWAYS, '1h', z('2024-03-10T00:00:00Z'), z('2024-03-11T00:00:00Z'))).toHaveLength(24);
  });
});

describe('nextBarClose', () => {
  it.each([
    ['NYSE 1h before the open', NYSE, '1h', '2024-07-10T09:00:00Z', '2024-07-10T14:30:00Z'],
    ['NYSE 1h exactly at a close', NYSE, '1h', '2024-07-10T14:30:00Z', '2024-07-10T15:30:00Z'],
    ['NYSE 1h in the partial last bar', NYSE, '1h', '2024-07-10T19:45:00Z', '2024-07-10T20:00:00Z'],
    ['NYSE 1h exactly at the session close', NYSE, '1h', '2024-07-10T20:00:00Z', '2024-07-11T14:30:00Z'],
    ['NYSE 5m over a weekend', NYSE, '5m', '2024-07-12T20:00:00Z', '2024-07-15T13:35:00Z'],
    ['NYSE 1d exactly at the close', NYSE, '1d', '2024-07-02T20:00:00Z', '2024-07-03T17:00:00Z'],
    ['NYSE 1d over a holiday', NYSE, '1d', '2024-07-03T17:00:00Z', '2024-07-05T20:00:00Z'],
    ['24/7 1m exactly at a close', ALWAYS, '1m', '2024-01-01T23:59:00Z', '2024-01-02T00:00:00Z'],
    ['24/7 1d exactly at midnight', ALWAYS, '1d', '2024-01-02T00:00:00Z', '2024-01-03T00:00:00Z'],
    ['24/7 1h mid-bar', ALWAYS, '1h', '2024-01-06T10:59:59Z', '2024-01-06T11:00:00Z'],
  ] as const)('%s', (_label, calendar, tf, now, expected) => {
    expect(iso(nextBarClose(calendar, tf, z(now)))).toBe(expected);
  });
});

describe('lastBarClose and barOpenFor', () => {
  it.each([
    ['NYSE 1h exactly at a close', NYSE, '1h', '2024-07-10T15:30:00Z', '2024-07-10T15:30:00Z'],
    ['NYSE 1h before the first close of the day', NYSE, '1h', '2024-07-10T14:00:00Z', '2024-07-09T20:00:00Z'],
    ['NYSE 1d on a Monday morning', NYSE, '1d', '2024-07-08T15:00:00Z', '2024-07-05T20:00:00Z'],
    ['24/7 1d exactly at midnight', ALWAYS, '1d', '2024-01-02T00:00:00Z', '2024-01-02T00:00:00Z'],
    ['24/7 15m mid-bar', ALWAYS, '15m', '2024-01-02T00:14:59Z', '2024-01-02T00:00:00Z'],
  ] as const)('lastBarClose: %s', (_label, calendar, tf, now, expected) => {
    expect(iso(lastBarClose(calendar, tf, z(now)))).toBe(expected);
  });

  it.each([
    ['NYSE 1h first bar', NYSE, '1h', '2024-07-10T14:30:00Z', '2024-07-10T13:30:00Z'],
    ['NYSE 1h partial last bar', NYSE, '1h', '2024-07-10T20:00:00Z', '2024-07-10T19:30:00Z'],
    ['NYSE 1h last bar of a half-day', NYSE, '1h', '2024-11-29T18:00:00Z', '2024-11-29T17:30:00Z'],
    ['NYSE 1d', NYSE, '1d', '2024-07-10T20:00:00Z', '2024-07-10T13:30:00Z'],
    ['24/7 1d', ALWAYS, '1d', '2024-01-02T00:00:00Z', '2024-01-01T00:00:00Z'],
    ['24/7 1m at midnight', ALWAYS, '1m', '2024-01-02T00:00:00Z', '2024-01-01T23:59:00Z'],
  ] as const)('barOpenFor: %s', (_label, calendar, tf, close, expected) => {
    expect(iso(barOpenFor(calendar, tf, z(close)))).toBe(expected);
  });

  it.each([
    ['mid-bar', NYSE, '1h', '2024-07-10T15:00:00Z'],
    ['the session open', NYSE, '1h', '2024-07-10T13:30:00Z'],
    ['an intraday time for 1d', NYSE, '1d', '2024-07-10T19:30:00Z'],
    ['a holiday', NYSE, '1h', '2024-07-04T14:30:00Z'],
    ['24/7 off the grid', ALWAYS, '5m', '2024-01-02T00:01:00Z'],
  ] as const)('barOpenFor refuses a time that is not a close: %s', (_label, calendar, tf, t) => {
    expect(() => barOpenFor(calendar, tf, z(t))).toThrow(RangeError);
  });

  const TIMEFRAMES: readonly Timeframe[] = ['1m', '5m', '15m', '1h', '1d'];
  it.each([
    ['NYSE', NYSE],
    ['24/7', ALWAYS],
  ] as const)('agrees with barClosesBetween on every close of a week with a holiday (%s)', (_label, calendar) => {
    for (const tf of TIMEFRAMES) {
      const closes = barClosesBetween(calendar, tf, z('2024-07-01T00:00:00Z'), z('2024-07-08T00:00:00Z'));
      for (let i = 1; i < closes.length; i++) {
        const [prev, c] = [closes[i - 1]!, closes[i]!];
        expect(nextBarClose(calendar, tf, prev)).toBe(c);
        expect(lastBarClose(calendar, tf, c)).toBe(c);
        expect(lastBarClose(calendar, tf, c - 1)).toBe(prev);
        const open = barOpenFor(calendar, tf, c);
        expect(open).toBeLessThan(c);
        // Intraday bars tile the session: a bar opens at the previous close unless it is the session's first.
        if (tf !== '1d' && open !== prev) expect(nextBarClose(calendar, tf, open)).toBe(c);
      }
    }
  });
});

describe('bounds', () => {
  const start = z('2024-01-01T00:00:00Z');

  it(`returns exactly ${MAX_BAR_CLOSES} closes and refuses one more`, () => {
    expect(barClosesBetween(ALWAYS, '1m', start, start + MAX_BAR_CLOSES * 60_000)).toHaveLength(MAX_BAR_CLOSES);
    expect(() => barClosesBetween(ALWAYS, '1m', start, start + (MAX_BAR_CLOSES + 1) * 60_000)).toThrow(RangeError);
    expect(() => barClosesBetween(NYSE, '1m', start, z('2026-01-01T00:00:00Z'))).toThrow(RangeError);
  });

  it('returns nothing for an empty or reversed range', () => {
    expect(barClosesBetween(ALWAYS, '1h', start, start)).toEqual([]);
    expect(barClosesBetween(ALWAYS, '1h', start + 1, start)).toEqual([]);
  });

  it('refuses non-finite times and years the US calendar does not cover', () => {
    expect(() => nextBarClose(ALWAYS, '1h', Number.NaN)).toThrow(RangeError);
    expect(() => barClosesBetween(ALWAYS, '1h', 0, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => nextBarClose(NYSE, '1d', z('2100-12-31T21:00:00Z'))).toThrow(RangeError);
  });
});
