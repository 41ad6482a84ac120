import { z } from 'zod';
import { defineCommand, hasRole } from '../../src/app/chat/command.js';
import { opt } from '../../src/app/chat/command-options.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { errorReply } from '../../src/app/chat/reply.js';
import { applyOption, applyToRuns, formatParams, paramsOption, typedRuleParams, yesNo } from '../../src/app/cards/rule-format.js';
import { LIMITS } from '../../src/core/limits.js';

const options = z.object({
  category: opt.string('rule category: risk, strategy, position_sizing, timing, entry_exit, stop_loss, screening, emergency'),
  type: opt.string('rule type, e.g. stop_loss_pct, max_position_pct, blackout_window (a wrong one lists them all)'),
  params: paramsOption,
  id: opt.string('rule id (default: the next r<N>)', { max: LIMITS.idLength }).optional(),
  priority: opt.int('1 (evaluated first) to 10; default 5', { min: 1, max: 10 }).optional(),
  symbols: opt.symbols('only these symbols (default: all)').optional(),
  shadow: opt.bool('evaluate and report only, never enforce (default false)').optional(),
  apply: applyOption,
});

export const rulesAddCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'rules add',
  description: 'Add a rule (traders may add shadow rules only; enforced rules need an admin)',
  role: 'trader',
  options,
  async run(ctx, o) {
    // Deny by default: a rule that is enforced, or a change to runs in progress, changes how the desk trades.
    if (!hasRole(ctx.actor.role, 'admin')) {
      if (o.shadow !== true) return errorReply(`/rules add: a ${ctx.actor.role} may add shadow rules only (shadow:true); enforced rules need the admin role`);
      if (o.apply === 'running') return errorReply('/rules add: apply:running changes runs in progress and needs the admin role');
    }
    const input = {
      ...(o.id === undefined ? {} : { id: o.id }),
      category: o.category,
      type: o.type,
      params: typedRuleParams(o.type, o.params),
      ...(o.priority === undefined ? {} : { priority: o.priority }),
      ...(o.symbols === undefined ? {} : { symbols: o.symbols }),
      ...(o.shadow === undefined ? {} : { shadow: o.shadow }),
    };
    const added = await ctx.deps.workspaceAdmin.addRule(ctx.workspace, input, ctx.actor);
    if (!added.ok) return errorReply(`/rules add: ${added.error.message}`);
    const rule = added.value;
    return applyToRuns(ctx, 'rules add', o.apply, { kind: 'upsert', rule }, `added ${rule.id} (${rule.type} ${formatParams(rule.params)}${rule.shadow ? ', shadow' : ''})`, {
      kind: 'ok',
      title: `Rule ${rule.id} added`,
      fields: [
        { name: 'Type', value: `${rule.type} (${rule.category})`, inline: true },
        { name: 'Params', value: formatParams(rule.params), inline: true },
        { name: 'Priority', value: String(rule.priority), inline: true },
        { name: 'Shadow', value: yesNo(rule.shadow), inline: true },
        { name: 'Symbols', value: rule.symbols?.join(', ') ?? 'all', inline: true },
      ],
    });
  },
});
