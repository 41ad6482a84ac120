import type { Timeframe } from '../domain/bar.js';
import type { ClosedTrade } from '../engine/report.js';
import type { Rule, RuleType } from '../risk/rules.js';

/** One kind per heuristic; the order is the tie-break when two proposals put the same pnl at stake. */
export const PROPOSAL_KINDS = [
  'stop_loss_pct',
  'max_holding_bars',
  'symbol_denylist',
  'blackout_window',
  'max_open_positions',
  'max_daily_loss_pct',
] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

/**
 * How strong the evidence must be before a heuristic speaks. Small samples make loud but meaningless patterns, so
 * each threshold errs on the side of saying nothing.
 */
export const SUGGEST_LIMITS = {
  /** Below this many closed trades no heuristic runs. */
  minTrades: 10,
  /** A group (a symbol, an entry hour, trades held long, entries made while crowded) is judged from 5 trades up. */
  minGroupTrades: 5,
  /** The stop-loss tail is judged from 5 losers up. */
  minLosers: 5,
  /** Stop threshold = this many times the median loser's loss (% of entry): a loss past it is a tail loss. */
  tailFactor: 2,
  /** ...and at least this many losers must lie beyond the threshold. */
  minTail: 2,
  /** Follow-on entries after a day's loss limit: judged from 3 trades up (losing days are few). */
  minDailyFollowOns: 3,
  /** Most proposals of one kind (symbols, hours). */
  maxPerKind: 3,
  maxExamples: 5,
} as const;

/** A trade the evidence points at. */
export interface ProposalExample {
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly entryTime: number;
  readonly exitTime: number;
  readonly pnl: number;
  /** What makes it an example, e.g. `lost 12.4% of entry`, `held 31 bars`. */
  readonly detail: string;
}

/** Numbers from the run's own trades behind a proposal. Money in the account currency. */
export interface ProposalEvidence {
  /** Closed trades of the run that were considered. */
  readonly tradesConsidered: number;
  /** Trades the rule concerns (would have blocked or cut), and the losers among them. */
  readonly concerned: number;
  readonly losers: number;
  /** Net pnl of the concerned trades. */
  readonly concernedPnl: number;
  /** The parameter chosen, in `thresholdUnit`, and why that value. */
  readonly threshold: number;
  readonly thresholdUnit: string;
  readonly thresholdWhy: string;
  /** Pnl the evidence says is at stake (>= 0): the ranking key. How it was estimated: `atStakeWhy`. */
  readonly atStake: number;
  readonly atStakeWhy: string;
  /** Up to 5 of the concerned trades, worst first. */
  readonly examples: readonly ProposalExample[];
}

/** What a heuristic proposes, before the rule gets its id. */
export interface Candidate {
  readonly kind: ProposalKind;
  readonly type: RuleType;
  readonly params: Readonly<Record<string, unknown>>;
  /** Id without the `sugg-` prefix, e.g. `stop-loss-6`. */
  readonly idStem: string;
  readonly name: string;
  readonly rationale: string;
  readonly evidence: ProposalEvidence;
}

export interface HeuristicInput {
  readonly trades: readonly ClosedTrade[];
  readonly timeframe: Timeframe;
  /** Active, enforced rules (the run's and the workspace's): nothing already as tight is proposed. */
  readonly inForce: readonly Rule[];
  readonly startCash: number;
}

/** Candidates, or why there are none (one short line). */
export interface HeuristicOutcome {
  readonly candidates: readonly Candidate[];
  readonly skipped: string | null;
}

export const none = (why: string): HeuristicOutcome => ({ candidates: [], skipped: why });
export const some = (candidates: readonly Candidate[], why: string): HeuristicOutcome =>
  candidates.length > 0 ? { candidates, skipped: null } : none(why);

/** The price move against the trade, % of entry (positive = adverse). */
export function adversePct(t: ClosedTrade): number {
  if (!(t.entryPrice > 0)) return 0;
  const move = ((t.exitPrice - t.entryPrice) / t.entryPrice) * 100;
  return t.side === 'long' ? -move : move;
}

/** Count, losers, net pnl and summed losing pnl of a subset. */
export interface SubsetStats {
  readonly count: number;
  readonly losers: number;
  readonly netPnl: number;
  readonly lossPnl: number;
}

export function subsetStats(trades: readonly ClosedTrade[]): SubsetStats {
  let losers = 0;
  let netPnl = 0;
  let lossPnl = 0;
  for (const t of trades) {
    netPnl += t.pnl;
    if (t.pnl < 0) {
      losers++;
      lossPnl += t.pnl;
    }
  }
  return { count: trades.length, losers, netPnl, lossPnl };
}

/**
 * True when a group both lost money and lost beyond its share: its losers cost more than its share of the trades
 * times the whole set's losses (the excess-loss test of analyze_trades' losing entries).
 */
export function losesBeyondShare(group: SubsetStats, all: SubsetStats): boolean {
  if (group.count === 0 || all.count === 0 || group.netPnl >= 0) return false;
  const expected = (group.count / all.count) * all.lossPnl;
  return expected - group.lossPnl > 1e-9 * Math.max(1, -all.lossPnl);
}

/** The worst trades of a subset (lowest pnl first, then entry time, then symbol), described. */
export function examplesOf(trades: readonly ClosedTrade[], detail: (t: ClosedTrade) => string): ProposalExample[] {
  return [...trades]
    .sort((a, b) => a.pnl - b.pnl || a.entryTime - b.entryTime || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))
    .slice(0, SUGGEST_LIMITS.maxExamples)
    .map((t) => ({ symbol: t.symbol, side: t.side, entryTime: t.entryTime, exitTime: t.exitTime, pnl: t.pnl, detail: detail(t) }));
}

/** A threshold rounded up to a value a person would write: 0.1 steps below 2, 0.5 below 10, whole numbers above. */
export function niceCeil(x: number): number {
  const step = x < 2 ? 0.1 : x < 10 ? 0.5 : 1;
  // Rounded to 1e-9 first so 0.30000000000000004 does not round up to 0.4.
  const up = Math.ceil(Math.round((x / step) * 1e9) / 1e9) * step;
  return Number(Math.max(step, up).toFixed(4));
}

/** `6.5` -> `6-5`: rule ids take letters, digits, - and _ only. */
export const idNumber = (x: number): string => String(Number(x.toFixed(4))).replace('.', '-');

/** The rules of one type that apply to every symbol in `symbols` (all symbols when unscoped). */
export function inForceOfType<T extends RuleType>(rules: readonly Rule[], type: T, symbols: readonly string[]): Extract<Rule, { type: T }>[] {
  return rules.filter((r): r is Extract<Rule, { type: T }> => r.type === type && (r.symbols === undefined || symbols.every((s) => r.symbols!.includes(s))));
}

export const fmtMoney = (x: number): string => x.toFixed(2);
export const fmtPct = (x: number): string => `${Number(x.toFixed(2))}%`;
