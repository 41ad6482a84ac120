import { z } from 'zod';
import { defineCommand } from '../../src/app/chat/command.js';
import { opt } from '../../src/app/chat/command-options.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { errorReply } from '../../src/app/chat/reply.js';
import { proposalCard } from '../../src/app/cards/proposal-card.js';
import { LIMITS } from '../../src/core/limits.js';

const options = z.object({ id: opt.string('proposal id (from /proposals)', { max: LIMITS.idLength }) });

export const proposalShowCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'proposal show',
  description: 'One rule proposal: the rule, the evidence and its approval buttons',
  role: 'viewer',
  options,
  async run(ctx, o) {
    const found = await ctx.deps.proposals.get(ctx.workspace, o.id);
    return found.ok ? proposalCard(found.value) : errorReply(`/proposal show: ${found.error.message}`);
  },
});
