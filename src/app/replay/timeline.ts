// A paper run's journal as one ordered list of what happened to it, for a replay to go through in order: the rule
// changes applied while it ran, the bars it decided (or failed to, or flattened) and its status changes.
import type { Rule } from '../../core/risk/rules.js';
import type { JournalDecision, JournalTransition, RunJournal } from '../runs/journal.js';

/** Rules in force from some point on; `recorded` false when the change predates rule lists in the run's history. */
export interface RuleSet {
  readonly rules: readonly Rule[];
  readonly recorded: boolean;
}

export type ReplayEvent =
  | { readonly kind: 'rules'; readonly at: number; readonly set: RuleSet }
  | { readonly kind: 'decision'; readonly at: number; readonly decision: JournalDecision }
  | { readonly kind: 'transition'; readonly at: number; readonly transition: JournalTransition };

// At one instant: a rule change first (an iteration that read the old rules is refused and decided again under the
// new ones), then the decision, then the status change it made or that followed it (a halt, the stop of a flatten).
const ORDER: Readonly<Record<ReplayEvent['kind'], number>> = { rules: 0, decision: 1, transition: 2 };

export interface RunTimeline {
  /** The rules in force before the first event. */
  readonly initialRules: RuleSet;
  readonly events: readonly ReplayEvent[];
  /** Something happened after `until`: the replay stops short of the run's end. */
  readonly cut: boolean;
}

/**
 * Events decided, changed or moved by `until` (desk time), oldest first. `currentRules` are the run's rules now
 * (its manifest's): the rules after the last change, and the stand-in for any rule list the history lacks.
 */
export function runTimeline(journal: RunJournal, currentRules: readonly Rule[], until: number): RunTimeline {
  const known = (rules: readonly Rule[] | null): RuleSet => (rules === null ? { rules: currentRules, recorded: false } : { rules, recorded: true });
  let events: ReplayEvent[] = [
    ...journal.ruleChanges.map((c): ReplayEvent => ({ kind: 'rules', at: c.at, set: known(c.rules) })),
    ...journal.decisions.map((d): ReplayEvent => ({ kind: 'decision', at: d.at, decision: d })),
    ...journal.transitions.map((t): ReplayEvent => ({ kind: 'transition', at: t.at, transition: t })),
  ];
  const cut = events.some((e) => e.at > until);
  events = events.filter((e) => e.at <= until);
  events.sort((a, b) => a.at - b.at || ORDER[a.kind] - ORDER[b.kind]);
  const first = journal.ruleChanges[0];
  return { initialRules: first === undefined ? { rules: currentRules, recorded: true } : known(first.previousRules), events, cut };
}

/** A person resumed a halted run (its drawdown halt lifted, its peak reset); /resume-all resumes without that. */
export function liftsHalt(t: JournalTransition): boolean {
  return t.from === 'halted' && t.to === 'running' && !/\(desk resumed\)$/.test(t.reason);
}

/** Statuses in which a run keeps no entry order waiting (pausing and halting cancel them). */
export const HOLDS_NO_ENTRY: ReadonlySet<string> = new Set(['paused', 'halted', 'stopped', 'completed', 'failed']);
