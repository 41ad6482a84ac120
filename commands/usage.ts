import { z } from 'zod';
import { defineCommand } from '../src/app/chat/command.js';
import type { DeskDeps } from '../src/app/desk/desk-deps.js';
import { errorReply } from '../src/app/chat/reply.js';
import { formatUsd, monthLabel, monthOf, previousMonth } from '../src/app/workspace/usage.js';
import { type UsageTotals } from '../src/app/workspace/ports.js';
import { budgetLine } from './settings/budget.js';
import { LIMITS } from '../src/core/limits.js';

const TOP_MEMBERS = 5;

const options = z.object({
  month: z.string().trim().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM, like 2024-11')
    .refine((m) => Number(m.slice(0, 4)) >= LIMITS.minYear && Number(m.slice(0, 4)) <= LIMITS.maxYear, `expected a year from ${LIMITS.minYear} to ${LIMITS.maxYear}`)
    .describe('the month to show, YYYY-MM in UTC (default: this month), with the month before it').optional(),
});

const count = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, one: string): string => `${count(n)} ${one}${n === 1 ? '' : 's'}`;
const totalsLine = (t: UsageTotals): string =>
  `${plural(t.requests, 'request')} · ${count(t.inputTokens)} tokens in / ${count(t.outputTokens)} out · ${formatUsd(t.costUsd)}`;

export const usageCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'usage',
  description: 'Show the analyst\'s LLM spend for this workspace: this month and last, the budget, the top members',
  role: 'viewer',
  positional: 'month',
  options,
  async run(ctx, o) {
    // Spend is real money: its months are the calendar's, also in a --speed demo.
    const current = monthOf(ctx.deps.wallNow());
    const month = o.month ?? current;
    const before = previousMonth(month);
    const [shown, prior, budget] = await Promise.all([
      ctx.deps.llmUsage.month(ctx.workspace, month, TOP_MEMBERS),
      ctx.deps.llmUsage.month(ctx.workspace, before, 0),
      ctx.deps.analystBudget.get(ctx.workspace),
    ]);
    if (!shown.ok) return errorReply(`/usage: ${shown.error.message}`);
    if (!prior.ok) return errorReply(`/usage: ${prior.error.message}`);
    if (!budget.ok) return errorReply(`/usage: ${budget.error.message}`);
    const { totals, topMembers } = shown.value;
    const limit = budget.value.limitUsd;
    // What is left only means something for the month being spent now.
    const left = month === current && limit !== null ? [{ name: 'Left this month', value: formatUsd(Math.max(0, limit - totals.costUsd)), inline: true }] : [];
    const unpriced = [...new Set([...shown.value.unpricedModels, ...prior.value.unpricedModels])];
    const notes = [
      totals.requests === 0 ? `No analyst requests in ${monthLabel(month)}.` : '',
      unpriced.length === 0 ? '' : `estimated: unknown model ${unpriced.join(', ')} (priced at the most expensive Claude rates).`,
      'Costs are estimates from list prices per model. An admin sets the budget with /settings budget.',
    ].filter((line) => line !== '');
    return {
      kind: 'ok',
      title: `Analyst usage: ${monthLabel(month)}`,
      fields: [
        { name: monthLabel(month), value: totalsLine(totals) },
        { name: monthLabel(before), value: totalsLine(prior.value.totals) },
        { name: 'Budget', value: budgetLine(budget.value), inline: true },
        ...left,
      ],
      ...(topMembers.length === 0
        ? {}
        : {
          table: {
            columns: ['member', 'requests', 'tokens in', 'tokens out', 'cost'],
            rows: topMembers.map((m) => [m.name, count(m.requests), count(m.inputTokens), count(m.outputTokens), formatUsd(m.costUsd)]),
            alignRight: [1, 2, 3, 4],
          },
        }),
      text: notes.join('\n'),
    };
  },
});
