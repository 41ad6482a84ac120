import { quoteInput } from '../../core/domain/quote-input.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { LIMITS } from '../../core/limits.js';

/** `--from` / `--to` days when given (UTC midnight), each checked by parseDay; `--to` is read first. */
export function parseDayRange(from: string | undefined, to: string | undefined): Result<{ fromDay?: number; toDay?: number }> {
  const toDay = to === undefined ? undefined : parseDay('--to', to);
  if (toDay !== undefined && !toDay.ok) return toDay;
  const fromDay = from === undefined ? undefined : parseDay('--from', from);
  if (fromDay !== undefined && !fromDay.ok) return fromDay;
  return ok({ ...(fromDay === undefined ? {} : { fromDay: fromDay.value }), ...(toDay === undefined ? {} : { toDay: toDay.value }) });
}

/** Parses a strict YYYY-MM-DD calendar date (UTC midnight). 2023-02-30 is refused, not rolled over; so is a year outside LIMITS. */
export function parseDay(flag: string, text: string): Result<number> {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return fail('cli.date', `${flag} ${quoteInput(text)}: expected a date as YYYY-MM-DD`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < LIMITS.minYear || y > LIMITS.maxYear) return fail('cli.date', `${flag} ${quoteInput(text)}: the year must be from ${LIMITS.minYear} to ${LIMITS.maxYear}`);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    return fail('cli.date', `${flag} ${quoteInput(text)} is not a real calendar date`);
  }
  return ok(ms);
}

