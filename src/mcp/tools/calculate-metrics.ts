import { z } from 'zod';
import { naNotes } from '../../app/runs/report-format.js';
import { runMetrics } from '../../app/runs/metrics.js';
import { tradeSetMetrics } from '../../core/analysis/trade-set-metrics.js';
import { ok } from '../../core/domain/result.js';
import { asOfField, loadHistoryAsOf } from '../as-of.js';
import { defineTool } from '../define-tool.js';
import { metricsOutput, runField, toMetricsOutput } from '../schemas.js';
import { iso } from '../time-input.js';
import { applyTradeFilter, describeFilter, filterOutput, isFiltered, parseTradeFilter, toFilterOutput, tradeFieldsNote, tradeFilterFields } from './trade-filter.js';
import { tradeSetMetricsOutput } from './trade-set-output.js';

const orNa = (x: number | null, unit = ''): string => (x === null ? 'n/a' : `${x.toFixed(2)}${unit}`);

export const calculateMetricsTool = defineTool({
  name: 'calculate_metrics',
  title: 'Calculate metrics',
  description: `Metrics of a run as of as_of (scope "run": return, CAGR, Sharpe, Sortino, drawdown of its equity curve, win rate, profit factor, expectancy, exposure, blocked counts) or, when any filter is given, of that subset of the run's closed trades (scope "trade_set": ${tradeFieldsNote}). A filter that matches nothing gives zero trades, not an error.`,
  input: { run: runField, ...tradeFilterFields, as_of: asOfField },
  output: {
    run: z.number().int().describe('Run number'),
    asOf: z.string().describe('The cut-off used (ISO)'),
    scope: z.enum(['run', 'trade_set']).describe('run: the whole run from its equity curve; trade_set: the filtered trades only'),
    filters: filterOutput,
    trades: z.number().int().describe('Closed trades the figures cover'),
    metrics: metricsOutput.nullable().describe('scope run: the run\'s full metrics as of as_of; null for a trade set'),
    tradeSet: tradeSetMetricsOutput.nullable().describe('scope trade_set: metrics of the filtered trades; null for the whole run'),
  },
  async run(deps, input) {
    const filter = parseTradeFilter(input);
    if (!filter.ok) return filter;
    const loaded = await loadHistoryAsOf(deps, input.run, input.as_of);
    if (!loaded.ok) return loaded;
    const { history: h, asOf, truncated } = loaded.value;
    const base = { run: input.run, asOf: iso(asOf), filters: toFilterOutput(filter.value) };
    const at = `as of ${iso(asOf)}${truncated ? ' (later history hidden)' : ''}`;
    if (!isFiltered(filter.value)) {
      const { metrics: m } = runMetrics(h);
      const text = `Run #${input.run} ${at}, whole run: return ${m.totalReturnPct.toFixed(2)}%, CAGR ${orNa(m.cagrPct, '%')}, Sharpe ${orNa(m.sharpe)}, max drawdown ${m.maxDrawdownPct.toFixed(2)}%, `
        + `${m.trades} trades, win rate ${m.winRatePct.toFixed(1)}%, expectancy ${m.expectancy.toFixed(2)}, profit factor ${orNa(m.profitFactor)}.`
        + naNotes(m).map((n) => ` ${n}.`).join('');
      return ok({ text, data: { ...base, scope: 'run' as const, trades: m.trades, metrics: toMetricsOutput(m), tradeSet: null } });
    }
    const trades = applyTradeFilter(h.trades, filter.value);
    const s = tradeSetMetrics(trades, h.run.config.startCash);
    const which = `Run #${input.run} ${at}, trades with ${describeFilter(filter.value)}`;
    const text = trades.length === 0
      ? `${which}: no trade matches (0 of ${h.trades.length} closed trades).`
      : `${which}: ${s.trades} of ${h.trades.length} trades, ${s.wins} won, ${s.losses} lost, win rate ${s.winRatePct.toFixed(1)}%, total pnl ${s.totalPnl.toFixed(2)}, `
        + `expectancy ${s.expectancy.toFixed(2)}, avg win ${s.avgWin.toFixed(2)} vs avg loss ${s.avgLoss.toFixed(2)}, max drawdown ${s.maxDrawdownPct.toFixed(2)}% of the cumulative-pnl curve.`;
    return ok({ text, data: { ...base, scope: 'trade_set' as const, trades: s.trades, metrics: null, tradeSet: s } });
  },
});
