import { z } from 'zod';
import { defineCommand } from '../../src/app/chat/command.js';
import { opt } from '../../src/app/chat/command-options.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { errorReply } from '../../src/app/chat/reply.js';
import { runSummaryReply } from '../../src/app/runs/summary.js';

const options = z.object({ run: opt.int('run number', { min: 1 }) });

export const runSummaryCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'run summary',
  description: 'A run\'s summary card: metrics and its equity curve',
  role: 'viewer',
  slow: true,
  options,
  async run(ctx, o) {
    const ref = await ctx.deps.runQueries.findRun(ctx.workspace, o.run);
    if (!ref.ok) return errorReply(`/run summary: ${ref.error.message}`);
    const card = await runSummaryReply(ctx.deps, ref.value.id);
    return card.ok ? card.value : errorReply(`/run summary: ${card.error.message}`);
  },
});
