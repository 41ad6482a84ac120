// Times at the MCP edge: ISO text in, epoch ms inside, ISO text out. Parsed here (not in the zod schema) so a bad
// date is one clear isError line naming the field, not the SDK's JSON dump of zod issues.
import { z } from 'zod';
import { quoteInput } from '../core/domain/quote-input.js';
import { fail, ok, type Result } from '../core/domain/result.js';
import { LIMITS } from '../core/limits.js';

const ISO_PREFIX = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An optional ISO date or time input field. */
export const isoTimeField = (what: string) =>
  z.string().max(40).optional().describe(`${what}: ISO 8601 date or time, e.g. 2024-01-02 or 2024-01-02T15:30:00Z (UTC when no offset)`);

/** `2024-01-02` is midnight UTC; a time without an offset is UTC. */
export function parseIsoTime(field: string, text: string): Result<number> {
  const t = text.trim();
  const zoned = /^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00Z` : /[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t) ? `${t.replace(' ', 'T')}Z` : t.replace(' ', 'T');
  const ms = ISO_PREFIX.test(t) ? Date.parse(zoned) : Number.NaN;
  if (!Number.isFinite(ms)) return fail('input.bad_time', `${field}: expected an ISO date or time like 2024-01-02 or 2024-01-02T15:30:00Z, got ${quoteInput(text)}`);
  const year = Number(t.slice(0, 4));
  if (year < LIMITS.minYear || year > LIMITS.maxYear) return fail('input.bad_time', `${field}: the year must be from ${LIMITS.minYear} to ${LIMITS.maxYear}, got ${quoteInput(text)}`);
  return ok(ms);
}

export const optionalTime = (field: string, text: string | undefined): Result<number | undefined> =>
  text === undefined ? ok(undefined) : parseIsoTime(field, text);

export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));
