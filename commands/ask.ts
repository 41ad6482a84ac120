import { z } from 'zod';
import { defineCommand } from '../src/app/chat/command.js';
import { opt } from '../src/app/chat/command-options.js';
import type { DeskDeps } from '../src/app/desk/desk-deps.js';
import { LIMITS } from '../src/core/limits.js';

const options = z.object({ question: opt.string('your question in plain words, e.g. "how is run 2 doing?"', { max: LIMITS.questionLength }) });

/**
 * The analyst as a command: works on every surface without reading channel messages (on Discord it needs no
 * message intent at all). The analyst only reads; whatever the question says, it changes nothing.
 */
export const askCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'ask',
  description: 'Ask the system analyst a question in plain words (it explains and compares; it never trades)',
  role: 'viewer',
  slow: true,
  positional: 'question',
  options,
  async run(ctx, o) {
    const { workspace, actor, channelId } = ctx;
    return ctx.deps.ask({ workspace, actor, channelId, conversationId: channelId, text: o.question }, ctx.now());
  },
});
