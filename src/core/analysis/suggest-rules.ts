import type { Timeframe } from '../domain/bar.js';
import type { ClosedTrade } from '../engine/report.js';
import { RULE_TYPES, ruleSchema, type Rule } from '../risk/rules.js';
import { compareKeys } from './group-stats.js';
import { suggestDailyLoss, suggestMaxOpen } from './suggest-clusters.js';
import { PROPOSAL_KINDS, SUGGEST_LIMITS, type Candidate, type HeuristicInput, type HeuristicOutcome, type ProposalEvidence, type ProposalKind } from './suggest-common.js';
import { suggestBlackout, suggestDenylist } from './suggest-groups.js';
import { suggestMaxHolding } from './suggest-holding.js';
import { suggestStopLoss } from './suggest-stop-loss.js';

export { PROPOSAL_KINDS, SUGGEST_LIMITS, type ProposalEvidence, type ProposalExample, type ProposalKind } from './suggest-common.js';

/** A rule proposal: a complete, valid rule and the run's own numbers behind it. */
export interface RuleProposal {
  readonly kind: ProposalKind;
  /** Parsed by ruleSchema: id `sugg-...`, active, not shadow, default priority, unscoped. */
  readonly rule: Rule;
  /** One sentence. */
  readonly rationale: string;
  readonly evidence: ProposalEvidence;
}

export interface SuggestRulesInput {
  /** The run's closed trades (as of the review's cut-off). */
  readonly trades: readonly ClosedTrade[];
  readonly timeframe: Timeframe;
  readonly startCash: number;
  /** The rules in force (the run's own and the workspace's); inactive and shadow ones are ignored. */
  readonly rules: readonly Rule[];
}

export interface RuleSuggestions {
  /** Most pnl at stake first. */
  readonly proposals: readonly RuleProposal[];
  /** Why a heuristic proposed nothing, one line each. */
  readonly skipped: readonly string[];
}

const HEURISTICS: readonly ((input: HeuristicInput) => HeuristicOutcome)[] = [
  suggestStopLoss,
  suggestMaxHolding,
  suggestDenylist,
  suggestBlackout,
  suggestMaxOpen,
  suggestDailyLoss,
];

/**
 * Rule proposals from a run's closed trades: each heuristic speaks only when its evidence is strong enough (see
 * SUGGEST_LIMITS), nothing already in force (or as tight) is proposed, and the proposals are ranked by the pnl
 * their evidence puts at stake. Deterministic for a given input.
 */
export function suggestRules(input: SuggestRulesInput): RuleSuggestions {
  if (input.trades.length < SUGGEST_LIMITS.minTrades) {
    return { proposals: [], skipped: [`${input.trades.length} closed trade(s): at least ${SUGGEST_LIMITS.minTrades} are needed before any pattern means something`] };
  }
  const inForce = input.rules.filter((r) => r.active && !r.shadow);
  // One canonical order, so sums, ties and examples come out the same whatever order the trades arrive in.
  const trades = [...input.trades].sort(canonicalOrder);
  const heuristicInput: HeuristicInput = { trades, timeframe: input.timeframe, inForce, startCash: input.startCash };
  const candidates: Candidate[] = [];
  const skipped: string[] = [];
  for (const h of HEURISTICS) {
    const out = h(heuristicInput);
    candidates.push(...out.candidates);
    if (out.skipped !== null) skipped.push(out.skipped);
  }
  const active = input.rules.filter((r) => r.active);
  const takenIds = new Set(input.rules.map((r) => r.id));
  const proposals: RuleProposal[] = [];
  for (const c of candidates.sort(byStake)) {
    if (active.some((r) => sameCheck(r, c))) {
      skipped.push(`${c.kind}: an identical rule is already active`);
      continue;
    }
    const id = freeId(`sugg-${c.idStem}`, takenIds);
    takenIds.add(id);
    // A candidate that does not parse is a bug in its heuristic: parse throws.
    const rule = ruleSchema.parse({ id, name: c.name, category: RULE_TYPES[c.type].category, type: c.type, params: c.params, active: true, shadow: false });
    proposals.push({ kind: c.kind, rule, rationale: c.rationale, evidence: c.evidence });
  }
  return { proposals, skipped };
}

function canonicalOrder(a: ClosedTrade, b: ClosedTrade): number {
  return a.entryTime - b.entryTime || compareKeys(a.symbol, b.symbol) || a.exitTime - b.exitTime || compareKeys(a.side, b.side) || a.pnl - b.pnl || a.qty - b.qty;
}

function byStake(a: Candidate, b: Candidate): number {
  return b.evidence.atStake - a.evidence.atStake || PROPOSAL_KINDS.indexOf(a.kind) - PROPOSAL_KINDS.indexOf(b.kind) || compareKeys(a.idStem, b.idStem);
}

/** Same type, same parameters, same scope (unscoped): the rule would check exactly what the candidate checks. */
function sameCheck(r: Rule, c: Candidate): boolean {
  return r.type === c.type && r.symbols === undefined && canonical(r.params) === canonical(c.params);
}

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => compareKeys(a, b))) : x));
}

/** The id, or the id with -2, -3 ... when a rule already has it (a proposal must not silently replace a rule). */
function freeId(id: string, taken: ReadonlySet<string>): string {
  if (!taken.has(id)) return id;
  for (let k = 2; ; k++) if (!taken.has(`${id}-${k}`)) return `${id}-${k}`;
}
