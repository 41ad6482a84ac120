// What a paper run recorded as it went, read back for a replay of what actually happened: which bars it decided
// (and how), its status changes, the rule changes applied to it while it ran, and how its orders ended.
import type { Rule } from '../../core/risk/rules.js';
import type { RunStatus } from './model.js';

/** The last bar of one symbol as an iteration saw it (its decision's `inputs.bars`). */
export interface SeenBar {
  readonly time: number;
  readonly close: number;
}

export type JournalDecision =
  /** An iteration that traded (`trade`) or, paused, only managed exits (`exits_only`). */
  | {
    readonly kind: 'decided';
    /** Open time of the bar decided on. */
    readonly barTime: number;
    /** Desk time the iteration ran (its `asOf`). */
    readonly at: number;
    /** The bar close the scheduler called it for (null in records that lack it: the bar time then decides). */
    readonly barClose: number | null;
    readonly mode: 'trade' | 'exits_only';
    /** The workspace kill switch blocked an entry at this bar. */
    readonly killSwitch: boolean;
    /** Client order ids of the orders it planned. */
    readonly orders: readonly string[];
    /** The last bar of each symbol it saw. */
    readonly bars: ReadonlyMap<string, SeenBar>;
  }
  /** Bars could not be loaded: nothing was traded. */
  | { readonly kind: 'data_failure'; readonly barTime: number; readonly at: number; readonly error: string }
  /** Every position closed at market and every pending order cancelled (`/run stop flatten:true`). */
  | { readonly kind: 'flatten'; readonly at: number };

export interface JournalTransition {
  readonly at: number;
  readonly from: RunStatus | null;
  readonly to: RunStatus;
  readonly actor: string;
  readonly reason: string;
}

export interface JournalRuleChange {
  readonly at: number;
  readonly previousHash: string;
  readonly rulesHash: string;
  /** The run's rules before and after; null in changes recorded before the rule lists were kept. */
  readonly previousRules: readonly Rule[] | null;
  readonly rules: readonly Rule[] | null;
}

export interface RunJournal {
  /** Oldest first (by `at`). */
  readonly decisions: readonly JournalDecision[];
  readonly transitions: readonly JournalTransition[];
  readonly ruleChanges: readonly JournalRuleChange[];
  /** How each order the run planned ended, by client order id (`submitted`, `filled`, `cancelled` ...). */
  readonly orderStatus: ReadonlyMap<string, string>;
}
