// A rule given to replay_with_rule: a loose object at the MCP edge, completed (id, category) and parsed with the
// core's ruleSchema here, so a bad field is one isError line naming it (`rule.params.pct: Too big ...`) rather than
// the SDK's dump of zod issues.
import { z } from 'zod';
import { quoteInput } from '../../core/domain/quote-input.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { firstIssueLine } from '../../core/domain/zod-errors.js';
import { RULE_TYPE_NAMES, RULE_TYPES, ruleSchema, type Rule, type RuleType } from '../../core/risk/rules.js';

export const ruleInputField = z.record(z.string(), z.unknown()).describe(
  'The rule to add: { type, params, id?, category?, name?, priority?, symbols?, active?, shadow? }, e.g. { "type": "stop_loss_pct", "params": { "pct": 5 } }. ' +
  `type is one of ${RULE_TYPE_NAMES.join(', ')}; id defaults to proposed-<type>; category defaults to the type's; a rule with the id of one of the run's rules replaces it`,
);

const isRuleType = (t: unknown): t is RuleType => typeof t === 'string' && Object.prototype.hasOwnProperty.call(RULE_TYPES, t);

/** The rule, its id generated (`proposed-stop-loss-pct`) and its category derived from its type when not given. */
export function parseRuleInput(raw: Readonly<Record<string, unknown>>): Result<Rule> {
  const type = raw['type'];
  if (type === undefined) return fail('input.invalid', `rule.type: required; one of ${RULE_TYPE_NAMES.join(', ')}`);
  if (!isRuleType(type)) return fail('input.invalid', `rule.type: unknown rule type ${quoteInput(type)}; valid: ${RULE_TYPE_NAMES.join(', ')}`);
  const filled = { id: `proposed-${type.replace(/_/g, '-')}`, category: RULE_TYPES[type].category, ...raw };
  const parsed = ruleSchema.safeParse(filled);
  return parsed.success ? ok(parsed.data) : fail('input.invalid', firstIssueLine(parsed.error, 'rule'));
}
