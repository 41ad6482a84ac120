// From the analyst's tool results to rule proposals a person can approve. A proposed rule only ever comes from a
// tool's structured output (suggest_rules, replay_with_rule), parsed again with the core rule schema; nothing the
// model writes becomes a rule, and filing one changes nothing: approving it is a human command.
import { z } from 'zod';
import type { AnalystQuestion } from '../app/chat.js';
import type { ReplyButton } from '../app/reply.js';
import { formatParams, proposalButtons, ruleLabel, type RuleProposalDraft, type RuleProposals } from '../app/rule-proposals.js';
import { ruleSchema, type Rule } from '../core/risk/rules.js';

/** One tool call of an answer, with the structured data it returned. */
export interface ToolResultRecord {
  readonly tool: string;
  readonly data: unknown;
  readonly summary: string;
}

/** Proposals one answer may file (each gets four buttons; Discord shows 25 at most). */
export const MAX_FILED = 3;

/** A tool's rule output (`ruleOutput`) back to a core Rule: nulls dropped, the explanatory `math` left out. */
const toolRule = z.object({
  id: z.string(), name: z.string().nullable(), category: z.string(), type: z.string(), params: z.record(z.string(), z.unknown()),
  priority: z.number(), active: z.boolean(), shadow: z.boolean(), symbols: z.array(z.string()).nullable(),
}).loose().transform(({ name, symbols, math: _math, ...rest }) => ({ ...rest, ...(name === null ? {} : { name }), ...(symbols === null ? {} : { symbols }) }));

const deltas = z.object({ totalPnl: z.number(), totalReturnPct: z.number(), maxDrawdownPct: z.number(), trades: z.number() }).loose();
const variant = z.object({ deltas, blockedTotal: z.number(), exitedTotal: z.number() }).loose();

const suggestData = z.object({
  run: z.number().int(),
  proposals: z.array(z.object({
    rule: toolRule,
    rationale: z.string(),
    evidence: z.object({ concerned: z.number(), losers: z.number(), concernedPnl: z.number(), atStake: z.number(), thresholdWhy: z.string() }).loose(),
    replay: variant.nullable(),
  }).loose()),
}).loose();

const replayData = z.object({ run: z.number().int(), rule: toolRule.nullable(), variant }).loose();

const money = (x: number): string => x.toFixed(2);
const signed = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;
const replayLine = (v: z.infer<typeof variant>): string =>
  `Replay: pnl ${signed(v.deltas.totalPnl)}, return ${signed(v.deltas.totalReturnPct)} pts, max drawdown ${signed(v.deltas.maxDrawdownPct)} pts; ${v.blockedTotal} trade(s) blocked, ${v.exitedTotal} exited differently.`;

function parsedRule(raw: unknown): Rule | null {
  const rule = ruleSchema.safeParse(raw);
  return rule.success ? rule.data : null;
}

/** What an answer's tool results support: drafts to file, and the ones held back with why. */
export interface ProposalDrafts {
  readonly drafts: readonly RuleProposalDraft[];
  /** A suggestion whose own replay made the run worse is not offered for approval; one line each. */
  readonly withheld: readonly string[];
}

/** A replay that lost money and did not lower the drawdown argues against the rule. */
const replayArguesAgainst = (v: z.infer<typeof variant>): boolean => v.deltas.totalPnl < 0 && v.deltas.maxDrawdownPct >= 0;

/** The drafts an answer's tool results support, best first, without repeats (same type and parameters). */
export function draftsFromResults(results: readonly ToolResultRecord[]): ProposalDrafts {
  const drafts: RuleProposalDraft[] = [];
  const withheld: string[] = [];
  for (const r of results) {
    if (r.tool === 'suggest_rules') {
      const data = suggestData.safeParse(r.data);
      if (!data.success) continue;
      for (const p of data.data.proposals) {
        const rule = parsedRule(p.rule);
        if (rule === null) continue;
        if (p.replay !== null && replayArguesAgainst(p.replay)) {
          withheld.push(`${rule.id} (${rule.type} ${formatParams(rule.params)}): its replay made Run #${data.data.run} worse (pnl ${signed(p.replay.deltas.totalPnl)}, max drawdown ${signed(p.replay.deltas.maxDrawdownPct)} pts), so it is not offered for approval.`);
          continue;
        }
        const e = p.evidence;
        const lines = [`${e.concerned} trade(s) concerned (${e.losers} losers, net ${money(e.concernedPnl)}); ${money(e.atStake)} at stake. ${e.thresholdWhy}`];
        if (p.replay !== null) lines.push(replayLine(p.replay));
        drafts.push({ rule, rationale: p.rationale, summary: lines.join('\n'), run: data.data.run, source: 'suggest_rules' });
      }
    } else if (r.tool === 'replay_with_rule') {
      const data = replayData.safeParse(r.data);
      if (!data.success || data.data.rule === null) continue;
      const rule = parsedRule(data.data.rule);
      if (rule === null) continue;
      drafts.push({ rule, rationale: `The analyst replayed Run #${data.data.run} with this rule added.`, summary: replayLine(data.data.variant), run: data.data.run, source: 'replay_with_rule' });
    }
  }
  const seen = new Set<string>();
  const unique = drafts.filter((d) => {
    const key = `${d.run}|${d.rule.type}|${JSON.stringify(d.rule.params)}|${d.rule.symbols?.join(',') ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { drafts: unique, withheld };
}

export interface FiledProposals {
  /** Lines for the reply, empty when nothing was filed. */
  readonly text: string;
  readonly buttons: readonly ReplyButton[];
}

/** Files up to MAX_FILED drafts for the asker's workspace; a failure to file is said in the text, never thrown. */
export async function fileProposals(proposals: RuleProposals, q: AnalystQuestion, found: ProposalDrafts, now: number): Promise<FiledProposals> {
  const { drafts, withheld } = found;
  const held = withheld.length === 0 ? '' : `Not proposed:\n${withheld.map((w) => `- ${w}`).join('\n')}`;
  if (drafts.length === 0) return { text: held, buttons: [] };
  const lines = ['Rule proposals, waiting for a person to decide (an admin approves; nothing changes until then):'];
  const buttons: ReplyButton[] = [];
  const tagged = drafts.length > 1;
  for (const [i, draft] of drafts.slice(0, MAX_FILED).entries()) {
    const filed = await proposals.propose(q.workspace, draft, q.actor.id, now);
    if (!filed.ok) {
      lines.push(`${i + 1}) ${draft.rule.id}: could not be filed (${filed.error.message})`);
      continue;
    }
    const p = filed.value;
    lines.push(`${i + 1}) ${p.rule.id}: ${ruleLabel(p)}${p.run === null ? '' : ` (from Run #${p.run})`}. ${p.rationale}\n   ${p.summary.replaceAll('\n', '\n   ')}\n   /proposal show id:${p.id}`);
    buttons.push(...proposalButtons(p, tagged ? `#${i + 1}` : ''));
  }
  return { text: [lines.join('\n'), held].filter((s) => s !== '').join('\n\n'), buttons };
}
