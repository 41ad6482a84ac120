import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../src/core/calendar/civil-date.js';
import {
  easterSunday,
  FIRST_YEAR,
  LAST_YEAR,
  SPECIAL_CLOSURES,
  usEquityEarlyCloses,
  usEquityHolidays,
} from '../../../src/core/calendar/us-holidays.js';
import { isTradingDay, sessionOn } from '../../../src/core/calendar/us-equities.js';

// Oracle: the NYSE's published holiday and early-close schedules, written out by hand.
const NYSE: Record<number, { holidays: string[]; earlyCloses: string[] }> = {
  2023: {
    holidays: ['01-02', '01-16', '02-20', '04-07', '05-29', '06-19', '07-04', '09-04', '11-23', '12-25'],
    earlyCloses: ['07-03', '11-24'],
  },
  2024: {
    holidays: ['01-01', '01-15', '02-19', '03-29', '05-27', '06-19', '07-04', '09-02', '11-28', '12-25'],
    earlyCloses: ['07-03', '11-29', '12-24'],
  },
  2025: {
    holidays: ['01-01', '01-09', '01-20', '02-17', '04-18', '05-26', '06-19', '07-04', '09-01', '11-27', '12-25'],
    earlyCloses: ['07-03', '11-28', '12-24'],
  },
  2026: {
    holidays: ['01-01', '01-19', '02-16', '04-03', '05-25', '06-19', '07-03', '09-07', '11-26', '12-25'],
    earlyCloses: ['11-27', '12-24'],
  },
};

const DAY_MS = 86_400_000;

/** Every weekday of a year on which `sessionOn` says the exchange is closed. */
function closedWeekdays(year: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += DAY_MS) {
    const w = new Date(t).getUTCDay();
    if (w !== 0 && w !== 6 && sessionOn(t) === null) out.push(isoDate(t / DAY_MS));
  }
  return out;
}

describe('NYSE holidays and early closes 2023-2026', () => {
  it.each(Object.entries(NYSE))('%s: holidays match the published schedule', (year, oracle) => {
    const expected = oracle.holidays.map((md) => `${year}-${md}`);
    expect(usEquityHolidays(Number(year)).map((h) => h.date)).toEqual(expected);
    expect(closedWeekdays(Number(year))).toEqual(expected);
  });

  it.each(Object.entries(NYSE))('%s: early closes match the published schedule', (year, oracle) => {
    expect(usEquityEarlyCloses(Number(year)).map((h) => h.date)).toEqual(oracle.earlyCloses.map((md) => `${year}-${md}`));
  });
});

describe('holiday rules on known past dates', () => {
  it.each([
    ['2021-12-31', true, "a Saturday New Year's Day is not observed on the Friday before"],
    ['2022-06-20', false, 'Juneteenth on a Sunday is observed on Monday'],
    ['2021-06-18', true, 'Juneteenth is not a holiday before 2022'],
    ['2021-07-05', false, 'Independence Day on a Sunday is observed on Monday'],
    ['2020-07-03', false, 'Independence Day on a Saturday is observed on Friday'],
    ['2020-07-02', true, 'the day before an observed Friday holiday is a full trading day'],
    ['2010-12-24', false, 'Christmas on a Saturday is observed on Friday'],
    ['2022-12-26', false, 'Christmas on a Sunday is observed on Monday'],
    ['2017-01-02', false, "New Year's Day on a Sunday is observed on Monday"],
    ['1997-01-20', true, 'MLK Day is not a holiday before 1998'],
    ['1998-01-19', false, 'MLK Day is a holiday from 1998'],
    ['2008-03-21', false, 'Good Friday follows Easter (March 23, 2008)'],
    ['2001-09-17', true, 'the exchange reopened after September 11'],
  ])('%s trading=%s: %s', (date, trading) => {
    expect(isTradingDay(date)).toBe(trading);
  });

  it.each(SPECIAL_CLOSURES.map((c) => [c.date, c.name] as const))('%s is closed (%s)', (date) => {
    expect(sessionOn(date)).toBeNull();
    expect(usEquityHolidays(Number(date.slice(0, 4))).map((h) => h.date)).toContain(date);
  });

  it.each([
    ['2019-07-03', 'Day before Independence Day'],
    ['2018-12-24', 'Christmas Eve'],
    ['2020-11-27', 'Day after Thanksgiving'],
  ])('%s closes early (%s)', (date, name) => {
    expect(usEquityEarlyCloses(Number(date.slice(0, 4)))).toContainEqual({ date, name });
  });

  it('has no July early close when July 3 is itself the observed holiday or a weekend', () => {
    expect(usEquityEarlyCloses(2020).map((d) => d.date)).not.toContain('2020-07-02');
    expect(usEquityEarlyCloses(2021).map((d) => d.date).filter((d) => d.startsWith('2021-07'))).toEqual([]);
  });
});

describe('Easter computus', () => {
  it.each([
    [1990, '1990-04-15'],
    [1993, '1993-04-11'],
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2013, '2013-03-31'],
    [2016, '2016-03-27'],
    [2019, '2019-04-21'],
    [2038, '2038-04-25'],
  ])('Easter %i is %s', (year, date) => {
    expect(isoDate(easterSunday(year))).toBe(date);
  });
});

describe(`every year ${FIRST_YEAR}-${LAST_YEAR}`, () => {
  const years = Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);

  it('puts holidays and early closes on distinct weekdays of that year, 8-11 holidays and at most 3 early closes', () => {
    for (const year of years) {
      const holidays = usEquityHolidays(year).map((h) => h.date);
      const early = usEquityEarlyCloses(year).map((h) => h.date);
      const all = [...holidays, ...early];
      expect(new Set(all).size, `${year}`).toBe(all.length);
      for (const date of all) {
        expect(date.startsWith(`${year}-`), date).toBe(true);
        const w = new Date(`${date}T00:00:00Z`).getUTCDay();
        expect(w >= 1 && w <= 5, date).toBe(true);
      }
      expect(holidays.length, `${year}`).toBeGreaterThanOrEqual(8);
      expect(holidays.length, `${year}`).toBeLessThanOrEqual(year === 2001 ? 13 : 11);
      expect(early.length, `${year}`).toBeLessThanOrEqual(3);
      expect(early.length, `${year}`).toBeGreaterThanOrEqual(1);
    }
  });

  it('refuses years outside the supported range', () => {
    expect(() => usEquityHolidays(FIRST_YEAR - 1)).toThrow(RangeError);
    expect(() => sessionOn('2101-01-03')).toThrow(RangeError);
  });
});
