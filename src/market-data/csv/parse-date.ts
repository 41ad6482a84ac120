import { LIMITS } from '../../core/limits.js';

const utf8 = new TextEncoder();

/** `parseDailyDateAt` on a whole string. */
export function parseDailyDate(text: string): number {
  const bytes = utf8.encode(text);
  return parseDailyDateAt(bytes, 0, bytes.length);
}

/**
 * Parses the date field `bytes[from, to)` of a daily CSV row to that date's 00:00 UTC (epoch ms), or NaN when it is not a
 * date of a year from LIMITS.minYear to LIMITS.maxYear.
 * Accepts `YYYY-MM-DD`, optionally followed by `T` or a space, `HH:MM`, `:SS`, `.fff` and `Z` (all taken as
 * UTC; the time of day is validated, then dropped, because a daily bar is the whole date). Reads the bytes,
 * without a regex or substrings, because it runs once per row of every file.
 */
export function parseDailyDateAt(text: Uint8Array, from: number, to: number): number {
  let start = from;
  let end = to;
  while (start < end && text[start] === 32) start++; // tolerate padding spaces
  while (end > start && text[end - 1] === 32) end--;
  if (end - start < 10) return Number.NaN;
  const year = digits(text, start, 4);
  const month = digits(text, start + 5, 2);
  const day = digits(text, start + 8, 2);
  if (text[start + 4] !== 45 || text[start + 7] !== 45) return Number.NaN; // '-'
  if (year < LIMITS.minYear || year > LIMITS.maxYear || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  if (end - start > 10 && !validTimeOfDay(text, start + 10, end)) return Number.NaN;
  return epochDay(year, month, day) * 86_400_000;
}

/** `[T ]HH:MM[:SS[.fff]][Z]` between `at` and `end`. */
function validTimeOfDay(text: Uint8Array, at: number, end: number): boolean {
  const sep = text[at];
  if (sep !== 84 && sep !== 32) return false; // 'T' or ' '
  if (text[end - 1] === 90) end--; // trailing 'Z'
  const len = end - at - 1;
  if (len !== 5 && len < 8) return false;
  const hour = digits(text, at + 1, 2);
  const minute = digits(text, at + 4, 2);
  if (text[at + 3] !== 58 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return false; // ':'
  if (len === 5) return true;
  const second = digits(text, at + 7, 2);
  if (text[at + 6] !== 58 || second < 0 || second > 59) return false;
  if (len === 8) return true;
  if (text[at + 9] !== 46 || len === 9) return false; // '.' then at least one digit
  return digits(text, at + 10, len - 9) >= 0;
}

/** The non-negative integer spelled by `count` ASCII digits at `at`, or -1 if any is not a digit. */
function digits(text: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const c = text[i]! - 48;
    if (!(c >= 0 && c <= 9)) return -1; // written so NaN (past the end: undefined - 48) fails too
    value = value * 10 + c;
  }
  return value;
}

/** Days before each month in a common year. */
const DAYS_BEFORE_MONTH = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/** Days from 1970-01-01 to the given date (proleptic Gregorian); plain arithmetic, cheaper than Date.UTC. */
function epochDay(year: number, month: number, day: number): number {
  const leapThisYear = month > 2 && isLeap(year) ? 1 : 0;
  return 365 * (year - 1970) + leapDaysBefore(year - 1) - leapDaysBefore(1969) + DAYS_BEFORE_MONTH[month]! + leapThisYear + day - 1;
}

function leapDaysBefore(year: number): number {
  return Math.floor(year / 4) - Math.floor(year / 100) + Math.floor(year / 400);
}

function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
