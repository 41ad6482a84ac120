import { z } from 'zod';
import { naNotes, ratio } from '../../app/runs/report-format.js';
import { runMetrics } from '../../app/runs/metrics.js';
import { ok } from '../../core/domain/result.js';
import { asOfField, loadHistoryAsOf, runSpan, statusAsOf } from '../as-of.js';
import { defineTool } from '../define-tool.js';
import { configOutput, metricsOutput, runField, toConfigOutput, toMetricsOutput } from '../schemas.js';
import { iso, isoOrNull } from '../time-input.js';

export const getRunTool = defineTool({
  name: 'get_run',
  title: 'Get a run',
  description: 'One run: its configuration (strategy, params, symbols, rules, data, sizing, costs), status and metrics computed from what had happened by as_of, plus positions open at as_of.',
  input: { run: runField, as_of: asOfField },
  output: {
    number: z.number().int().describe('Run number'),
    mode: z.enum(['backtest', 'paper', 'live']).describe('backtest, paper or live'),
    status: z.string().describe('Status as of as_of'),
    asOf: z.string().describe('The cut-off used (ISO)'),
    startedAt: z.string().describe('Start (ISO)'),
    endedAt: z.string().nullable().describe('End (ISO), null while running at as_of'),
    config: configOutput,
    metrics: metricsOutput,
    blockedSignals: z.number().int().describe('Blocked-signal records by as_of'),
    openAtAsOf: z.array(z.object({
      symbol: z.string().describe('Symbol'),
      side: z.enum(['long', 'short']).describe('Direction'),
      qty: z.number().describe('Quantity'),
      entryTime: z.string().describe('Entry time (ISO)'),
      entryPrice: z.number().describe('Entry price'),
    })).describe('Positions entered by as_of that closed after it'),
  },
  async run(deps, input) {
    const loaded = await loadHistoryAsOf(deps, input.run, input.as_of);
    if (!loaded.ok) return loaded;
    const { history: h, asOf, openAtAsOf, truncated } = loaded.value;
    const r = h.run;
    const { metrics } = runMetrics(h);
    const at = statusAsOf(r, asOf);
    const text = [
      `Run #${r.number} (${r.mode}, ${at.status}): ${r.config.strategy.id} ${r.config.strategy.version} on ${r.config.symbols.join(', ')} [${r.config.timeframe}]${r.config.simulated ? ', simulated prices' : ''}`,
      `As of ${iso(asOf)}${truncated ? ' (later history hidden)' : ''}: return ${metrics.totalReturnPct.toFixed(2)}%, max drawdown ${metrics.maxDrawdownPct.toFixed(2)}%, Sharpe ${ratio(metrics.sharpe)}, ${metrics.trades} trades, win rate ${metrics.winRatePct.toFixed(1)}%, ${openAtAsOf.length} open.`,
      ...naNotes(metrics).map((n) => `${n}.`),
    ].join('\n');
    return ok({
      text,
      data: {
        number: r.number, mode: r.mode, status: at.status, asOf: iso(asOf), startedAt: iso(runSpan(r).start), endedAt: isoOrNull(at.endedAt),
        config: toConfigOutput(r.config), metrics: toMetricsOutput(metrics), blockedSignals: h.blocked.length,
        openAtAsOf: openAtAsOf.map((p) => ({ ...p, entryTime: iso(p.entryTime) })),
      },
    });
  },
});
