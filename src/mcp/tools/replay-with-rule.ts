import { z } from 'zod';
import type { RuleChange } from '../../app/replay/replay.js';
import { reproductionLine, variantLines } from '../../app/replay/text.js';
import { fail, ok } from '../../core/domain/result.js';
import { asOfField, requireStarted, resolveAsOf } from '../as-of.js';
import { defineTool } from '../define-tool.js';
import { runField } from '../schemas.js';
import { iso } from '../time-input.js';
import {
  replayMetricsOutput,
  reproductionOutput,
  toReproductionOutput,
  toVariantOutput,
  toWindowOutput,
  variantOutput,
  windowOutput,
} from './replay-output.js';
import { parseRuleInput, ruleInputField } from './rule-input.js';
import { ruleOutput, toRuleOutput } from './rule-output.js';

export const replayWithRuleTool = defineTool({
  name: 'replay_with_rule',
  title: 'Replay a run with a rule',
  description: 'Re-runs a run\'s own bars (up to as_of) twice through the same engine: with its own rules (the baseline, checked against the stored trades, each differing trade listed with why) and with a rule added, replaced (same id) or disabled. A paper run is replayed as it ran: only the bars it decided, paused bars as exits only, its pauses, halts, rule changes and flattens where they happened. Answers which trades the change would have blocked, exited differently or added, and the metric deltas. Computes only: nothing is saved and no rule changes.',
  input: {
    run: runField,
    rule: ruleInputField.optional(),
    disable_rule: z.string().min(1).max(64).optional().describe('Id of one of the run\'s rules to switch off in the variant'),
    as_of: asOfField,
  },
  output: {
    run: z.number().int().describe('Run number'),
    mode: z.enum(['backtest', 'paper', 'live']).describe('backtest, paper or live'),
    asOf: z.string().describe('The cut-off used (ISO)'),
    source: z.string().describe('Label of the market data replayed (the run\'s own)'),
    simulated: z.boolean().describe('True when the prices are simulated, not real'),
    window: windowOutput,
    ruleIds: z.array(z.string()).describe('The run\'s own rules (the baseline\'s)'),
    rule: ruleOutput.nullable().describe('The rule added in the variant; null when only disabling'),
    replaced: z.boolean().describe('True when the rule took the place of a run rule with the same id'),
    disabled: z.string().nullable().describe('The run rule switched off in the variant, if any'),
    reproduction: reproductionOutput,
    baseline: replayMetricsOutput.describe('The baseline\'s metrics'),
    variant: variantOutput,
    notes: z.array(z.string()).describe('Caveats of this replay'),
  },
  async run(deps, input) {
    if (input.rule === undefined && input.disable_rule === undefined) return fail('input.invalid', 'give a rule to add (rule) or the id of a run rule to disable (disable_rule)');
    let change: RuleChange = input.disable_rule === undefined ? {} : { disable: input.disable_rule };
    if (input.rule !== undefined) {
      const rule = parseRuleInput(input.rule);
      if (!rule.ok) return rule;
      change = { ...change, add: rule.value };
    }
    const asOf = resolveAsOf(input.as_of, deps.now());
    if (!asOf.ok) return asOf;
    const run = await deps.findRun(input.run);
    if (!run.ok) return run;
    const started = requireStarted(run.value, asOf.value, input.as_of !== undefined);
    if (!started.ok) return started;
    const replayed = await deps.replayRun(input.run, [change], asOf.value);
    if (!replayed.ok) return replayed;
    const r = replayed.value;
    const v = r.variants[0]!;
    const what = [
      v.added === null ? null : `${v.replaced ? 'replacing' : 'adding'} rule ${v.added.id} (${v.added.type} ${JSON.stringify(v.added.params)}${v.added.shadow ? ', shadow' : ''})`,
      v.disabled === null ? null : `disabling rule ${v.disabled}`,
    ].filter((x) => x !== null).join(' and ');
    const text = [
      `Replay of Run #${r.run} (${r.mode}) ${iso(r.firstBar)} .. ${iso(r.lastBar)}, ${r.bars} bars from ${r.source.label}${r.cut ? ' (cut at as_of)' : ''}, ${what}:`,
      reproductionLine(r),
      ...variantLines(r.baseline, v),
      ...r.notes.map((n) => `Note: ${n}.`),
    ].join('\n');
    return ok({
      text,
      data: {
        run: r.run, mode: r.mode, asOf: iso(r.asOf), source: r.source.label, simulated: r.source.simulated, window: toWindowOutput(r), ruleIds: [...r.ruleIds],
        rule: v.added === null ? null : toRuleOutput(v.added), replaced: v.replaced, disabled: v.disabled, reproduction: toReproductionOutput(r.reproduction),
        baseline: { ...r.baseline }, variant: toVariantOutput(v), notes: [...r.notes],
      },
    });
  },
});
