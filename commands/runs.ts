import { z } from 'zod';
import { defineCommand } from '../src/app/chat/command.js';
import { opt } from '../src/app/chat/command-options.js';
import type { DeskDeps } from '../src/app/desk/desk-deps.js';
import { errorReply } from '../src/app/chat/reply.js';
import { RUN_STATUSES } from '../src/app/runs/model.js';
import { brokerText } from '../src/core/runs/run-broker.js';

const options = z.object({ status: opt.oneOf([...RUN_STATUSES, 'all'] as const, 'which runs (default running)').optional() });

export const runsCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'runs',
  description: 'List the workspace\'s runs: paper runs and backtests, which share the run numbers',
  role: 'viewer',
  options,
  async run(ctx, o) {
    const status = o.status ?? 'running';
    const runs = await ctx.deps.runQueries.listRuns(ctx.workspace, status === 'all' ? {} : { status });
    if (!runs.ok) return errorReply(`/runs: ${runs.error.message}`);
    if (runs.value.length === 0) return { kind: 'ok', text: `No ${status === 'all' ? '' : `${status} `}runs. Start one with /run start.` };
    return {
      kind: 'ok',
      title: `Runs (${status})`,
      table: {
        columns: ['run', 'status', 'strategy', 'symbols', 'tf', 'mode', 'started'],
        rows: runs.value.map((r) => [`#${r.number}`, r.status, r.config.strategy.id, r.config.symbols.join(','), r.config.timeframe,
          // A real broker's run says which account it trades (LIVE marked); the internal paper broker's says nothing new.
          r.broker === undefined ? r.mode : `${r.mode}, ${brokerText(r.broker)}`,
          new Date(r.startedAt).toISOString().slice(0, 16).replace('T', ' ')]),
      },
    };
  },
});
