import { z } from 'zod';
import { defineCommand, type WorkspaceRef } from '../src/app/chat/command.js';
import { opt } from '../src/app/chat/command-options.js';
import type { DeskDeps } from '../src/app/desk/desk-deps.js';
import { errorReply, type Reply } from '../src/app/chat/reply.js';
import { configLines, metricRows } from '../src/app/runs/compare.js';
import type { RunHistory } from '../src/app/runs/ports.js';
import { equitySeries, runMetrics } from '../src/app/runs/metrics.js';
import type { Result } from '../src/core/domain/result.js';

const options = z.object({
  a: opt.int('first run number', { min: 1 }),
  b: opt.int('second run number', { min: 1 }),
});

export const compareCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'compare',
  description: 'Compare two runs (backtest or paper): settings that differ, metrics, and both equity curves',
  role: 'viewer',
  slow: true,
  options,
  async run(ctx, o) {
    if (o.a === o.b) return errorReply(`/compare: a and b are both Run #${o.a}; name two different runs`);
    const a = await historyOf(ctx.deps, ctx.workspace, o.a);
    if (!a.ok) return errorReply(`/compare: ${a.error.message}`);
    const b = await historyOf(ctx.deps, ctx.workspace, o.b);
    if (!b.ok) return errorReply(`/compare: ${b.error.message}`);
    const [ha, hb] = [a.value, b.value];
    const lines = configLines(ha.run.config, hb.run.config);
    const differ = lines.filter((l) => l.a !== l.b);
    const same = lines.filter((l) => l.a === l.b).map((l) => l.name);
    const na = `Run #${o.a}`;
    const nb = `Run #${o.b}`;
    const text = [
      differ.length === 0 ? 'Settings: all the same.' : `Settings that differ:\n${differ.map((l) => `- ${l.name}: ${na} ${l.a} | ${nb} ${l.b}`).join('\n')}`,
      `same: ${same.length === 0 ? 'nothing' : same.join(', ')}`,
    ].join('\n');
    const simulated = ha.run.config.simulated || hb.run.config.simulated;
    const reply: Reply = {
      kind: 'ok',
      title: `${na} vs ${nb}`,
      text,
      table: { columns: ['metric', na, nb, `${nb} - ${na}`], rows: metricRows(runMetrics(ha), runMetrics(hb)), alignRight: [1, 2, 3] },
    };
    if (ctx.deps.renderEquityChart === undefined) return reply;
    const png = await ctx.deps.renderEquityChart({
      title: `${na} vs ${nb}`,
      subtitle: `${ha.run.config.strategy.id} vs ${hb.run.config.strategy.id}`,
      series: [equitySeries(na, ha), equitySeries(nb, hb)],
      simulated,
    });
    return { ...reply, images: [{ filename: `compare-${o.a}-${o.b}.png`, alt: `Equity curves of ${na} and ${nb}`, png }] };
  },
});

async function historyOf(deps: DeskDeps, workspace: WorkspaceRef, number: number): Promise<Result<RunHistory>> {
  const ref = await deps.runQueries.findRun(workspace, number);
  return ref.ok ? deps.runQueries.getHistory(ref.value.id) : ref;
}
