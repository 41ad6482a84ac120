// A provider's published calendar (Alpaca's /v2/calendar) and market clock (/v2/clock) over the built-in NYSE rules:
// inside the days it covers the published table decides (an unscheduled closure, a changed early close), outside
// them the built-in rules answer, and the bar schedule the scheduler follows comes from the same table.
import { describe, expect, it } from 'vitest';
import { barClosesBetween, barOpenFor, lastBarClose, nextBarClose } from '../../../src/core/calendar/bar-schedule.js';
import { ALWAYS_OPEN_CALENDAR, marketSessionOn, US_EQUITIES_CALENDAR, withPublishedSessions } from '../../../src/core/calendar/calendar.js';
import { parseIsoDate } from '../../../src/core/calendar/civil-date.js';
import { differencesFromBuiltIn, publishedSessions, withClock, type PublishedSessions } from '../../../src/core/calendar/published.js';
import { sessionOn } from '../../../src/core/calendar/us-equities.js';

const t = (iso: string): number => Date.parse(iso);
const day = (iso: string): number => parseIsoDate(iso)!;

/** 2025-01-06..2025-01-17 as the built-in rules have it, except as `changes` say (null: closed). */
function table(changes: Record<string, { open: string; close: string } | null> = {}): PublishedSessions {
  const days = [];
  for (let d = day('2025-01-06'); d <= day('2025-01-17'); d++) {
    const date = new Date(d * 86_400_000).toISOString().slice(0, 10);
    const changed = changes[date];
    const session = changed === undefined ? sessionOn(date) : changed === null ? null : { open: t(changed.open), close: t(changed.close) };
    if (session !== null) days.push({ day: d, session });
  }
  return publishedSessions('alpaca', day('2025-01-06'), day('2025-01-17'), days);
}

// A closure at a day's notice, as Hurricane Sandy closed the NYSE on 2012-10-29 and 30: rules written before cannot
// know it, a provider's calendar does. Here Tuesday 2025-01-14, a session by the built-in rules.
const CLOSURE = table({ '2025-01-14': null });

describe('a published calendar over the built-in rules', () => {
  it('decides the days it covers and leaves the others to the built-in rules', () => {
    const cal = withPublishedSessions(US_EQUITIES_CALENDAR, CLOSURE);
    expect(marketSessionOn(cal, '2025-01-14')).toBeNull();
    expect(marketSessionOn(US_EQUITIES_CALENDAR, '2025-01-14')).not.toBeNull();
    expect(marketSessionOn(cal, '2025-01-13')).toEqual(sessionOn('2025-01-13'));
    // Outside the table (the 20th is MLK day, the 21st a session): the built-in rules.
    expect(marketSessionOn(cal, '2025-01-20')).toBeNull();
    expect(marketSessionOn(cal, '2025-01-21')).toEqual(sessionOn('2025-01-21'));
    expect(marketSessionOn(cal, '2025-01-02')).toEqual(sessionOn('2025-01-02'));
  });

  it('gives the scheduler its bar closes: the closed day has none, and the day after follows the day before', () => {
    const cal = withPublishedSessions(US_EQUITIES_CALENDAR, CLOSURE);
    expect(nextBarClose(cal, '1d', t('2025-01-13T21:00:00Z'))).toBe(t('2025-01-15T21:00:00Z'));
    expect(nextBarClose(US_EQUITIES_CALENDAR, '1d', t('2025-01-13T21:00:00Z'))).toBe(t('2025-01-14T21:00:00Z'));
    expect(lastBarClose(cal, '1h', t('2025-01-14T18:00:00Z'))).toBe(t('2025-01-13T21:00:00Z'));
    expect(barClosesBetween(cal, '1d', t('2025-01-10T21:00:00Z'), t('2025-01-15T21:00:00Z'))).toEqual([t('2025-01-13T21:00:00Z'), t('2025-01-15T21:00:00Z')]);
    expect(() => barOpenFor(cal, '1d', t('2025-01-14T21:00:00Z'))).toThrow(RangeError);
  });

  it('follows a published early close, with a partial last intraday bar', () => {
    const early = withPublishedSessions(US_EQUITIES_CALENDAR, table({ '2025-01-15': { open: '2025-01-15T14:30:00Z', close: '2025-01-15T19:00:00Z' } }));
    expect(barClosesBetween(early, '1h', t('2025-01-15T00:00:00Z'), t('2025-01-16T00:00:00Z')).map((c) => new Date(c).toISOString().slice(11, 16)))
      .toEqual(['15:30', '16:30', '17:30', '18:30', '19:00']);
    expect(barOpenFor(early, '1h', t('2025-01-15T19:00:00Z'))).toBe(t('2025-01-15T18:30:00Z'));
  });

  it('leaves the 24/7 calendar alone', () => {
    expect(withPublishedSessions(ALWAYS_OPEN_CALENDAR, CLOSURE)).toBe(ALWAYS_OPEN_CALENDAR);
  });

  it('refuses a table with a session outside its days or closing before it opens', () => {
    expect(() => publishedSessions('alpaca', day('2025-01-06'), day('2025-01-07'), [{ day: day('2025-01-08'), session: sessionOn('2025-01-08')! }])).toThrow(RangeError);
    expect(() => publishedSessions('alpaca', day('2025-01-06'), day('2025-01-07'), [{ day: day('2025-01-06'), session: { open: 2, close: 1 } }])).toThrow(RangeError);
  });

  it('names the days where it differs from the built-in rules', () => {
    expect(differencesFromBuiltIn(table())).toEqual([]);
    expect(differencesFromBuiltIn(CLOSURE)).toEqual(['2025-01-14 closed']);
    expect(differencesFromBuiltIn(table({ '2025-01-11': { open: '2025-01-11T14:30:00Z', close: '2025-01-11T21:00:00Z' } }))).toEqual(['2025-01-11 14:30-21:00Z']);
  });
});

