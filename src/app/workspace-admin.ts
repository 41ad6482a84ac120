import type { Result } from '../core/domain/result.js';
import type { Rule } from '../core/risk/rules.js';
import type { Actor, WorkspaceRef } from './command.js';
import type { NotificationEvent } from './runs/model.js';

/** on: posted normally; silent: posted without pinging anyone; off: recorded, never posted. Unset means on. */
export const NOTIFICATION_LEVELS = ['on', 'silent', 'off'] as const;
export type NotificationLevel = (typeof NOTIFICATION_LEVELS)[number];

export { NOTIFICATION_EVENTS } from './runs/model.js';

export type NotificationLevels = Readonly<Record<NotificationEvent, NotificationLevel>>;

/**
 * A rule change as it applies to a run's frozen rule list, which holds only active rules: an added or switched-on
 * rule is put in (replacing one with the same id), a removed or switched-off rule is taken out.
 */
export type RuleChange =
  | { readonly kind: 'upsert'; readonly rule: Rule }
  | { readonly kind: 'drop'; readonly id: string };

/** A run whose manifest rules were rewritten. */
export interface RunRulesChanged {
  readonly number: number;
  readonly previousHash: string;
  readonly rulesHash: string;
}

/** The workspace kill switch (/halt): while set, every run blocks new entries. */
export interface KillSwitch {
  readonly haltedAt: number;
  readonly reason: string;
}

/** A halted run and the transition that halted it (who and why), to tell a /halt from the run's own gates. */
export interface HaltedRun {
  readonly id: string;
  readonly number: number;
  readonly actor: string;
  readonly reason: string;
  readonly at: number;
}

/**
 * Port for workspace-level administration from chat: rules, the kill switch, notification levels. Every method
 * is scoped to one workspace; every change is recorded in the workspace's audit log under `actor.id`.
 */
export interface WorkspaceAdmin {
  /** All rules (active or not) in evaluation order. */
  listRules(workspace: WorkspaceRef): Promise<Result<readonly Rule[]>>;
  /** Validates `input` with the core rule schema (`rule.invalid` with the field path); picks `r<N>` without an id. */
  addRule(workspace: WorkspaceRef, input: unknown, actor: Actor): Promise<Result<Rule>>;
  /** Switches a rule on or off; returns it as it is now. `rule.not_found` lists the workspace's rule ids. */
  toggleRule(workspace: WorkspaceRef, id: string, actor: Actor): Promise<Result<Rule>>;
  /** `rule` is null when the stored row was unreadable. */
  removeRule(workspace: WorkspaceRef, id: string, actor: Actor): Promise<Result<{ id: string; rule: Rule | null }>>;
  /**
   * Applies a rule change to the workspace's runs in progress (running, paused or halted): rewrites each one's
   * manifest rules and rules hash, all runs in one transaction, and records it in each run's history (an audit
   * entry and a reasoning entry "rules changed by <name>: <note>"). Runs the change leaves as they were are not
   * listed. The iteration reads the manifest every bar, so the change takes effect at the next bar.
   */
  applyRuleChange(workspace: WorkspaceRef, change: RuleChange, by: { actor: Actor; note: string; now: number }): Promise<Result<readonly RunRulesChanged[]>>;
  /** The kill switch as it stands (null when the desk is not halted). */
  killSwitch(workspace: WorkspaceRef): Promise<Result<KillSwitch | null>>;
  /** Sets the kill switch; when it is already set, keeps the original and says so (`already`). */
  engageKillSwitch(workspace: WorkspaceRef, reason: string, actor: Actor, now: number): Promise<Result<{ killSwitch: KillSwitch; already: boolean }>>;
  /** Lifts the kill switch; returns the one lifted, or null when it was not set. */
  releaseKillSwitch(workspace: WorkspaceRef, actor: Actor, now: number): Promise<Result<KillSwitch | null>>;
  /** The workspace's halted paper/live runs with their halting transition, oldest run first. */
  haltedRuns(workspace: WorkspaceRef): Promise<Result<readonly HaltedRun[]>>;
  getNotificationLevels(workspace: WorkspaceRef): Promise<Result<NotificationLevels>>;
  /** Sets one event type's level; returns every level after it. */
  setNotificationLevel(workspace: WorkspaceRef, event: NotificationEvent, level: NotificationLevel, actor: Actor): Promise<Result<NotificationLevels>>;
}
