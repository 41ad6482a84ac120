import { z } from 'zod';
import { defineCommand } from '../../src/app/chat/command.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { errorReply } from '../../src/app/chat/reply.js';
import { channelLabel } from '../../src/app/cards/settings-format.js';

const options = z.object({});

export const settingsChannelCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'settings channel',
  description: 'Make this channel the desk channel: new run threads and workspace notices go here (admin)',
  role: 'admin',
  options,
  async run(ctx) {
    const bound = await ctx.deps.settings.bindDeskChannel(ctx.workspace, ctx.channelId, { actor: ctx.actor, channelId: ctx.channelId, now: ctx.now() });
    if (!bound.ok) return errorReply(`/settings channel: ${bound.error.message}`);
    const previous = bound.value;
    const replaced = previous === null ? 'none (no desk channel was set)' : previous === ctx.channelId ? 'none (this already was the desk channel)' : channelLabel(ctx.workspace, previous);
    return {
      kind: 'ok',
      title: 'Desk channel set',
      fields: [
        { name: 'Desk channel', value: channelLabel(ctx.workspace, ctx.channelId), inline: true },
        { name: 'Replaced', value: replaced, inline: true },
      ],
      text: 'New run threads and workspace notices (such as /halt) will go to this channel. Runs already started keep their threads.',
    };
  },
});
