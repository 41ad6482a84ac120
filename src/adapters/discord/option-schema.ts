import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';

/** What a chat option's zod schema tells Discord: its input type, choices, bounds, and whether it is required. */
export interface OptionShape {
  readonly type: ApplicationCommandOptionType.String | ApplicationCommandOptionType.Integer
    | ApplicationCommandOptionType.Number | ApplicationCommandOptionType.Boolean;
  readonly required: boolean;
  readonly description?: string;
  readonly choices?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
}

/**
 * Minimal structural view of zod 4 internals (`schema._zod.def`). zod 4 documents `_zod.def` as the way to
 * introspect a schema; we read it through this narrow type rather than `any` so a zod upgrade that moves a field
 * degrades to "STRING option" (always safe: runCommand still validates the string) instead of crashing.
 */
interface ZodNode {
  readonly _zod: { readonly def: { readonly type: string; readonly innerType?: ZodNode; readonly in?: ZodNode; readonly out?: ZodNode;
    readonly entries?: Readonly<Record<string, string | number>>; readonly checks?: readonly ZodCheck[] } };
  readonly description?: string;
  readonly isInt?: boolean;
  readonly minLength?: number | null;
  readonly maxLength?: number | null;
}
interface ZodCheck {
  readonly _zod: { readonly def: { readonly check: string; readonly value?: unknown; readonly inclusive?: boolean } };
}

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch']);
// Bounds at or beyond these are the opt helpers' "no bound" defaults; Discord needs none for them.
const NO_BOUND = Number.MAX_SAFE_INTEGER;

/**
 * Derives the Discord option from a zod option schema built with `opt`. Approach (documented for the lead):
 * 1. unwrap optional/default wrappers (an `optional` anywhere outside makes the option not required);
 * 2. follow `pipe` to its output side: a final `number` schema means INTEGER (when `isInt`) or NUMBER, with
 *    inclusive `greater_than`/`less_than` checks as min/max (exclusive ones, like `gt: 0`, stay server-side);
 * 3. when the output is a `transform` (opaque), test-parse 'true' and 'false': both giving booleans means BOOLEAN;
 * 4. a bare `enum` gives choices; a bare `string` gives length bounds; anything else is a STRING.
 * Values still arrive as strings to runCommand, which parses them with the very same schema.
 */
export function describeOption(schema: z.core.$ZodType): OptionShape {
  let node = schema as unknown as ZodNode;
  let required = true;
  let description = node.description;
  while (WRAPPERS.has(node._zod.def.type) && node._zod.def.innerType !== undefined) {
    if (node._zod.def.type !== 'nullable' && node._zod.def.type !== 'readonly') required = false;
    node = node._zod.def.innerType;
    description ??= node.description;
  }
  const base = { required, ...(description === undefined ? {} : { description }) };
  const def = node._zod.def;
  if (def.type === 'enum' && def.entries !== undefined) {
    return { ...base, type: ApplicationCommandOptionType.String, choices: Object.values(def.entries).map(String) };
  }
  if (def.type === 'string') {
    return { ...base, type: ApplicationCommandOptionType.String, ...lengths(node) };
  }
  let out = node;
  while (out._zod.def.type === 'pipe' && out._zod.def.out !== undefined) out = out._zod.def.out;
  if (out._zod.def.type === 'number') {
    return { ...base, type: out.isInt === true ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number, ...bounds(out) };
  }
  if (parsesToBoolean(schema)) return { ...base, type: ApplicationCommandOptionType.Boolean };
  return { ...base, type: ApplicationCommandOptionType.String };
}

function parsesToBoolean(schema: z.core.$ZodType): boolean {
  const t = z.safeParse(schema, 'true');
  const f = z.safeParse(schema, 'false');
  return t.success && f.success && t.data === true && f.data === false;
}

function lengths(node: ZodNode): { minLength?: number; maxLength?: number } {
  const { minLength, maxLength } = node;
  return {
    ...(typeof minLength === 'number' && minLength > 0 ? { minLength: Math.min(minLength, 6000) } : {}),
    ...(typeof maxLength === 'number' ? { maxLength: Math.min(maxLength, 6000) } : {}),
  };
}

function bounds(node: ZodNode): { min?: number; max?: number } {
  let min: number | undefined;
  let max: number | undefined;
  for (const c of node._zod.def.checks ?? []) {
    const { check, value, inclusive } = c._zod.def;
    if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) >= NO_BOUND || inclusive !== true) continue;
    if (check === 'greater_than') min = min === undefined ? value : Math.max(min, value);
    if (check === 'less_than') max = max === undefined ? value : Math.min(max, value);
  }
  return { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
}
