import { z } from 'zod';
import { defineCommand } from '../../src/app/chat/command.js';
import { opt } from '../../src/app/chat/command-options.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { errorReply } from '../../src/app/chat/reply.js';
import { normaliseBindingTarget } from '../../src/app/workspace/roles.js';
import { bindingKind, bindingTable, NO_LOCKOUT } from '../../src/app/cards/settings-format.js';

const options = z.object({
  target: opt.string('who: a role or user mention, a Slack user group (<!subteam^S123>), an id or a Discord role name'),
  role: opt.oneOf(['viewer', 'trader', 'admin', 'none'] as const, 'the desk role to give (none removes the binding)'),
});

export const settingsRoleCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'settings role',
  description: 'Give a platform role, user group or person a desk role, or remove the binding (admin)',
  role: 'admin',
  options,
  async run(ctx, o) {
    const target = normaliseBindingTarget(o.target);
    if (!target.ok) return errorReply(`/settings role: ${target.error.message}`);
    const { key } = target.value;
    const role = o.role === 'none' ? null : o.role;
    const set = await ctx.deps.settings.setRoleBinding(ctx.workspace, key, role, { actor: ctx.actor, channelId: ctx.channelId, now: ctx.now() });
    if (!set.ok) return errorReply(`/settings role: ${set.error.message}`);
    return {
      kind: 'ok',
      title: role === null ? `Role binding removed: ${key}` : `Role binding: ${key} is ${role}`,
      fields: [
        { name: 'Key', value: key, inline: true },
        { name: 'Names', value: bindingKind(key), inline: true },
        { name: 'Role', value: role ?? 'none (back to the other bindings, else viewer)', inline: true },
      ],
      ...(set.value.length === 0 ? {} : { table: bindingTable(set.value) }),
      text: NO_LOCKOUT,
    };
  },
});
