import { describe, expect, it } from 'vitest';
import { MAX_BAR_CLOSES } from '../../src/core/calendar/bar-schedule.js';
import { ALWAYS_OPEN_CALENDAR, US_EQUITIES_CALENDAR } from '../../src/core/calendar/calendar.js';
import type { Timeframe } from '../../src/core/domain/bar.js';
import { dueClose } from '../../src/scheduler/due-close.js';

const t = (iso: string): number => Date.parse(iso);

describe('dueClose', () => {
  it.each([
    { name: 'unknown last close: the latest close, nothing missed', cal: US_EQUITIES_CALENDAR, tf: '1h', now: '2024-01-02T17:00:00Z', last: undefined, want: { close: '2024-01-02T16:30:00Z', missed: 0 } },
    { name: 'latest close already run: nothing due', cal: US_EQUITIES_CALENDAR, tf: '1h', now: '2024-01-02T17:00:00Z', last: '2024-01-02T16:30:00Z', want: null },
    { name: 'exactly on the next close: due, nothing missed', cal: US_EQUITIES_CALENDAR, tf: '1h', now: '2024-01-02T17:30:00Z', last: '2024-01-02T16:30:00Z', want: { close: '2024-01-02T17:30:00Z', missed: 0 } },
    { name: 'a gap within the session counts the closes in between', cal: US_EQUITIES_CALENDAR, tf: '1h', now: '2024-01-02T21:00:00Z', last: '2024-01-02T16:30:00Z', want: { close: '2024-01-02T21:00:00Z', missed: 4 } },
    { name: 'overnight: the last close of the day to the first of the next, nothing missed', cal: US_EQUITIES_CALENDAR, tf: '1h', now: '2024-01-03T15:30:00Z', last: '2024-01-02T21:00:00Z', want: { close: '2024-01-03T15:30:00Z', missed: 0 } },
    { name: 'a 24/7 day of 15m bars', cal: ALWAYS_OPEN_CALENDAR, tf: '15m', now: '2024-01-14T00:05:00Z', last: '2024-01-13T00:00:00Z', want: { close: '2024-01-14T00:00:00Z', missed: 95 } },
  ] as const)('$name', ({ cal, tf, now, last, want }) => {
    const got = dueClose(cal, tf as Timeframe, t(now), last === undefined ? undefined : t(last));
    expect(got).toEqual(want === null ? null : { close: t(want.close), missed: want.missed, missedAtLeast: false });
  });

  it('reports a floor when the gap holds more closes than the calendar lists', () => {
    const got = dueClose(ALWAYS_OPEN_CALENDAR, '1m', t('2024-12-31T00:00:00Z'), t('2024-01-01T00:00:00Z'));
    expect(got).toEqual({ close: t('2024-12-31T00:00:00Z'), missed: MAX_BAR_CLOSES, missedAtLeast: true });
  });
});
