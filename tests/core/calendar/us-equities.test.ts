import { describe, expect, it } from 'vitest';
import { newYorkLocalToUtcMs } from '../../../src/core/risk/exchange-time.js';
import { isTradingDay, nextSessionOpen, sessionOn } from '../../../src/core/calendar/us-equities.js';

const z = (iso: string): number => Date.parse(iso);

describe('US equities sessions', () => {
  it.each([
    ['a winter day (EST)', '2024-01-10', '2024-01-10T14:30:00Z', '2024-01-10T21:00:00Z'],
    ['a summer day (EDT)', '2024-07-10', '2024-07-10T13:30:00Z', '2024-07-10T20:00:00Z'],
    ['the Friday before the March switch', '2024-03-08', '2024-03-08T14:30:00Z', '2024-03-08T21:00:00Z'],
    ['the Monday after the March switch', '2024-03-11', '2024-03-11T13:30:00Z', '2024-03-11T20:00:00Z'],
    ['the Friday before the November switch', '2024-11-01', '2024-11-01T13:30:00Z', '2024-11-01T20:00:00Z'],
    ['the Monday after the November switch', '2024-11-04', '2024-11-04T14:30:00Z', '2024-11-04T21:00:00Z'],
    ['a half-day (day after Thanksgiving)', '2024-11-29', '2024-11-29T14:30:00Z', '2024-11-29T18:00:00Z'],
    ['a half-day in summer (July 3)', '2024-07-03', '2024-07-03T13:30:00Z', '2024-07-03T17:00:00Z'],
    ['March 2006, still EST under the pre-2007 rule', '2006-03-13', '2006-03-13T14:30:00Z', '2006-03-13T21:00:00Z'],
    ['after the first Sunday of April 2006 (EDT)', '2006-04-03', '2006-04-03T13:30:00Z', '2006-04-03T20:00:00Z'],
    ['the Friday before the last Sunday of October 2006', '2006-10-27', '2006-10-27T13:30:00Z', '2006-10-27T20:00:00Z'],
    ['the Monday after it (EST)', '2006-10-30', '2006-10-30T14:30:00Z', '2006-10-30T21:00:00Z'],
  ])('opens and closes on time on %s', (_label, date, open, close) => {
    expect(sessionOn(date)).toEqual({ open: z(open), close: z(close) });
  });

  it.each([
    ['a Saturday', '2024-07-06'],
    ['a Sunday', '2024-07-07'],
    ['a holiday', '2024-07-04'],
    ['a special closure', '2025-01-09'],
  ])('is closed on %s', (_label, date) => {
    expect(sessionOn(date)).toBeNull();
    expect(isTradingDay(date)).toBe(false);
  });

  it('takes any instant of the UTC day as the day', () => {
    const session = sessionOn('2024-07-10');
    expect(sessionOn(z('2024-07-10T00:00:00Z'))).toEqual(session);
    expect(sessionOn(z('2024-07-10T23:59:59.999Z'))).toEqual(session);
  });

  it.each(['2024-02-30', '2024-7-10', 'yesterday'])('rejects the malformed date %s', (date) => {
    expect(() => sessionOn(date)).toThrow(RangeError);
  });
});

describe('nextSessionOpen', () => {
  it.each([
    ['before the open', '2024-07-10T12:00:00Z', '2024-07-10T13:30:00Z'],
    ['exactly at the open (strictly after)', '2024-07-10T13:30:00Z', '2024-07-11T13:30:00Z'],
    ['during the session', '2024-07-10T15:00:00Z', '2024-07-11T13:30:00Z'],
    ['over a weekend', '2024-07-12T20:00:00Z', '2024-07-15T13:30:00Z'],
    ['over a holiday', '2024-07-03T18:00:00Z', '2024-07-05T13:30:00Z'],
    ['over a weekend and a DST switch', '2024-03-08T22:00:00Z', '2024-03-11T13:30:00Z'],
    ['over the September 2001 closure', '2001-09-10T21:00:00Z', '2001-09-17T13:30:00Z'],
  ])('finds the next open %s', (_label, now, expected) => {
    expect(nextSessionOpen(z(now))).toBe(z(expected));
  });
});

describe('New York wall clock to UTC (used for session times)', () => {
  it.each([
    ['a winter morning', Date.UTC(2024, 0, 10, 9, 30), '2024-01-10T14:30:00Z'],
    ['a summer afternoon', Date.UTC(2024, 6, 10, 16, 0), '2024-07-10T20:00:00Z'],
    ['the spring-forward gap (moves forward)', Date.UTC(2024, 2, 10, 2, 30), '2024-03-10T07:30:00Z'],
    ['the autumn fold (first, EDT, occurrence)', Date.UTC(2024, 10, 3, 1, 30), '2024-11-03T05:30:00Z'],
    ['just after the 2006 April switch', Date.UTC(2006, 3, 2, 3, 0), '2006-04-02T07:00:00Z'],
    ['just after the 2006 October switch', Date.UTC(2006, 9, 29, 2, 0), '2006-10-29T07:00:00Z'],
  ])('converts %s', (_label, local, expected) => {
    expect(newYorkLocalToUtcMs(local)).toBe(Date.parse(expected));
  });
});
