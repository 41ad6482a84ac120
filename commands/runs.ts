import { z } from 'zod';
import { defineCommand } from '../src/app/command.js';
import { opt } from '../src/app/command-options.js';
import type { DeskDeps } from '../src/app/desk-deps.js';
import { RUN_STATUSES } from '../src/app/runs/model.js';

const options = z.object({ status: opt.oneOf([...RUN_STATUSES, 'all'] as const, 'which runs (default running)').optional() });

export const runsCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'runs',
  description: 'List the workspace\'s runs',
  role: 'viewer',
  options,
  async run(ctx, o) {
    const runs = await ctx.deps.runStore.listRuns(ctx.workspace, { status: o.status ?? 'running' });
    if (runs.length === 0) return { kind: 'ok', text: `No ${o.status === 'all' ? '' : `${o.status ?? 'running'} `}runs. Start one with /run start.` };
    return {
      kind: 'ok',
      title: `Runs (${o.status ?? 'running'})`,
      table: {
        columns: ['run', 'status', 'strategy', 'symbols', 'tf', 'mode', 'started'],
        rows: runs.map((r) => [`#${r.number}`, r.status, r.manifest.strategy.id, r.manifest.symbols.join(','), r.manifest.timeframe, r.mode,
          new Date(r.startedAt).toISOString().slice(0, 16).replace('T', ' ')]),
      },
    };
  },
});
