import { z } from 'zod';
import { defineCommand } from '../../src/app/chat/command.js';
import { opt } from '../../src/app/chat/command-options.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { errorReply } from '../../src/app/chat/reply.js';
import { applyOption, applyToRuns } from '../../src/app/cards/rule-format.js';
import { LIMITS } from '../../src/core/limits.js';

const options = z.object({
  id: opt.string('rule id (see /rules list)', { max: LIMITS.idLength }),
  apply: applyOption,
});

export const rulesToggleCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'rules toggle',
  description: 'Switch a rule on or off',
  role: 'admin',
  positional: 'id',
  options,
  async run(ctx, o) {
    const toggled = await ctx.deps.workspaceAdmin.toggleRule(ctx.workspace, o.id, ctx.actor);
    if (!toggled.ok) return errorReply(`/rules toggle: ${toggled.error.message}`);
    const rule = toggled.value;
    const state = rule.active ? 'on' : 'off';
    return applyToRuns(ctx, 'rules toggle', o.apply, rule.active ? { kind: 'upsert', rule } : { kind: 'drop', id: rule.id },
      `switched ${rule.id} ${state}`, { kind: 'ok', title: `Rule ${rule.id} switched ${state}` });
  },
});

export const rulesRemoveCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'rules remove',
  description: 'Delete a rule (the audit log keeps its last state)',
  role: 'admin',
  positional: 'id',
  options,
  async run(ctx, o) {
    const removed = await ctx.deps.workspaceAdmin.removeRule(ctx.workspace, o.id, ctx.actor);
    if (!removed.ok) return errorReply(`/rules remove: ${removed.error.message}`);
    return applyToRuns(ctx, 'rules remove', o.apply, { kind: 'drop', id: removed.value.id }, `removed ${removed.value.id}`,
      { kind: 'ok', title: `Rule ${removed.value.id} removed` });
  },
});
