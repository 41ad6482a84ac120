import { z } from 'zod';
import { defineCommand } from '../../src/app/chat/command.js';
import { assertNever } from '../../src/core/domain/result.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { errorReply } from '../../src/app/chat/reply.js';
import { formatUsd } from '../../src/app/workspace/usage.js';
import { type AnalystBudget } from '../../src/app/workspace/ports.js';

const MAX_BUDGET_USD = 1_000_000;

const options = z.object({
  usd: z.string().trim().transform((s) => s.replace(/^\$/, '').toLowerCase())
    .pipe(z.string().regex(/^(none|\d+(\.\d{1,2})?)$/, 'expected a dollar amount like 50 or 12.50, or none to remove the cap'))
    .transform((s) => (s === 'none' ? null : Number(s)))
    .refine((v) => v === null || v <= MAX_BUDGET_USD, `expected at most ${MAX_BUDGET_USD} dollars`)
    .describe('monthly analyst budget in US dollars (0 = no Claude use; none = remove this workspace\'s cap)'),
});

/** How a budget reads in a reply. */
export function budgetLine(b: AnalystBudget): string {
  switch (b.source) {
    case 'workspace': return b.limitUsd === 0 ? '$0 a month (Claude is off)' : `${formatUsd(b.limitUsd ?? 0)} a month`;
    case 'default': return `${formatUsd(b.limitUsd ?? 0)} a month (the desk default, ANTHROPIC_MONTHLY_BUDGET_USD)`;
    case 'none': return 'no cap';
    default: return assertNever(b.source);
  }
}

export const settingsBudgetCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'settings budget',
  description: 'Set this workspace\'s monthly analyst (Claude) budget in US dollars, a hard stop (admin)',
  role: 'admin',
  positional: 'usd',
  options,
  async run(ctx, o) {
    const set = await ctx.deps.analystBudget.set(ctx.workspace, o.usd, { actor: ctx.actor, channelId: ctx.channelId, now: ctx.now() });
    if (!set.ok) return errorReply(`/settings budget: ${set.error.message}`);
    const { before, after } = set.value;
    return {
      kind: 'ok',
      title: o.usd === null ? 'Analyst budget removed' : `Analyst budget: ${formatUsd(o.usd)} a month`,
      fields: [
        { name: 'Budget', value: budgetLine(after), inline: true },
        { name: 'Was', value: budgetLine(before), inline: true },
      ],
      text: 'Months are calendar months in UTC. At or over the budget the analyst answers with a notice instead of calling Claude; /usage shows the spend.',
    };
  },
});
