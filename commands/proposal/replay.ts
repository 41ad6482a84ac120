import { z } from 'zod';
import { defineCommand } from '../../src/app/chat/command.js';
import { opt } from '../../src/app/chat/command-options.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { replayStoredRun } from '../../src/app/replay/replay.js';
import { errorReply } from '../../src/app/chat/reply.js';
import { proposalCard, replayText } from '../../src/app/cards/proposal-card.js';
import { LIMITS } from '../../src/core/limits.js';

const options = z.object({ id: opt.string('proposal id (from /proposals)', { max: LIMITS.idLength }) });

/** Re-runs the proposal's run on its own bars with the proposed rule added, and shows what it would have changed. */
export const proposalReplayCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'proposal replay',
  description: 'Replay the run a rule proposal came from with the rule added: trades it blocks or cuts, metric deltas',
  role: 'viewer',
  slow: true,
  options,
  async run(ctx, o) {
    const found = await ctx.deps.proposals.get(ctx.workspace, o.id);
    if (!found.ok) return errorReply(`/proposal replay: ${found.error.message}`);
    const p = found.value;
    if (p.run === null) return errorReply(`/proposal replay: proposal ${p.id} names no run to replay`);
    const run = await ctx.deps.runQueries.findRun(ctx.workspace, p.run);
    if (!run.ok) return errorReply(`/proposal replay: ${run.error.message}`);
    const report = await replayStoredRun(ctx.deps, run.value, [{ add: p.rule }], ctx.now());
    if (!report.ok) return errorReply(`/proposal replay: ${report.error.message}`);
    return proposalCard(p, replayText(report.value));
  },
});
