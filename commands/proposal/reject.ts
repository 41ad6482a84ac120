import { z } from 'zod';
import { defineCommand } from '../../src/app/chat/command.js';
import { opt } from '../../src/app/chat/command-options.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { errorReply } from '../../src/app/chat/reply.js';
import { ruleLabel } from '../../src/app/cards/proposal-card.js';
import { LIMITS } from '../../src/core/limits.js';

const options = z.object({ id: opt.string('proposal id (from /proposals)', { max: LIMITS.idLength }) });

export const proposalRejectCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'proposal reject',
  description: 'Reject a rule proposal (trader)',
  role: 'trader',
  options,
  async run(ctx, o) {
    const rejected = await ctx.deps.proposals.reject(ctx.workspace, o.id, { actor: ctx.actor, channelId: ctx.channelId, now: ctx.now() });
    if (!rejected.ok) return errorReply(`/proposal reject: ${rejected.error.message}`);
    return { kind: 'ok', title: 'Proposal rejected', text: `Proposal ${rejected.value.id} (${ruleLabel(rejected.value)}) is rejected; no rule was added.` };
  },
});
