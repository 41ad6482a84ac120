import { z } from 'zod';
import { defineCommand } from '../../src/app/chat/command.js';
import { opt } from '../../src/app/chat/command-options.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { errorReply, type ReplyField } from '../../src/app/chat/reply.js';
import { dayPnl, minute, money } from '../../src/app/runs/report-format.js';
import { runButtons } from '../../src/app/cards/run-card.js';
import { findLiveRun, haltReason, nextIteration } from '../../src/app/cards/run-report.js';
import { brokerText, isLiveBroker } from '../../src/core/runs/run-broker.js';

const options = z.object({ run: opt.int('run number (default: every running run)', { min: 1 }).optional() });

export const runStatusCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'run status',
  description: 'A run\'s status, equity, cash, day P&L and next iteration; without run: every running run',
  role: 'viewer',
  options,
  async run(ctx, o) {
    const now = ctx.now();
    if (o.run === undefined) {
      const running = await ctx.deps.runQueries.listRunning(ctx.workspace);
      if (!running.ok) return errorReply(`/run status: ${running.error.message}`);
      if (running.value.length === 0) return { kind: 'ok', text: 'No running runs. Start one with /run start.' };
      return {
        kind: 'ok',
        title: 'Running runs',
        table: {
          columns: ['run', 'strategy', 'symbols', 'tf', 'equity', 'day P&L', 'positions', 'last iteration', 'next iteration', 'broker'],
          rows: running.value.map((v) => [`#${v.run.number}`, v.run.manifest.strategy.id, v.run.manifest.symbols.join(','), v.run.manifest.timeframe,
            money(v.state.equity), dayPnl(v.state.equity, v.state.dayStartEquity), String(v.positions.length), minute(v.lastIterationAt), nextIteration(v, now, ctx.deps.calendars),
            brokerText(v.run.manifest.broker)]),
          alignRight: [4, 5, 6],
        },
      };
    }
    const live = await findLiveRun(ctx.deps.runQueries, ctx.workspace, o.run);
    if (!live.ok) return errorReply(`/run status: ${live.error.message}`);
    const v = live.value;
    const halted = haltReason(v);
    const fields: ReplyField[] = [
      { name: 'Status', value: v.run.status, inline: true },
      { name: 'Broker', value: brokerText(v.run.manifest.broker), inline: true },
      { name: 'Equity', value: money(v.state.equity), inline: true },
      { name: 'Cash', value: money(v.state.cash), inline: true },
      { name: 'Day P&L', value: dayPnl(v.state.equity, v.state.dayStartEquity), inline: true },
      { name: 'Open positions', value: String(v.positions.length), inline: true },
      { name: 'Last iteration', value: v.lastIterationAt === null ? 'none yet' : minute(v.lastIterationAt), inline: true },
      { name: 'Next iteration', value: nextIteration(v, now, ctx.deps.calendars), inline: true },
      ...(halted === null ? [] : [{ name: 'Halted because', value: halted }]),
    ];
    return {
      kind: 'ok',
      title: `${isLiveBroker(v.run.manifest.broker) ? 'LIVE: ' : ''}Run #${v.run.number}: ${v.run.manifest.strategy.id} on ${v.run.manifest.symbols.join(', ')} [${v.run.manifest.timeframe}]`,
      fields,
      buttons: [...runButtons(v.run.number, v.run.status), { command: `/run show run:${v.run.number}`, label: 'Details', style: 'secondary' }],
    };
  },
});
