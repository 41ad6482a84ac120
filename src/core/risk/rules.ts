import { z } from 'zod';
import { fail, ok, type Result } from '../domain/result.js';
import { firstIssueLine } from '../domain/zod-errors.js';
import { quoteInput } from '../domain/quote-input.js';
import { LIMITS } from '../limits.js';

/**
 * User rules: structured, prioritised (1 = evaluated first), toggleable, optionally scoped to symbols, and
 * optionally `shadow` (evaluated and reported, never enforced). Each type belongs to exactly one category.
 */
export const RULE_CATEGORIES = [
  'risk',
  'strategy',
  'position_sizing',
  'timing',
  'entry_exit',
  'stop_loss',
  'screening',
  'emergency',
] as const;
export type RuleCategory = (typeof RULE_CATEGORIES)[number];

const pctParam = z.number().gt(0).max(100);
const symbolList = z.array(z.string().regex(/^[A-Za-z0-9.^/-]{1,12}$/, 'expected a ticker symbol').transform((s) => s.toUpperCase())).min(1)
  .max(LIMITS.symbolsPerRule, `expected at most ${LIMITS.symbolsPerRule} symbols`);
/** Money amounts in rules: positive and no more than any run could hold. */
const usdParam = z.number().gt(0).max(LIMITS.maxCash);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24h)');

/** Parameter schema and category of every rule type. */
export const RULE_TYPES = {
  max_position_pct: { category: 'risk', params: z.object({ pct: pctParam }).strict() },
  max_open_positions: { category: 'risk', params: z.object({ max: z.number().int().min(1).max(LIMITS.symbolsPerRule) }).strict() },
  max_daily_loss_pct: { category: 'risk', params: z.object({ pct: pctParam }).strict() },
  max_drawdown_pct: { category: 'risk', params: z.object({ pct: pctParam }).strict() },
  min_confidence: { category: 'strategy', params: z.object({ min: z.number().min(0).max(1) }).strict() },
  max_order_notional: { category: 'position_sizing', params: z.object({ usd: usdParam }).strict() },
  blackout_window: {
    category: 'timing',
    params: z.object({ start: hhmm, end: hhmm, timezone: z.enum(['America/New_York', 'UTC']).default('America/New_York') }).strict(),
  },
  take_profit_pct: { category: 'entry_exit', params: z.object({ pct: z.number().gt(0).max(1000) }).strict() },
  trailing_stop_pct: { category: 'entry_exit', params: z.object({ pct: pctParam }).strict() },
  max_holding_bars: { category: 'entry_exit', params: z.object({ bars: z.number().int().min(1).max(LIMITS.barsPerBacktest) }).strict() },
  stop_loss_pct: { category: 'stop_loss', params: z.object({ pct: pctParam }).strict() },
  symbol_allowlist: { category: 'screening', params: z.object({ symbols: symbolList }).strict() },
  symbol_denylist: { category: 'screening', params: z.object({ symbols: symbolList }).strict() },
  min_price: { category: 'screening', params: z.object({ usd: z.number().gt(0).max(LIMITS.maxPrice) }).strict() },
  halt_all: { category: 'emergency', params: z.object({ reason: z.string().min(1).max(LIMITS.textLength).default('emergency halt') }).strict() },
} as const satisfies Record<string, { category: RuleCategory; params: z.ZodType }>;

export type RuleType = keyof typeof RULE_TYPES;
export const RULE_TYPE_NAMES = Object.keys(RULE_TYPES) as RuleType[];

const common = {
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'expected an id of letters, digits, - and _ (max 64)'),
  name: z.string().max(120).optional(),
  category: z.enum(RULE_CATEGORIES),
  priority: z.number().int().min(1).max(10).default(5),
  active: z.boolean().default(true),
  shadow: z.boolean().default(false),
  symbols: symbolList.optional(),
};

function variant<T extends RuleType, P extends z.ZodType>(type: T, params: P) {
  return z.object({ ...common, type: z.literal(type), params }).strict();
}

export const ruleSchema = z
  .discriminatedUnion('type', [
    variant('max_position_pct', RULE_TYPES.max_position_pct.params),
    variant('max_open_positions', RULE_TYPES.max_open_positions.params),
    variant('max_daily_loss_pct', RULE_TYPES.max_daily_loss_pct.params),
    variant('max_drawdown_pct', RULE_TYPES.max_drawdown_pct.params),
    variant('min_confidence', RULE_TYPES.min_confidence.params),
    variant('max_order_notional', RULE_TYPES.max_order_notional.params),
    variant('blackout_window', RULE_TYPES.blackout_window.params),
    variant('take_profit_pct', RULE_TYPES.take_profit_pct.params),
    variant('trailing_stop_pct', RULE_TYPES.trailing_stop_pct.params),
    variant('max_holding_bars', RULE_TYPES.max_holding_bars.params),
    variant('stop_loss_pct', RULE_TYPES.stop_loss_pct.params),
    variant('symbol_allowlist', RULE_TYPES.symbol_allowlist.params),
    variant('symbol_denylist', RULE_TYPES.symbol_denylist.params),
    variant('min_price', RULE_TYPES.min_price.params),
    variant('halt_all', RULE_TYPES.halt_all.params),
  ])
  .superRefine((rule, ctx) => {
    const expected = RULE_TYPES[rule.type].category;
    if (rule.category !== expected) {
      ctx.addIssue({
        code: 'custom',
        path: ['category'],
        message: `rule type '${rule.type}' belongs to category '${expected}', not ${quoteInput(rule.category)}`,
      });
    }
  });

export type Rule = z.infer<typeof ruleSchema>;
export type RuleOf<T extends RuleType> = Extract<Rule, { type: T }>;

const ruleFileSchema = z.union([z.array(z.unknown()), z.object({ rules: z.array(z.unknown()) }).strict()]);

/**
 * Parses a rules document (`[...]` or `{ "rules": [...] }`), already JSON-decoded. Errors point at the bad field:
 * `rules[2].params.pct: Too big: expected number to be <=100`.
 */
export function parseRules(doc: unknown): Result<Rule[]> {
  const shape = ruleFileSchema.safeParse(doc);
  if (!shape.success) return fail('rules.invalid', 'expected a JSON array of rules or an object { "rules": [...] }');
  const items = Array.isArray(shape.data) ? shape.data : shape.data.rules;
  const rules: Rule[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const typeError = unknownTypeError(item, i);
    if (typeError !== null) return fail('rules.invalid', typeError);
    const parsed = ruleSchema.safeParse(item);
    if (!parsed.success) return fail('rules.invalid', firstIssueLine(parsed.error, `rules[${i}]`));
    if (seen.has(parsed.data.id)) return fail('rules.invalid', `rules[${i}].id: duplicate rule id '${parsed.data.id}'`);
    seen.add(parsed.data.id);
    rules.push(parsed.data);
  }
  return ok(rules);
}

function unknownTypeError(item: unknown, i: number): string | null {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return `rules[${i}]: expected an object`;
  const type = 'type' in item ? item.type : undefined;
  if (typeof type === 'string' && !(type in RULE_TYPES)) {
    return `rules[${i}].type: unknown rule type ${quoteInput(type)}; valid: ${RULE_TYPE_NAMES.join(', ')}`;
  }
  return null;
}

/** Active rules in evaluation order: priority 1 first, then id for a stable order. */
export function activeRulesInOrder(rules: readonly Rule[]): Rule[] {
  return rules.filter((r) => r.active).sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function ruleApplies(rule: Rule, symbol: string): boolean {
  return rule.symbols === undefined || rule.symbols.includes(symbol);
}
