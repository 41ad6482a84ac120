import { z } from 'zod';
import { runMetrics } from '../../app/runs/metrics.js';
import { ok } from '../../core/domain/result.js';
import { asOfField, historyAsOf, laterRunsNote, resolveAsOf, runSpan, statusAsOf } from '../as-of.js';
import { defineTool } from '../define-tool.js';
import { isoOrNull, iso } from '../time-input.js';

const runItem = z.object({
  number: z.number().int().describe('Run number'),
  mode: z.enum(['backtest', 'paper', 'live']).describe('backtest, paper or live'),
  status: z.string().describe('Status as of as_of (a run that ended later shows running)'),
  strategy: z.string().describe('Strategy id and version'),
  symbols: z.array(z.string()).describe('Symbols traded'),
  timeframe: z.string().describe('Bar size'),
  simulated: z.boolean().describe('True when the prices are simulated'),
  startedAt: z.string().describe('Start (ISO): a backtest\'s first bar, a paper run\'s start'),
  endedAt: z.string().nullable().describe('End (ISO), null while running at as_of'),
  totalReturnPct: z.number().describe('Return to as_of, percent'),
  maxDrawdownPct: z.number().describe('Max drawdown to as_of, percent'),
  trades: z.number().int().describe('Trades closed by as_of'),
  winRatePct: z.number().describe('Win rate of those trades, percent'),
  sharpe: z.number().nullable().describe('Annualised Sharpe to as_of (see get_run); null when undefined'),
  sharpeNote: z.string().nullable().describe('Why sharpe is null (e.g. under the minimum sample); null when it is given'),
}).describe('One run with its headline metrics');

export const listRunsTool = defineTool({
  name: 'list_runs',
  title: 'List runs',
  description: 'Every run of this workspace (backtests, paper, live), newest first, with status and headline metrics as of as_of. Runs not started by as_of are left out, and counted in `later`.',
  input: {
    mode: z.enum(['backtest', 'paper', 'live']).optional().describe('Only runs of this mode'),
    limit: z.number().int().min(1).max(200).default(50).describe('At most this many runs (1-200, default 50)'),
    as_of: asOfField,
  },
  output: {
    asOf: z.string().describe('The cut-off used (ISO)'),
    total: z.number().int().describe('Runs matching, before the limit'),
    later: z.number().int().describe('Runs of the mode asked that start after as_of, left out (the text says which)'),
    runs: z.array(runItem).describe('Newest first'),
  },
  async run(deps, input) {
    const asOf = resolveAsOf(input.as_of, deps.now());
    if (!asOf.ok) return asOf;
    const listed = await deps.listRuns();
    if (!listed.ok) return listed;
    const ofMode = listed.value.filter((r) => input.mode === undefined || r.mode === input.mode);
    const matching = ofMode.filter((r) => runSpan(r).start <= asOf.value);
    const later = laterRunsNote(ofMode.filter((r) => runSpan(r).start > asOf.value), asOf.value, input.as_of !== undefined);
    const runs: z.infer<typeof runItem>[] = [];
    for (const r of matching.slice(0, input.limit)) {
      const h = await deps.runHistory(r.number);
      if (!h.ok) return h;
      const { metrics: m } = runMetrics(historyAsOf(h.value, asOf.value).history);
      const at = statusAsOf(r, asOf.value);
      runs.push({
        number: r.number, mode: r.mode, status: at.status, strategy: `${r.config.strategy.id} ${r.config.strategy.version}`, symbols: [...r.config.symbols],
        timeframe: r.config.timeframe, simulated: r.config.simulated, startedAt: iso(runSpan(r).start), endedAt: isoOrNull(at.endedAt),
        totalReturnPct: m.totalReturnPct, maxDrawdownPct: m.maxDrawdownPct, trades: m.trades, winRatePct: m.winRatePct, sharpe: m.sharpe,
        sharpeNote: m.sharpeNote,
      });
    }
    const lines = runs.map((r) => `Run #${r.number} ${r.mode} ${r.status}: ${r.strategy} on ${r.symbols.join(',')}, return ${r.totalReturnPct.toFixed(2)}%, ${r.trades} trades`);
    const listedText = runs.length === 0 ? `No runs in this workspace as of ${iso(asOf.value)}.` : `${matching.length} run(s) as of ${iso(asOf.value)}:\n${lines.join('\n')}`;
    const text = later === null ? listedText : `${listedText}\n${later}`;
    return ok({ text, data: { asOf: iso(asOf.value), total: matching.length, later: ofMode.length - matching.length, runs } });
  },
});
