import { z } from 'zod';
import { defineCommand } from '../../src/app/chat/command.js';
import { opt } from '../../src/app/chat/command-options.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { errorReply } from '../../src/app/chat/reply.js';
import { ruleLabel } from '../../src/app/cards/proposal-card.js';
import { applyOption, applyToRuns, formatParams, yesNo } from '../../src/app/cards/rule-format.js';
import { LIMITS } from '../../src/core/limits.js';

const options = z.object({
  id: opt.string('proposal id (from /proposals)', { max: LIMITS.idLength }),
  shadow: opt.bool('add it as a shadow rule: evaluated and reported, never enforced (default false)').optional(),
  apply: applyOption,
});

/** A person puts an analyst's proposal into force: the only way a proposal becomes a rule. */
export const proposalApproveCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'proposal approve',
  description: 'Approve a rule proposal: adds its rule, optionally as a shadow rule first (admin)',
  role: 'admin',
  options,
  async run(ctx, o) {
    const shadow = o.shadow ?? false;
    const approved = await ctx.deps.proposals.approve(ctx.workspace, o.id, { shadow }, { actor: ctx.actor, channelId: ctx.channelId, now: ctx.now() });
    if (!approved.ok) return errorReply(`/proposal approve: ${approved.error.message}`);
    const { proposal, rule } = approved.value;
    return applyToRuns(ctx, 'proposal approve', o.apply, { kind: 'upsert', rule }, `approved proposal ${proposal.id}: ${ruleLabel(proposal)}${shadow ? ' (shadow)' : ''}`, {
      kind: 'ok',
      title: `Proposal approved: rule ${rule.id} added${shadow ? ' as a shadow rule' : ''}`,
      fields: [
        { name: 'Type', value: `${rule.type} (${rule.category})`, inline: true },
        { name: 'Params', value: formatParams(rule.params), inline: true },
        { name: 'Shadow', value: yesNo(rule.shadow), inline: true },
        { name: 'From', value: proposal.run === null ? 'the analyst' : `Run #${proposal.run}`, inline: true },
      ],
    });
  },
});
