import { z } from 'zod';
import { naNotes } from '../../app/runs/report-format.js';
import { runMetrics } from '../../app/runs/metrics.js';
import { compareRuns, type ComparableRun, type MetricDifference } from '../../core/analysis/compare-runs.js';
import type { ConfigDifference } from '../../core/analysis/config-diff.js';
import { fail, ok } from '../../core/domain/result.js';
import { asOfField, loadHistoryAsOf, statusAsOf } from '../as-of.js';
import { defineTool } from '../define-tool.js';
import { runField } from '../schemas.js';
import { iso } from '../time-input.js';
import { configDiffOutput, metricDiffOutput, toConfigDiffOutput } from './comparison-output.js';

export const MIN_COMPARED = 2;
export const MAX_COMPARED = 5;
/** The metrics the text quotes; the structured answer has every one. */
const KEY_METRICS = ['totalReturnPct', 'maxDrawdownPct', 'sharpe', 'trades', 'winRatePct', 'profitFactor', 'expectancy'];

export const compareRunsTool = defineTool({
  name: 'compare_runs',
  title: 'Compare runs',
  description: `Compares ${MIN_COMPARED}-${MAX_COMPARED} runs as of as_of, the first as the baseline: the settings that differ (strategy, params, symbols, rules, sizing, costs, data window ...) and every metric side by side with its delta against the baseline, plus blocked-signal counts.`,
  input: {
    runs: z.array(runField).describe(`${MIN_COMPARED} to ${MAX_COMPARED} run numbers; the first is the baseline`),
    as_of: asOfField,
  },
  output: {
    runs: z.array(z.object({
      number: z.number().int().describe('Run number'),
      mode: z.enum(['backtest', 'paper', 'live']).describe('backtest, paper or live'),
      status: z.string().describe('Status as of as_of'),
      strategy: z.string().describe('Strategy id'),
      truncated: z.boolean().describe('True when as_of hid part of the run'),
      blockedSignals: z.number().int().describe('Blocked-signal records by as_of'),
      notes: z.array(z.string()).describe('Why an annualised metric of this run is n/a (Sharpe, Sortino, CAGR under the minimum sample ...), one line each'),
    })).describe('The runs compared, baseline first'),
    asOf: z.string().describe('The cut-off used (ISO)'),
    sameConfig: z.boolean().describe('True when no setting differs'),
    config: z.array(configDiffOutput).describe('Only the settings that differ'),
    metrics: z.array(metricDiffOutput).describe('Every metric of every run with its delta against the baseline'),
    blockedBy: z.array(metricDiffOutput).describe('Blocked-signal counts per gate:<id> / rule:<id> any run has (0 where a run has none)'),
  },
  async run(deps, input) {
    const n = input.runs.length;
    if (n < MIN_COMPARED || n > MAX_COMPARED) {
      return fail('input.runs', `compare_runs needs ${MIN_COMPARED} to ${MAX_COMPARED} run numbers (the first is the baseline), got ${n}`);
    }
    const loaded = [];
    for (const number of input.runs) {
      const one = await loadHistoryAsOf(deps, number, input.as_of);
      if (!one.ok) return one;
      loaded.push(one.value);
    }
    const metrics = loaded.map((l) => runMetrics(l.history).metrics);
    const comparable: ComparableRun[] = loaded.map((l, i) => ({ label: `#${l.history.run.number}`, config: l.history.run.config, metrics: metrics[i]! }));
    const c = compareRuns(comparable[0]!, comparable[1]!, ...comparable.slice(2));
    const asOf = loaded[0]!.asOf;
    const runs = loaded.map(({ history: h, truncated }, i) => ({
      number: h.run.number, mode: h.run.mode, status: statusAsOf(h.run, asOf).status, strategy: h.run.config.strategy.id, truncated, blockedSignals: h.blocked.length,
      notes: naNotes(metrics[i]!),
    }));
    const notes = runs.flatMap((r) => r.notes.map((n) => `Run #${r.number}: ${n}.`));
    return ok({
      text: [summary(c.runs, c.config, c.metrics, c.blockedBy, iso(asOf)), ...notes].join('\n'),
      data: {
        runs, asOf: iso(asOf), sameConfig: c.sameConfig, config: c.config.map(toConfigDiffOutput),
        metrics: c.metrics.map((m) => ({ ...m, values: [...m.values], deltas: [...m.deltas] })),
        blockedBy: c.blockedBy.map((m) => ({ ...m, values: [...m.values], deltas: [...m.deltas] })),
      },
    });
  },
});

const num = (v: number | null): string => (v === null ? 'n/a' : Number.isInteger(v) ? String(v) : v.toFixed(2));
const signed = (v: number | null): string => (v === null ? 'n/a' : `${v >= 0 ? '+' : ''}${num(v)}`);

function summary(labels: readonly string[], config: readonly ConfigDifference[], metrics: readonly MetricDifference[], blocked: readonly MetricDifference[], asOf: string): string {
  const lines = [`Runs ${labels.map((l) => `Run ${l}`).join(', ')} as of ${asOf}, Run ${labels[0]!} is the baseline.`];
  if (config.length === 0) lines.push('Same settings.');
  else {
    lines.push('Settings that differ:');
    for (const d of config) {
      const o = toConfigDiffOutput(d);
      lines.push(d.kind === 'set'
        ? `- ${d.field}: ${labels.slice(1).map((l, i) => `${l} +[${d.added[i + 1]!.join(', ')}] -[${d.removed[i + 1]!.join(', ')}]`).join('; ')}`
        : `- ${d.field}: ${o.values.map((v) => JSON.stringify(v)).join(' -> ')}`);
    }
  }
  const key = metrics.filter((m) => KEY_METRICS.includes(m.metric));
  lines.push(`Metrics (${labels.join(' / ')}; delta vs baseline):`);
  for (const m of key) lines.push(`- ${m.metric}: ${m.values.map(num).join(' / ')} (${m.deltas.slice(1).map(signed).join(', ')})`);
  const differingBlocks = blocked.filter((b) => b.differs);
  if (differingBlocks.length > 0) lines.push(`Blocked signals: ${differingBlocks.map((b) => `${b.metric} ${b.values.join(' / ')}`).join('; ')}`);
  return lines.join('\n');
}
