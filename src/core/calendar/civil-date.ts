/**
 * Calendar dates as whole days since 1970-01-01 (UTC), so holiday rules are integer arithmetic and a date never
 * carries a time zone by accident.
 */
export const DAY_MS = 86_400_000;

/** Days since 1970-01-01. */
export type EpochDay = number;

export const SUNDAY = 0;
export const MONDAY = 1;
export const THURSDAY = 4;
export const FRIDAY = 5;
export const SATURDAY = 6;

/** `month` is 1-12. */
export function epochDay(year: number, month: number, day: number): EpochDay {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** The UTC calendar day containing `utcMs`. */
export function epochDayOf(utcMs: number): EpochDay {
  return Math.floor(utcMs / DAY_MS);
}

/** 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: EpochDay): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function yearOf(day: EpochDay): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

export function isoDate(day: EpochDay): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' to a day, or null when malformed or not a real date (2023-02-30). */
export function parseIsoDate(text: string): EpochDay | null {
  const m = ISO_DATE.exec(text);
  if (m === null) return null;
  const day = epochDay(Number(m[1]), Number(m[2]), Number(m[3]));
  // Date.UTC rolls 02-30 over to March; a round trip catches it.
  return isoDate(day) === text ? day : null;
}

/**
 * The `n`th given weekday of a month (n = 1..5), or the last one when n = -1.
 * Thanksgiving is `nthWeekdayOf(y, 11, THURSDAY, 4)`, Memorial Day `nthWeekdayOf(y, 5, MONDAY, -1)`.
 */
export function nthWeekdayOf(year: number, month: number, weekday: number, n: number): EpochDay {
  if (n === -1) {
    const last = epochDay(year, month + 1, 0);
    return last - ((weekdayOf(last) - weekday + 7) % 7);
  }
  const first = epochDay(year, month, 1);
  return first + ((weekday - weekdayOf(first) + 7) % 7) + (n - 1) * 7;
}
