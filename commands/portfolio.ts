import { z } from 'zod';
import { defineCommand } from '../src/app/chat/command.js';
import type { DeskDeps } from '../src/app/desk/desk-deps.js';
import { errorReply } from '../src/app/chat/reply.js';
import { dayPnl, money } from '../src/app/runs/report-format.js';
import { marketValue } from '../src/app/cards/run-report.js';

const options = z.object({});

export const portfolioCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'portfolio',
  description: 'Cash, positions at market, equity and day P&L of every running run, with a total',
  role: 'viewer',
  options,
  async run(ctx) {
    const running = await ctx.deps.runQueries.listRunning(ctx.workspace);
    if (!running.ok) return errorReply(`/portfolio: ${running.error.message}`);
    if (running.value.length === 0) return { kind: 'ok', text: 'No running runs, so no portfolio. Start one with /run start.' };
    const total = { cash: 0, market: 0, equity: 0, dayStart: 0 };
    const rows = running.value.map((v) => {
      const market = marketValue(v.positions);
      total.cash += v.state.cash;
      total.market += market;
      total.equity += v.state.equity;
      total.dayStart += v.state.dayStartEquity;
      return [`#${v.run.number}`, v.run.manifest.strategy.id, money(v.state.cash), money(market), money(v.state.equity), dayPnl(v.state.equity, v.state.dayStartEquity)];
    });
    rows.push(['total', '', money(total.cash), money(total.market), money(total.equity), dayPnl(total.equity, total.dayStart)]);
    return {
      kind: 'ok',
      title: `Portfolio (${running.value.length} running run${running.value.length === 1 ? '' : 's'})`,
      table: { columns: ['run', 'strategy', 'cash', 'positions at market', 'equity', 'day P&L'], rows, alignRight: [2, 3, 4, 5] },
      text: 'Positions are marked at each run\'s last bar close; day P&L is against each run\'s equity at the start of its day.',
    };
  },
});
