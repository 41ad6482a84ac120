import { z } from 'zod';
import { defineCommand } from '../src/app/chat/command.js';
import { opt } from '../src/app/chat/command-options.js';
import type { DeskDeps } from '../src/app/desk/desk-deps.js';
import { errorReply } from '../src/app/chat/reply.js';
import type { LiveRunView } from '../src/app/runs/ports.js';
import { findLiveRun, POSITION_COLUMNS, positionRow } from '../src/app/cards/run-report.js';

const options = z.object({ run: opt.int('run number (default: every running run)', { min: 1 }).optional() });

export const positionsCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'positions',
  description: 'Open positions of a run, or of every running run, with unrealised P&L',
  role: 'viewer',
  options,
  async run(ctx, o) {
    let views: readonly LiveRunView[];
    if (o.run === undefined) {
      const running = await ctx.deps.runQueries.listRunning(ctx.workspace);
      if (!running.ok) return errorReply(`/positions: ${running.error.message}`);
      views = running.value;
    } else {
      const live = await findLiveRun(ctx.deps.runQueries, ctx.workspace, o.run);
      if (!live.ok) return errorReply(`/positions: ${live.error.message}`);
      views = [live.value];
    }
    const rows = views.flatMap((v) => v.positions.map((p) => [`#${v.run.number}`, ...positionRow(p)]));
    const scope = o.run === undefined ? 'running runs' : `Run #${o.run}`;
    if (rows.length === 0) return { kind: 'ok', text: `No open positions (${scope}).` };
    return {
      kind: 'ok',
      title: `Open positions (${scope})`,
      table: { columns: ['run', ...POSITION_COLUMNS], rows, alignRight: [3, 4, 5, 6] },
      text: 'Marked at each run\'s last bar close.',
    };
  },
});
