import { z } from 'zod';
import { fail, ok } from '../../core/domain/result.js';
import type { BlockedSignal } from '../../core/engine/report.js';
import { asOfField, loadHistoryAsOf } from '../as-of.js';
import { defineTool } from '../define-tool.js';
import { runField } from '../schemas.js';
import { iso } from '../time-input.js';
import { ruleOutput, toRuleOutput } from './rule-output.js';

const MAX_EXAMPLES = 20;

const inRunOutput = z.object({
  run: z.number().int().describe('Run number'),
  asOf: z.string().describe('The cut-off used (ISO)'),
  records: z.number().int().describe('Blocked-log records by this rule'),
  blockedSignals: z.number().int().describe('Signals blocked, counting repeats on consecutive bars'),
  shadowRecords: z.number().int().describe('Records where it only reported (shadow): the order went ahead'),
  bySymbol: z.record(z.string(), z.number()).describe('Records per symbol'),
  examples: z.array(z.object({
    time: z.string().describe('When (ISO)'),
    symbol: z.string().describe('Symbol'),
    reason: z.string().describe('Why it blocked'),
    observed: z.number().nullable().describe('Observed value'),
    limit: z.number().nullable().describe('Limit'),
    shadow: z.boolean().describe('Shadow report only'),
  })).describe('The first blocks, oldest first'),
}).describe('What the rule blocked in the run');

type InRun = z.infer<typeof inRunOutput>;

function blockedInRun(run: number, asOf: number, blocked: readonly BlockedSignal[], examples: number): InRun {
  const bySymbol: Record<string, number> = {};
  let signals = 0;
  let shadow = 0;
  for (const b of blocked) {
    bySymbol[b.symbol] = (bySymbol[b.symbol] ?? 0) + 1;
    signals += 1 + (b.repeats ?? 0);
    if (b.shadow) shadow++;
  }
  return {
    run, asOf: iso(asOf), records: blocked.length, blockedSignals: signals, shadowRecords: shadow, bySymbol,
    examples: blocked.slice(0, examples).map((b) => ({ time: iso(b.time), symbol: b.symbol, reason: b.reason, observed: b.observed, limit: b.limit, shadow: b.shadow })),
  };
}

export const explainRuleTool = defineTool({
  name: 'explain_rule',
  title: 'Explain a rule',
  description: 'One workspace rule: its exact parameters and check in words and, given a run, what it blocked there (counts by symbol and examples from the run\'s blocked log, up to as_of).',
  input: {
    rule: z.string().min(1).max(64).describe('Rule id, as get_rules lists it'),
    run: runField.optional().describe('Run number whose blocked log to search (optional)'),
    examples: z.number().int().min(0).max(MAX_EXAMPLES).default(5).describe(`Example blocks to return, 0-${MAX_EXAMPLES} (default 5)`),
    as_of: asOfField,
  },
  output: {
    rule: ruleOutput,
    inRun: inRunOutput.nullable().describe('What it blocked in the given run; null without a run'),
  },
  async run(deps, input) {
    const listed = await deps.listRules();
    if (!listed.ok) return listed;
    const rule = listed.value.find((r) => r.id === input.rule);
    if (rule === undefined) {
      const ids = listed.value.map((r) => r.id).join(', ') || 'none';
      return fail('rule.not_found', `Rule '${input.rule}' does not exist in this workspace (rules: ${ids})`);
    }
    const out = toRuleOutput(rule);
    let inRun: InRun | null = null;
    const runNumber = input.run;
    if (runNumber !== undefined) {
      const loaded = await loadHistoryAsOf(deps, runNumber, input.as_of);
      if (!loaded.ok) return loaded;
      const mine = loaded.value.history.blocked.filter((b) => b.by === `rule:${rule.id}`);
      inRun = blockedInRun(runNumber, loaded.value.asOf, mine, input.examples);
    }
    const runLine = inRun === null ? '' : `\nIn Run #${inRun.run} (as of ${inRun.asOf}): ${inRun.records} block record(s), ${inRun.blockedSignals} signal(s) counting repeats${inRun.shadowRecords > 0 ? `, ${inRun.shadowRecords} shadow` : ''}.`;
    return ok({ text: `Rule ${rule.id} (${rule.type}, params ${JSON.stringify(rule.params)}): ${out.math}${runLine}`, data: { rule: out, inRun } });
  },
});
