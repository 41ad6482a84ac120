import { z } from 'zod';
import { defineCommand } from '../src/app/chat/command.js';
import { opt } from '../src/app/chat/command-options.js';
import type { DeskDeps } from '../src/app/desk/desk-deps.js';
import { errorReply } from '../src/app/chat/reply.js';
import { ruleLabel } from '../src/app/cards/proposal-card.js';

const options = z.object({
  status: opt.oneOf(['pending', 'approved', 'rejected', 'all'], 'which proposals (default pending)').optional(),
});

export const proposalsCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'proposals',
  description: 'Rule proposals from the analyst, newest first (/proposal show id:<id> for one)',
  role: 'viewer',
  options,
  async run(ctx, o) {
    const status = o.status ?? 'pending';
    const listed = await ctx.deps.proposals.list(ctx.workspace, status, 25);
    if (!listed.ok) return errorReply(`/proposals: ${listed.error.message}`);
    if (listed.value.length === 0) {
      return { kind: 'ok', title: 'Rule proposals', text: `No ${status === 'all' ? '' : `${status} `}rule proposals. Ask the analyst "what rules would have helped run 2?" for some.` };
    }
    return {
      kind: 'ok',
      title: `Rule proposals (${status})`,
      table: {
        columns: ['id', 'rule', 'from', 'status', 'filed'],
        rows: listed.value.map((p) => [p.id, ruleLabel(p), p.run === null ? '-' : `#${p.run}`, p.status, new Date(p.createdAt).toISOString().slice(0, 10)]),
      },
    };
  },
});
