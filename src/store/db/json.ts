import { z } from 'zod';
import { fail, ok, type Result } from '../../core/domain/result.js';
import type { Prisma } from '../generated/client.js';

const jsonValue = z.json();

/**
 * Turns a value into what a Prisma `Json` column accepts, through a JSON round trip (so what is stored is what
 * will read back: no Dates, undefined dropped, NaN as null). Fails on BigInt, cycles and a top-level null.
 */
export function toJsonInput(value: unknown, field: string): Result<Prisma.InputJsonValue> {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    return fail('store.not_json', `${field} cannot be stored as JSON: ${error instanceof Error ? error.message : error}`);
  }
  const parsed = text === undefined ? undefined : jsonValue.safeParse(JSON.parse(text));
  if (parsed === undefined || !parsed.success || parsed.data === null) {
    return fail('store.not_json', `${field} cannot be stored as JSON`);
  }
  return ok(parsed.data);
}
