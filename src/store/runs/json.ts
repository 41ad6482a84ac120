// Json columns of paper/live runs. JSON has no NaN or Infinity, yet the core uses both on purpose (NaN = "not set"
// in a Protection, Infinity = "no cap" in EntryCaps, NaN = "unreadable" in a breaker reason). They are written as
// the strings "NaN", "Infinity" and "-Infinity" and read back only where a schema allows them (`anyNumber`);
// everywhere else a number must be finite, so a NaN that slipped into cash is refused instead of stored as null.
import { z } from 'zod';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { firstIssueLine } from '../../core/domain/zod-errors.js';
import type { Prisma } from '../generated/client.js';
import { toJsonInput } from '../db/json.js';

const NON_FINITE = ['NaN', 'Infinity', '-Infinity'] as const;

/** A number that may be NaN or +-Infinity (stored as one of the tags above). */
export const anyNumber = z.union([z.number(), z.enum(NON_FINITE)]).transform((v) => (typeof v === 'number' ? v : Number(v)));

export const epochMs = z.date().transform((d) => d.getTime());

/** The value as JSON with non-finite numbers tagged (no Dates, undefined dropped). */
export function toTaggedJson(value: unknown, field: string): Result<Prisma.InputJsonValue> {
  let tagged: unknown;
  try {
    const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
    tagged = text === undefined ? undefined : JSON.parse(text);
  } catch (error) {
    return fail('store.not_json', `${field} cannot be stored as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return toJsonInput(tagged, field);
}

/**
 * Encodes a value for a Json column and checks that `schema` will read it back, so nothing is written that a
 * later load would reject as corrupt: the caller gets `store.invalid_value` now, with the field's path.
 */
export function encodeColumn(schema: z.ZodType, value: unknown, field: string): Result<Prisma.InputJsonValue> {
  const json = toTaggedJson(value, field);
  if (!json.ok) return json;
  const check = schema.safeParse(json.value);
  if (!check.success) return fail('store.invalid_value', `${field} cannot be stored: ${firstIssueLine(check.error, field)}`, { field });
  return json;
}

/** Reads a Json column with `schema`; `what` names the row for the `db.corrupt_row` message. */
export function decodeColumn<T>(schema: z.ZodType<T>, value: unknown, what: string, field: string): Result<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  return fail('db.corrupt_row', `${what} is stored in a shape this version cannot read: ${firstIssueLine(parsed.error, field)}`, { field });
}
