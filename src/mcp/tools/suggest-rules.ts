import { z } from 'zod';
import type { ReplayReport } from '../../app/replay/replay.js';
import { PROPOSAL_KINDS, SUGGEST_LIMITS, suggestRules, type RuleProposal } from '../../core/analysis/suggest-rules.js';
import { ok } from '../../core/domain/result.js';
import { asOfField, loadHistoryAsOf } from '../as-of.js';
import { defineTool } from '../define-tool.js';
import { runField } from '../schemas.js';
import { iso } from '../time-input.js';
import { reproductionLine, variantLines } from '../../app/replay/text.js';
import { reproductionOutput, toReproductionOutput, toVariantOutput, variantOutput } from './replay-output.js';
import { ruleOutput, toRuleOutput } from './rule-output.js';

/** Proposals replayed when `replay` is true (each replay re-runs the run's bars). */
const MAX_REPLAYED = 3;

const exampleOutput = z.object({
  symbol: z.string().describe('Symbol'),
  side: z.enum(['long', 'short']).describe('Direction'),
  entryTime: z.string().describe('Entry fill time (ISO)'),
  exitTime: z.string().describe('Exit fill time (ISO)'),
  pnl: z.number().describe('Net pnl'),
  detail: z.string().describe('Why it is an example'),
}).describe('A trade the evidence points at');

const evidenceOutput = z.object({
  tradesConsidered: z.number().int().describe('Closed trades of the run considered (by as_of)'),
  concerned: z.number().int().describe('Trades the rule would have blocked or cut'),
  losers: z.number().int().describe('Losers among them'),
  concernedPnl: z.number().describe('Their net pnl'),
  threshold: z.number().describe('The parameter chosen, in thresholdUnit'),
  thresholdUnit: z.string().describe('Unit of the threshold'),
  thresholdWhy: z.string().describe('Why that value'),
  atStake: z.number().describe('Pnl the evidence says is at stake (the ranking key)'),
  atStakeWhy: z.string().describe('How atStake was estimated'),
  examples: z.array(exampleOutput).describe('Up to 5 concerned trades, worst first'),
}).describe('Numbers from the run\'s own trades');

const proposalOutput = z.object({
  rank: z.number().int().describe('1 = most pnl at stake'),
  kind: z.enum(PROPOSAL_KINDS).describe('The heuristic that proposed it'),
  rule: ruleOutput.describe('The complete proposed rule (valid as is; approve it to add it)'),
  rationale: z.string().describe('One sentence'),
  evidence: evidenceOutput,
  replay: variantOutput.nullable().describe(`The run replayed with this rule added (top ${MAX_REPLAYED} when replay is true); null otherwise`),
}).describe('A rule proposal');

export const suggestRulesTool = defineTool({
  name: 'suggest_rules',
  title: 'Suggest rules',
  description: `Structured rule proposals for a run from its own closed trades (by as_of): a stop loss when losers have a fat tail, a holding limit when long holds lose, a symbol denylist, a blackout hour (intraday), a position cap or a day-loss limit when losses cluster. Each comes with its evidence and ranks by the pnl at stake; nothing already in force is proposed. With replay: true the top ${MAX_REPLAYED} are replayed on the run's bars with their metric deltas. Proposes only: approving a rule is a human command.`,
  input: {
    run: runField,
    kinds: z.array(z.enum(PROPOSAL_KINDS)).min(1).optional().describe(`Only these heuristics (default all): ${PROPOSAL_KINDS.join(', ')}`),
    replay: z.boolean().default(false).describe(`Replay the top ${MAX_REPLAYED} proposals on the run's bars and attach their deltas (slower; default false)`),
    as_of: asOfField,
  },
  output: {
    run: z.number().int().describe('Run number'),
    asOf: z.string().describe('The cut-off used (ISO)'),
    trades: z.number().int().describe('Closed trades considered'),
    minTrades: z.number().int().describe('Closed trades needed before anything is proposed'),
    proposals: z.array(proposalOutput).describe('Most pnl at stake first'),
    skipped: z.array(z.string()).describe('Why a heuristic proposed nothing, one line each'),
    replay: z.object({
      reproduction: reproductionOutput,
      notes: z.array(z.string()).describe('Caveats of the replay'),
    }).nullable().describe('The replay\'s baseline check; null without replay'),
    replayError: z.string().nullable().describe('Why the proposals could not be replayed, when replay was asked and failed'),
  },
  async run(deps, input) {
    const loaded = await loadHistoryAsOf(deps, input.run, input.as_of);
    if (!loaded.ok) return loaded;
    const { history: h, asOf } = loaded.value;
    const runRules = await deps.runRules(input.run);
    if (!runRules.ok) return runRules;
    const workspaceRules = await deps.listRules();
    if (!workspaceRules.ok) return workspaceRules;
    const out = suggestRules({ trades: h.trades, timeframe: h.run.config.timeframe, startCash: h.run.config.startCash, rules: [...runRules.value, ...workspaceRules.value] });
    const proposals = input.kinds === undefined ? out.proposals : out.proposals.filter((p) => input.kinds!.includes(p.kind));
    const skipped = input.kinds === undefined ? out.skipped : out.skipped.filter((s) => !PROPOSAL_KINDS.some((k) => s.startsWith(`${k}:`) && !input.kinds!.includes(k)));
    let report: ReplayReport | null = null;
    let replayError: string | null = null;
    if (input.replay && proposals.length > 0) {
      const replayed = await deps.replayRun(input.run, proposals.slice(0, MAX_REPLAYED).map((p) => ({ add: p.rule })), asOf);
      if (replayed.ok) report = replayed.value;
      else replayError = replayed.error.message;
    }
    const head = `Run #${input.run} as of ${iso(asOf)}: ${h.trades.length} closed trade(s)`;
    const text = summary(head, proposals, skipped, report, replayError);
    return ok({
      text,
      data: {
        run: input.run, asOf: iso(asOf), trades: h.trades.length, minTrades: SUGGEST_LIMITS.minTrades,
        proposals: proposals.map((p, i) => ({
          rank: i + 1, kind: p.kind, rule: toRuleOutput(p.rule), rationale: p.rationale,
          evidence: { ...p.evidence, examples: p.evidence.examples.map((e) => ({ ...e, entryTime: iso(e.entryTime), exitTime: iso(e.exitTime) })) },
          replay: report !== null && i < report.variants.length ? toVariantOutput(report.variants[i]!) : null,
        })),
        skipped: [...skipped],
        replay: report === null ? null : { reproduction: toReproductionOutput(report.reproduction), notes: [...report.notes] },
        replayError,
      },
    });
  },
});

function summary(head: string, proposals: readonly RuleProposal[], skipped: readonly string[], report: ReplayReport | null, replayError: string | null): string {
  if (proposals.length === 0) return `${head}; no rule to propose.\n${skipped.map((s) => `- ${s}`).join('\n')}`;
  const lines = [`${head}; ${proposals.length} proposal(s), most pnl at stake first:`];
  proposals.forEach((p, i) => {
    lines.push(`${i + 1}. ${p.rule.id} (${p.rule.type} ${JSON.stringify(p.rule.params)}): ${p.rationale} At stake: ${p.evidence.atStake.toFixed(2)}.`);
    const v = report?.variants[i];
    if (report !== null && v !== undefined) lines.push(...variantLines(report.baseline, v).map((l) => `   Replay: ${l}`));
  });
  if (report !== null) lines.push(reproductionLine(report));
  if (replayError !== null) lines.push(`Replay failed: ${replayError}`);
  return lines.join('\n');
}
