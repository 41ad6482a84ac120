import { z } from 'zod';
import { defineCommand } from '../../src/app/chat/command.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { errorReply } from '../../src/app/chat/reply.js';
import { RULE_COLUMNS, ruleRow } from '../../src/app/cards/rule-format.js';

const options = z.object({});

export const rulesListCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'rules list',
  description: 'List the workspace\'s rules in evaluation order',
  role: 'viewer',
  options,
  async run(ctx) {
    const rules = await ctx.deps.workspaceAdmin.listRules(ctx.workspace);
    if (!rules.ok) return errorReply(`/rules list: ${rules.error.message}`);
    if (rules.value.length === 0) return { kind: 'ok', text: 'No rules in this workspace. An admin adds one with /rules add (see /help rules add).' };
    return {
      kind: 'ok',
      title: `Rules (${rules.value.length})`,
      table: { columns: RULE_COLUMNS, rows: rules.value.map(ruleRow), alignRight: [4] },
      text: 'Priority 1 is evaluated first. Shadow rules are evaluated and reported, never enforced.',
    };
  },
});
