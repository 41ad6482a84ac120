// Output shapes of compareRuns (src/core/analysis/compare-runs.ts), every field described; data-window times as ISO.
import { z } from 'zod';
import type { ConfigDifference } from '../../core/analysis/config-diff.js';
import { assertNever } from '../../core/domain/result.js';
import { iso } from '../time-input.js';

export const configDiffOutput = z.object({
  kind: z.enum(['value', 'set']).describe('value: a setting compared as a value; set: symbols or rule ids compared as sets'),
  field: z.string().describe('Dotted path of the setting, e.g. params.period, sizing.pct, costs.slippageBps, symbols, ruleIds'),
  values: z.array(z.unknown()).describe('Every run\'s value, baseline first (null where a run lacks the key; times ISO)'),
  added: z.array(z.array(z.string())).nullable().describe('set only: what each run has that the baseline lacks (baseline first, so the first is empty); null for value'),
  removed: z.array(z.array(z.string())).nullable().describe('set only: what each run lacks that the baseline has; null for value'),
}).describe('A setting that differs between the runs');

export const metricDiffOutput = z.object({
  metric: z.string().describe('Metric name (as in get_run\'s metrics) or blocked-by key'),
  values: z.array(z.number().nullable()).describe('Each run\'s value, baseline first; null where undefined'),
  deltas: z.array(z.number().nullable()).describe('value - baseline value per run (the first is 0); null where either is undefined'),
  differs: z.boolean().describe('True when any run\'s value differs from the baseline\'s'),
}).describe('One metric side by side');

const TIME_FIELDS = new Set(['dataFrom', 'dataTo']);

export function toConfigDiffOutput(d: ConfigDifference): z.infer<typeof configDiffOutput> {
  switch (d.kind) {
    case 'value': {
      const values = TIME_FIELDS.has(d.field) ? d.values.map((v) => (typeof v === 'number' ? iso(v) : v)) : [...d.values];
      return { kind: 'value', field: d.field, values, added: null, removed: null };
    }
    case 'set':
      return { kind: 'set', field: d.field, values: d.values.map((v) => [...v]), added: d.added.map((v) => [...v]), removed: d.removed.map((v) => [...v]) };
    default:
      return assertNever(d);
  }
}
