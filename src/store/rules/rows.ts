// Rows <-> core rules. The row's `key` is the core Rule's `id`; the Json columns and string "enums" are parsed
// back with the core's own schema, so what is read is exactly what `addRule` would accept.
import { fail, ok, type Result } from '../../core/domain/result.js';
import { firstIssueLine } from '../../core/domain/zod-errors.js';
import { RULE_TYPE_NAMES, RULE_TYPES, ruleSchema, type Rule } from '../../core/risk/rules.js';
import type { Prisma } from '../generated/client.js';
import { toJsonInput } from '../db/json.js';

/** The columns `ruleFromRow` reads, for Prisma `select`. */
export const RULE_SELECT = {
  id: true,
  key: true,
  name: true,
  category: true,
  type: true,
  params: true,
  priority: true,
  active: true,
  shadow: true,
  symbols: true,
  version: true,
} as const;

export type RuleRow = Prisma.RuleGetPayload<{ select: typeof RULE_SELECT }>;

/** A rule as stored: the core rule and its edit counter (bumped by every toggle). */
export interface StoredRule {
  readonly rule: Rule;
  readonly version: number;
}

export function ruleFromRow(row: RuleRow): Result<Rule> {
  const parsed = ruleSchema.safeParse({
    id: row.key,
    ...(row.name === null ? {} : { name: row.name }),
    category: row.category,
    type: row.type,
    params: row.params,
    priority: row.priority,
    active: row.active,
    shadow: row.shadow,
    ...(row.symbols === null ? {} : { symbols: row.symbols }),
  });
  if (parsed.success) return ok(parsed.data);
  return fail('db.corrupt_row', `rule '${row.key}' is stored in a shape this version cannot read: ${firstIssueLine(parsed.error)}`, {
    key: row.key,
  });
}

/** The columns of a new row, `key` aside. */
export function ruleColumns(rule: Rule) {
  const params = toJsonInput(rule.params, 'params');
  if (!params.ok) return params;
  const symbols = rule.symbols === undefined ? undefined : toJsonInput(rule.symbols, 'symbols');
  if (symbols !== undefined && !symbols.ok) return symbols;
  return ok({
    name: rule.name ?? null,
    category: rule.category,
    type: rule.type,
    params: params.value,
    priority: rule.priority,
    active: rule.active,
    shadow: rule.shadow,
    ...(symbols === undefined ? {} : { symbols: symbols.value }),
  });
}

/**
 * Validates user input for a new rule with the core schema. A missing `id` is allowed (the store picks one), so
 * it is checked with a stand-in and the caller replaces it. Errors are one line with the field path.
 */
export function parseRuleInput(input: unknown): Result<{ rule: Rule; hasKey: boolean }> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return fail('rule.invalid', '(root): expected an object');
  const type = 'type' in input ? input.type : undefined;
  // The discriminated union alone would only say "Invalid input"; name the valid types instead.
  if (typeof type === 'string' && !(type in RULE_TYPES)) {
    return fail('rule.invalid', `type: unknown rule type '${type}'; valid: ${RULE_TYPE_NAMES.join(', ')}`);
  }
  const hasKey = 'id' in input && input.id !== undefined;
  const parsed = ruleSchema.safeParse(hasKey ? input : { ...input, id: 'pending' });
  if (!parsed.success) return fail('rule.invalid', firstIssueLine(parsed.error));
  return ok({ rule: parsed.data, hasKey });
}

/** Evaluation order, as the core's `activeRulesInOrder`: priority 1 first, then key. */
export function compareRules(a: Rule, b: Rule): number {
  return a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
