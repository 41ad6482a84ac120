import { z } from 'zod';
import { defineCommand } from '../../src/app/chat/command.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { errorReply } from '../../src/app/chat/reply.js';
import { bindingTable, HOW_TO_BIND } from '../../src/app/cards/settings-format.js';

const options = z.object({});

export const settingsRolesCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'settings roles',
  description: 'List which platform roles, user groups and people hold which desk role',
  role: 'viewer',
  options,
  async run(ctx) {
    const bindings = await ctx.deps.settings.listRoleBindings(ctx.workspace);
    if (!bindings.ok) return errorReply(`/settings roles: ${bindings.error.message}`);
    const rule = 'Platform admins are always desk admins; anyone matching no binding is a viewer.';
    if (bindings.value.length === 0) return { kind: 'ok', title: 'Role bindings', text: `No role bindings yet. ${rule}\n${HOW_TO_BIND}` };
    return {
      kind: 'ok',
      title: `Role bindings (${bindings.value.length})`,
      table: bindingTable(bindings.value),
      text: `A person gets the highest role of anything they match. ${rule}\n${HOW_TO_BIND}`,
    };
  },
});
