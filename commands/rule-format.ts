import { z } from 'zod';
import type { CommandContext } from '../src/app/command.js';
import { opt } from '../src/app/command-options.js';
import type { DeskDeps } from '../src/app/desk-deps.js';
import { errorReply, type Reply } from '../src/app/reply.js';
import { applyRuleChangeToRuns } from '../src/app/runs/rule-change.js';
import type { RuleChange } from '../src/app/workspace-admin.js';
import type { Rule } from '../src/core/risk/rules.js';
import { formatParams } from '../src/app/rule-proposals.js';

/** `apply:running` also rewrites the rules of the runs in progress; by default only later runs see a change. */
export const applyOption = opt.oneOf(['new', 'running'], 'new: runs started from now on (default); running: also the runs in progress, from their next bar (admin)').optional();

export { formatParams } from '../src/app/rule-proposals.js';

export const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

export function ruleRow(r: Rule): string[] {
  return [r.id, r.category, r.type, formatParams(r.params), String(r.priority), yesNo(r.active), yesNo(r.shadow), r.symbols?.join(',') ?? 'all'];
}

export const RULE_COLUMNS = ['id', 'category', 'type', 'params', 'priority', 'active', 'shadow', 'symbols'];

const numberText = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Rule parameters from chat: a JSON object (`'{"pct":8}'`) or `k=v` pairs with numbers coerced (`pct=8`). */
export const paramsOption = z.string().trim().min(1, 'expected JSON like {"pct":8} or key=value pairs').max(1000, 'expected at most 1000 characters')
  .transform((text, ctx): Record<string, unknown> => {
    if (text.startsWith('{')) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `expected a JSON object like {"pct":8}: ${err instanceof Error ? err.message : String(err)}` });
        return z.NEVER;
      }
      const object = z.record(z.string(), z.unknown()).safeParse(value);
      if (object.success) return object.data;
      ctx.addIssue({ code: 'custom', message: 'expected a JSON object like {"pct":8}' });
      return z.NEVER;
    }
    const out: Record<string, unknown> = {};
    for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
      const eq = part.indexOf('=');
      if (eq <= 0) {
        ctx.addIssue({ code: 'custom', message: `expected key=value pairs separated by commas (or JSON), got '${part}'` });
        return z.NEVER;
      }
      const raw = part.slice(eq + 1).trim();
      out[part.slice(0, eq).trim()] = numberText.test(raw) ? Number(raw) : raw;
    }
    return out;
  })
  .describe('rule parameters: JSON (\'{"pct":8}\') or key=value pairs (pct=8)');

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
