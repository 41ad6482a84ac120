// From the analyst's tool results to rule proposals a person can approve. A proposed rule only ever comes from a
// tool's structured output (suggest_rules, replay_with_rule), parsed again with the core rule schema; nothing the
// model writes becomes a rule, and filing one changes nothing: approving it is a human command. Only a rule whose
// replay on its run's own bars improved that run is filed; every other suggestion is held back, and said why.
import { z } from 'zod';
import type { AnalystQuestion } from '../app/chat/ports.js';
import type { ReplyButton } from '../app/chat/reply.js';
import { formatParams, proposalButtons, ruleLabel } from '../app/workspace/rule-proposals.js';
import { type RuleProposalDraft, type RuleProposals } from '../app/workspace/ports.js';
import { ruleSchema, type Rule } from '../core/risk/rules.js';

/** One tool call of an answer, with the structured data it returned (or, when it failed, the input it was given). */
export interface ToolResultRecord {
  readonly tool: string;
  readonly data: unknown;
  readonly summary: string;
  /** The call failed: `data` is its input and `summary` the error (a replay that could not run is no evidence). */
  readonly failed?: boolean;
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
const reproduction = z.object({ storedTrades: z.number(), matched: z.number(), reproduced: z.boolean() }).loose();
type Variant = z.infer<typeof variant>;

const suggestData = z.object({
  run: z.number().int(),
  proposals: z.array(z.object({
    rule: toolRule,
    rationale: z.string(),
    evidence: z.object({ concerned: z.number(), losers: z.number(), concernedPnl: z.number(), atStake: z.number(), thresholdWhy: z.string() }).loose(),
    replay: variant.nullable(),
  }).loose()),
  replay: z.object({ reproduction }).loose().nullable().optional(),
  replayError: z.string().nullable().optional(),
}).loose();

const replayData = z.object({ run: z.number().int(), rule: toolRule.nullable(), disabled: z.string().nullable().optional(), variant, reproduction: reproduction.optional() }).loose();
const replayInput = z.object({ run: z.number().int() }).loose();

const money = (x: number): string => x.toFixed(2);
const signed = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;
const replayLine = (v: Variant): string =>
  `Replay: pnl ${signed(v.deltas.totalPnl)}, return ${signed(v.deltas.totalReturnPct)} pts, max drawdown ${signed(v.deltas.maxDrawdownPct)} pts; ${v.blockedTotal} trade(s) blocked, ${v.exitedTotal} exited differently.`;
const reproductionLine = (r: z.infer<typeof reproduction> | undefined): string[] =>
  r === undefined || r.reproduced ? [] : [`The baseline replay matched ${r.matched} of ${r.storedTrades} stored trades: see the replay's notes for why.`];

function parsedRule(raw: unknown): Rule | null {
  const rule = ruleSchema.safeParse(raw);
  return rule.success ? rule.data : null;
}

/** What an answer's tool results support: drafts to file, and the ones held back with why. */
export interface ProposalDrafts {
  readonly drafts: readonly RuleProposalDraft[];
  /** A suggestion without replay evidence that it improves its run is not offered for approval; one line each. */
  readonly withheld: readonly string[];
}

/** Less than a cent is no change in pnl; drawdowns compare in percentage points. */
const CENT = 0.01;
const DRAWDOWN_EPS = 1e-6;

/**
 * Why a replay does not argue for the rule, or null when it does: the rule must make money (pnl up) or lower the
 * drawdown without losing money. A replay that lost money without lowering the drawdown made the run worse.
 */
export function replayVerdict(v: Variant, run: number): string | null {
  const { totalPnl: pnl, maxDrawdownPct: dd } = v.deltas;
  if (pnl >= CENT || (dd < -DRAWDOWN_EPS && pnl > -CENT)) return null;
  const numbers = `pnl ${signed(pnl)}, max drawdown ${signed(dd)} pts`;
  if (pnl <= -CENT && dd >= -DRAWDOWN_EPS) return `its replay made Run #${run} worse (${numbers})`;
  if (pnl <= -CENT) return `its replay lowered Run #${run}'s drawdown but lost money (${numbers}): no improvement without a cost`;
  return `its replay did not improve Run #${run} (${numbers})`;
}

/** One suggestion or replayed rule of an answer, with its replay evidence or why it has none. */
interface Candidate {
  readonly key: string;
  readonly draft: Omit<RuleProposalDraft, 'summary'> & { readonly evidence: readonly string[] };
  readonly replay: Variant | null;
  readonly noReplay: string | null;
  readonly against: string | null;
}

const keyOf = (run: number, rule: Rule): string => `${run}|${rule.type}|${JSON.stringify(rule.params)}|${rule.symbols?.join(',') ?? ''}`;

function suggestCandidates(data: z.infer<typeof suggestData>, failedReplay: string | undefined): Candidate[] {
  const out: Candidate[] = [];
  const replayed = data.replay !== null && data.replay !== undefined;
  for (const p of data.proposals) {
    const rule = parsedRule(p.rule);
    if (rule === null) continue;
    const e = p.evidence;
    const evidence = [`${e.concerned} trade(s) concerned (${e.losers} losers, net ${money(e.concernedPnl)}); ${money(e.atStake)} at stake. ${e.thresholdWhy}`];
    const noReplay = p.replay !== null ? null
      : typeof data.replayError === 'string' ? `its replay failed (${data.replayError})`
        : failedReplay !== undefined ? `its replay failed (${failedReplay})`
          : replayed ? 'it was not among the proposals replayed' : 'it was not replayed (suggest_rules with replay: true, or replay_with_rule, gives the evidence)';
    out.push({
      key: keyOf(data.run, rule),
      draft: { rule, rationale: p.rationale, run: data.run, source: 'suggest_rules', evidence: [...evidence, ...(p.replay === null ? [] : reproductionLine(data.replay?.reproduction))] },
      replay: p.replay, noReplay, against: p.replay === null ? null : replayVerdict(p.replay, data.run),
    });
  }
  return out;
}

function replayCandidate(data: z.infer<typeof replayData>): Candidate | null {
  const rule = data.rule === null ? null : parsedRule(data.rule);
  if (rule === null) return null;
  // The deltas of a replay that also switched a run rule off are not this rule's alone; approving adds only it.
  const against = typeof data.disabled === 'string'
    ? `its replay also disabled rule ${data.disabled}: the deltas are not this rule's alone`
    : replayVerdict(data.variant, data.run);
  return {
    key: keyOf(data.run, rule),
    draft: { rule, rationale: `The analyst replayed Run #${data.run} with this rule added.`, run: data.run, source: 'replay_with_rule', evidence: reproductionLine(data.reproduction) },
    replay: data.variant, noReplay: null, against,
  };
}

const label = (r: Rule): string => `${r.id} (${r.type} ${formatParams(r.params)})`;

/**
 * The drafts an answer's tool results support, best first, without repeats (same run, type, parameters and
 * symbols). A rule is filed only with a replay that improves its run; a rule some replay argues against, or with no
 * replay (not asked for, not among those replayed, failed), is held back with the reason.
 */
export function draftsFromResults(results: readonly ToolResultRecord[]): ProposalDrafts {
  const failedReplays = new Map<number, string>();
  for (const r of results) {
    const input = r.failed === true && r.tool === 'replay_with_rule' ? replayInput.safeParse(r.data) : null;
    if (input?.success === true) failedReplays.set(input.data.run, r.summary);
  }
  const candidates: Candidate[] = [];
  for (const r of results) {
    if (r.failed === true) continue;
    if (r.tool === 'suggest_rules') {
      const data = suggestData.safeParse(r.data);
      if (data.success) candidates.push(...suggestCandidates(data.data, failedReplays.get(data.data.run)));
    } else if (r.tool === 'replay_with_rule') {
      const data = replayData.safeParse(r.data);
      const c = data.success ? replayCandidate(data.data) : null;
      if (c !== null) candidates.push(c);
    }
  }
  const drafts: RuleProposalDraft[] = [];
  const withheld: string[] = [];
  const keys = [...new Set(candidates.map((c) => c.key))];
  for (const key of keys) {
    const same = candidates.filter((c) => c.key === key);
    const first = same[0]!;
    const against = same.find((c) => c.against !== null);
    const evidence = same.find((c) => c.replay !== null);
    if (against !== undefined) withheld.push(`${label(first.draft.rule)}: ${against.against}, so it is not offered for approval.`);
    else if (evidence === undefined) withheld.push(`${label(first.draft.rule)}: no replay evidence: ${first.noReplay ?? 'it was not replayed'}, so it is not offered for approval.`);
    else {
      const { evidence: lines, ...draft } = first.draft;
      const extra = evidence === first ? [] : evidence.draft.evidence;
      drafts.push({ ...draft, summary: [...lines, replayLine(evidence.replay!), ...extra].join('\n') });
    }
  }
  return { drafts, withheld };
}

export interface FiledProposals {
  /** Lines for the reply, empty when nothing was filed. */
  readonly text: string;
  readonly buttons: readonly ReplyButton[];
}

/** Files up to MAX_FILED drafts for the asker's workspace; a failure to file is said in the text, never thrown. */
export async function fileProposals(proposals: RuleProposals, q: AnalystQuestion, found: ProposalDrafts, now: number): Promise<FiledProposals> {
  const { drafts } = found;
  const beyond = drafts.slice(MAX_FILED).map((d) => `${label(d.rule)}: its replay improves Run #${d.run ?? '?'} too, but one answer files at most ${MAX_FILED} proposals; ask about it again to file it.`);
  const withheld = [...found.withheld, ...beyond];
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
