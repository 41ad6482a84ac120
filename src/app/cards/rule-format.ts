import { z } from 'zod';
import { quoteInput, safeText } from '../../core/domain/quote-input.js';
import type { CommandContext } from '../chat/command.js';
import { opt, splitPairs } from '../chat/command-options.js';
import type { DeskDeps } from '../desk/desk-deps.js';
import { errorReply, type Reply } from '../chat/reply.js';
import { applyRuleChangeToRuns } from '../runs/rule-change.js';
import type { RuleChange } from '../workspace/ports.js';
import { RULE_TYPES, type Rule, type RuleType } from '../../core/risk/rules.js';
import { formatParams } from '../workspace/rule-proposals.js';

/** `apply:running` also rewrites the rules of the runs in progress; by default only later runs see a change. */
export const applyOption = opt.oneOf(['new', 'running'], 'new: runs started from now on (default); running: also the runs in progress, from their next bar (admin)').optional();

export { formatParams } from '../workspace/rule-proposals.js';

export const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

export function ruleRow(r: Rule): string[] {
  return [r.id, r.category, r.type, formatParams(r.params), String(r.priority), yesNo(r.active), yesNo(r.shadow), r.symbols?.join(',') ?? 'all'];
}

export const RULE_COLUMNS = ['id', 'category', 'type', 'params', 'priority', 'active', 'shadow', 'symbols'];

const numberText = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const PARAMS_HELP = 'JSON like {"pct":8}, or key=value pairs like pct=8 (a list: symbols=AAPL,MSFT)';

/**
 * Rule parameters from chat: a JSON object (`{"pct":8}`, also quoted as the shell habit has it: `'{"pct":8}'`) or
 * `k=v` pairs separated by commas. In pairs, a comma item without `=` continues the value before it, so a list reads
 * as typed (`symbols=AAPL,MSFT`); values stay text here and `typedRuleParams` gives them the rule type's types.
 */
export const paramsOption = z.string().trim().min(1, `expected ${PARAMS_HELP}`).max(1000, 'expected at most 1000 characters')
  .transform((raw, ctx): Record<string, unknown> => {
    const text = unquoted(raw);
    if (text.startsWith('{')) {
      let value: unknown;
      try {
        // Curly quotes come from phone keyboards and some desktops; JSON only knows straight ones.
        value = JSON.parse(text.replace(/[\u201c\u201d]/g, '"'));
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `expected a JSON object like {"pct":8}: ${err instanceof Error ? err.message : String(err)}` });
        return z.NEVER;
      }
      const object = z.record(z.string(), z.unknown()).safeParse(value);
      if (object.success) return object.data;
      ctx.addIssue({ code: 'custom', message: 'expected a JSON object like {"pct":8}' });
      return z.NEVER;
    }
    const split = splitPairs(text);
    if (!split.ok) {
      const message = split.problem === 'no_key' ? `expected key=value pairs separated by commas (or JSON), got ${quoteInput(split.item, 40)}`
        : `${quoteInput(split.key, 40)} is given twice; a list is written ${safeText(split.key, 40)}=A,B`;
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return Object.fromEntries(split.pairs);
  })
  .describe(`rule parameters: ${PARAMS_HELP}`);

/** One pair of matching quotes around the whole value goes (Discord passes the option as typed, quotes and all). */
function unquoted(text: string): string {
  const m = /^(["'\u201c\u2018])([\s\S]*)(["'\u201d\u2019])$/.exec(text);
  if (m === null) return text;
  const pairs: Readonly<Record<string, string>> = { '"': '"', "'": "'", '\u201c': '\u201d', '\u2018': '\u2019' };
  return pairs[m[1]!] === m[3] ? m[2]!.trim() : text;
}

/**
 * Text values typed as the rule type's parameter schema wants them: numbers from numeric text, lists from comma
 * lists (one item is a list of one), everything else as given. Unknown types and keys are left for the rule schema,
 * whose error names them.
 */
export function typedRuleParams(type: string, params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const shape = Object.hasOwn(RULE_TYPES, type) ? RULE_TYPES[type as RuleType].params.shape : undefined;
  return Object.fromEntries(Object.entries(params).map(([key, value]) => {
    const field = shape !== undefined && Object.hasOwn(shape, key) ? baseSchema((shape as Record<string, z.ZodType>)[key]!) : undefined;
    if (typeof value !== 'string') return [key, value];
    if (field instanceof z.ZodArray) return [key, value.split(',').map((v) => v.trim()).filter((v) => v !== '')];
    if (field instanceof z.ZodNumber || (field === undefined && !value.includes(','))) return [key, numberText.test(value) ? Number(value) : value];
    return [key, value];
  }));
}

function baseSchema(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  return s;
}

/**
 * The second half of every rule change: with `apply:running`, the same change to the runs in progress. `done` is
 * the first part of the answer ("Rule r3 added"), so a failure here still says the rule itself changed.
 */
export async function applyToRuns(ctx: CommandContext<DeskDeps>, command: string, apply: 'new' | 'running' | undefined,
  change: RuleChange, note: string, done: Reply): Promise<Reply> {
  if (apply !== 'running') {
    return { ...done, text: 'Applies to runs started from now on; runs in progress keep their rules (apply:running changes them too).' };
  }
  const applied = await applyRuleChangeToRuns({ store: ctx.deps.runStore, leasing: ctx.deps.leasing, admin: ctx.deps.workspaceAdmin }, ctx.workspace, change,
    { actor: ctx.actor, note, now: ctx.now() });
  if (!applied.ok) return errorReply(`/${command}: ${done.title ?? 'done'}, but the runs in progress were not changed: ${applied.error.message}`);
  const runs = applied.value.map((r) => `#${r.number}`).join(', ');
  return {
    ...done,
    text: applied.value.length === 0
      ? 'Applies to runs started from now on; no run in progress had to change.'
      : `Also applied to runs in progress ${runs}, from their next bar; runs started from now on get it too.`,
  };
}