describe('the market clock over the published calendar', () => {
  it('closed now with the next open a day later: a session the table had today is an unscheduled closure', () => {
    const clocked = withClock(table(), { timestamp: t('2025-01-14T13:00:00Z'), isOpen: false, nextOpen: t('2025-01-15T14:30:00Z'), nextClose: t('2025-01-15T21:00:00Z') });
    expect(clocked.sessions[day('2025-01-14')]).toBeUndefined();
    expect(clocked.sessions[day('2025-01-13')]).toEqual(sessionOn('2025-01-13'));
    expect(clocked.sessions[day('2025-01-15')]).toEqual(sessionOn('2025-01-15'));
  });

  it('open now with an earlier close than published: the session in progress closes then', () => {
    const clocked = withClock(table(), { timestamp: t('2025-01-13T16:00:00Z'), isOpen: true, nextOpen: t('2025-01-14T14:30:00Z'), nextClose: t('2025-01-13T18:00:00Z') });
    expect(clocked.sessions[day('2025-01-13')]).toEqual({ open: t('2025-01-13T14:30:00Z'), close: t('2025-01-13T18:00:00Z') });
  });

  it('agrees with the table on an ordinary evening and leaves it as it was', () => {
    const plain = table();
    const evening = withClock(plain, { timestamp: t('2025-01-14T01:00:00Z'), isOpen: false, nextOpen: t('2025-01-14T14:30:00Z'), nextClose: t('2025-01-14T21:00:00Z') });
    expect(evening.sessions).toEqual(plain.sessions);
    const open = withClock(plain, { timestamp: t('2025-01-14T15:00:00Z'), isOpen: true, nextOpen: t('2025-01-15T14:30:00Z'), nextClose: t('2025-01-14T21:00:00Z') });
    expect(open.sessions).toEqual(plain.sessions);
  });

  it('ignores a clock that contradicts itself or lies outside the table', () => {
    const plain = table();
    expect(withClock(plain, { timestamp: t('2025-01-14T15:00:00Z'), isOpen: false, nextOpen: t('2025-01-14T14:30:00Z'), nextClose: t('2025-01-14T21:00:00Z') })).toBe(plain);
    expect(withClock(plain, { timestamp: t('2025-03-03T15:00:00Z'), isOpen: true, nextOpen: t('2025-03-04T14:30:00Z'), nextClose: t('2025-03-03T21:00:00Z') })).toBe(plain);
    expect(withClock(plain, { timestamp: Number.NaN, isOpen: true, nextOpen: 0, nextClose: 0 })).toBe(plain);
  });
});
