/**
 * NYSE full-day holidays and 13:00 early closes, computed by rule for any year in [FIRST_YEAR, LAST_YEAR].
 * The rules are today's (NYSE Rule 7.2 and the published holiday schedule); a few early closes before ~2010 were
 * set ad hoc and may differ. One-off closures (storms, national days of mourning) live in SPECIAL_CLOSURES.
 */
import {
  epochDay,
  FRIDAY,
  isoDate,
  MONDAY,
  nthWeekdayOf,
  parseIsoDate,
  SATURDAY,
  SUNDAY,
  THURSDAY,
  weekdayOf,
  yearOf,
  type EpochDay,
} from './civil-date.js';

export const FIRST_YEAR = 1990;
export const LAST_YEAR = 2100;

export interface MarketDay {
  /** 'YYYY-MM-DD' (New York date). */
  readonly date: string;
  readonly name: string;
}

/**
 * Closures no rule predicts, announced by the exchange at the time. Add new ones here as they are announced.
 */
export const SPECIAL_CLOSURES: readonly MarketDay[] = [
  { date: '1994-04-27', name: 'National Day of Mourning (President Nixon)' },
  { date: '2001-09-11', name: 'September 11 attacks' },
  { date: '2001-09-12', name: 'September 11 attacks' },
  { date: '2001-09-13', name: 'September 11 attacks' },
  { date: '2001-09-14', name: 'September 11 attacks' },
  { date: '2004-06-11', name: 'National Day of Mourning (President Reagan)' },
  { date: '2007-01-02', name: 'National Day of Mourning (President Ford)' },
  { date: '2012-10-29', name: 'Hurricane Sandy' },
  { date: '2012-10-30', name: 'Hurricane Sandy' },
  { date: '2018-12-05', name: 'National Day of Mourning (President George H. W. Bush)' },
  { date: '2025-01-09', name: 'National Day of Mourning (President Carter)' },
];

/** Easter Sunday, Gregorian calendar (the anonymous "Meeus/Jones/Butcher" computus). */
export function easterSunday(year: number): EpochDay {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const n = h + l - 7 * m + 114;
  return epochDay(year, Math.floor(n / 31), (n % 31) + 1);
}

/** A holiday on Saturday is observed the Friday before, on Sunday the Monday after. */
function observed(day: EpochDay): EpochDay {
  const w = weekdayOf(day);
  return w === SATURDAY ? day - 1 : w === SUNDAY ? day + 1 : day;
}

type HolidayRule = readonly [name: string, day: (year: number) => EpochDay | null];

const HOLIDAY_RULES: readonly HolidayRule[] = [
  // A Saturday New Year's Day is not observed on Friday Dec 31: the exchange stays open to close the year.
  ["New Year's Day", (y) => (weekdayOf(epochDay(y, 1, 1)) === SATURDAY ? null : observed(epochDay(y, 1, 1)))],
  ['Martin Luther King, Jr. Day', (y) => (y >= 1998 ? nthWeekdayOf(y, 1, MONDAY, 3) : null)],
  ["Washington's Birthday", (y) => nthWeekdayOf(y, 2, MONDAY, 3)],
  ['Good Friday', (y) => easterSunday(y) - 2],
  ['Memorial Day', (y) => nthWeekdayOf(y, 5, MONDAY, -1)],
  ['Juneteenth National Independence Day', (y) => (y >= 2022 ? observed(epochDay(y, 6, 19)) : null)],
  ['Independence Day', (y) => observed(epochDay(y, 7, 4))],
  ['Labor Day', (y) => nthWeekdayOf(y, 9, MONDAY, 1)],
  ['Thanksgiving Day', (y) => nthWeekdayOf(y, 11, THURSDAY, 4)],
  ['Christmas Day', (y) => observed(epochDay(y, 12, 25))],
];

const SPECIAL_DAYS: readonly (readonly [EpochDay, string])[] = SPECIAL_CLOSURES.map((c) => {
  const day = parseIsoDate(c.date);
  if (day === null) throw new Error(`bad SPECIAL_CLOSURES date ${c.date}`);
  return [day, c.name] as const;
});

export function assertSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw new RangeError(`the US equities calendar covers ${FIRST_YEAR}-${LAST_YEAR}, not ${year}`);
  }
}

/** Full-day closures of `year` (rule holidays and special closures) as days, ascending. */
export function closedDaysOf(year: number): readonly (readonly [EpochDay, string])[] {
  assertSupportedYear(year);
  const days: (readonly [EpochDay, string])[] = [];
  for (const [name, rule] of HOLIDAY_RULES) {
    const day = rule(year);
    if (day !== null) days.push([day, name]);
  }
  for (const special of SPECIAL_DAYS) if (yearOf(special[0]) === year) days.push(special);
  return days.sort((a, b) => a[0] - b[0]);
}

/** 13:00 closes of `year`: July 3, the day after Thanksgiving and Christmas Eve, when weekdays and not closed. */
export function earlyCloseDaysOf(year: number): readonly (readonly [EpochDay, string])[] {
  const closed = new Set(closedDaysOf(year).map(([day]) => day));
  const candidates: readonly (readonly [EpochDay, string])[] = [
    [epochDay(year, 7, 3), 'Day before Independence Day'],
    [nthWeekdayOf(year, 11, THURSDAY, 4) + 1, 'Day after Thanksgiving'],
    [epochDay(year, 12, 24), 'Christmas Eve'],
  ];
  return candidates.filter(([day]) => weekdayOf(day) >= MONDAY && weekdayOf(day) <= FRIDAY && !closed.has(day));
}

const toMarketDays = (days: readonly (readonly [EpochDay, string])[]): MarketDay[] =>
  days.map(([day, name]) => ({ date: isoDate(day), name }));

/** Weekday closures of `year`, ascending (a Saturday New Year's Day is absent: nothing closes for it). */
export function usEquityHolidays(year: number): MarketDay[] {
  return toMarketDays(closedDaysOf(year));
}

export function usEquityEarlyCloses(year: number): MarketDay[] {
  return toMarketDays(earlyCloseDaysOf(year));
}
