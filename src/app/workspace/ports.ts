// The ports of a workspace: its settings (roles, desk channel, audit), its administration (rules, kill switch,
// notification levels), the analyst's rule proposals and LLM usage and budget. src/store implements them.
import type { Result } from '../../core/domain/result.js';
import type { Rule } from '../../core/risk/rules.js';
import type { NotificationLevel } from '../../core/runs/notification-policy.js';
import type { ApprovalKind, ApprovalRequest } from '../../core/risk/four-eyes.js';
import type { Actor, Role, WorkspaceRef } from '../chat/command.js';
import type { NotificationEvent } from '../../core/runs/notification-events.js';

/** One role binding: a platform key (a user id, a Discord role id or lower-case role name, a Slack user-group id). */
export interface RoleBinding {
  readonly key: string;
  readonly role: Role;
}

/** Who changed a setting, from where, and when: every change is audited with all three. */
export interface ChangedBy {
  readonly actor: Actor;
  readonly channelId: string;
  readonly now: number;
}

/** One line of the workspace's audit log. */
export interface AuditView {
  readonly at: number;
  /** The platform user id (`cli`, `scheduler` ... for the desk itself). */
  readonly actor: string;
  /** The display name, when the entry or the member table knows it. */
  readonly actorName?: string;
  /** Where it was done; null for entries written without one. */
  readonly channel: string | null;
  /** Dotted (`rule.add`, `settings.role`), or `command` for a state-changing chat command (target = its name). */
  readonly action: string;
  readonly target: string | null;
  readonly details: Readonly<Record<string, unknown>> | null;
}

/** A state-changing chat command as it ran, for the audit log (stamped with the wall-clock time it is recorded at). */
export interface CommandRecord {
  readonly actor: Actor;
  readonly channelId: string;
  /** The registry name (`run stop`). */
  readonly command: string;
  /** The parsed options, JSON-safe. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly outcome: 'ok' | 'error';
  /** The error text when the outcome is an error. */
  readonly message?: string;
  /** What it did, as its reply's title says it (`Run #2 stopped`, `Rule r3 added`). */
  readonly result?: string;
}

/**
 * Port for the workspace's chat settings: role bindings, the desk channel, the audit log and members' roles. Every
 * method is scoped to one workspace; every change is audited with who, where and when, in the same transaction.
 */
export interface WorkspaceSettings {
  /** Sorted by key. */
  listRoleBindings(workspace: WorkspaceRef): Promise<Result<readonly RoleBinding[]>>;
  /**
   * Binds `key` (already normalised by the caller) to `role`, or removes its binding when `role` is null
   * (`settings.binding_not_found` when there is none). Returns the bindings after the change.
   */
  setRoleBinding(workspace: WorkspaceRef, key: string, role: Role | null, by: ChangedBy): Promise<Result<readonly RoleBinding[]>>;
  /** Makes `channelId` the workspace's one desk channel; returns the channel it replaced (null when none). */
  bindDeskChannel(workspace: WorkspaceRef, channelId: string, by: ChangedBy): Promise<Result<string | null>>;
  deskChannel(workspace: WorkspaceRef): Promise<Result<string | null>>;
  /** The newest `limit` entries, newest first. */
  listAudit(workspace: WorkspaceRef, limit: number): Promise<Result<readonly AuditView[]>>;
  recordCommand(workspace: WorkspaceRef, entry: CommandRecord): Promise<Result<null>>;
  /** The role a member was given in the member table (the console's local user is admin there); null when none. */
  memberRole(workspace: WorkspaceRef, userId: string): Promise<Result<Role | null>>;
  /** The workspace's default data source (`sim`, `csv`, `alpaca,yahoo`), null when it follows the desk's MARKET_DATA. */
  dataSource(workspace: WorkspaceRef): Promise<Result<string | null>>;
  /**
   * Sets the default data source (already validated by the caller), or clears it when null; audited as
   * `settings.data_source`. Returns the one it replaced.
   */
  setDataSource(workspace: WorkspaceRef, source: string | null, by: ChangedBy): Promise<Result<string | null>>;
}

/** on: posted normally; silent: posted without pinging anyone; off: recorded, never posted. Unset means on. */
export { NOTIFICATION_LEVELS, type NotificationLevel } from '../../core/runs/notification-policy.js';

export { NOTIFICATION_EVENTS } from '../../core/runs/notification-events.js';

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

/** Port for rule proposals, scoped to one workspace; decisions are audited with who, where and when. */
export interface RuleProposals {
  propose(workspace: WorkspaceRef, draft: RuleProposalDraft, requestedBy: string, now: number): Promise<Result<RuleProposalView>>;
  /** `proposal.not_found` for an id of another workspace too. */
  get(workspace: WorkspaceRef, id: string): Promise<Result<RuleProposalView>>;
  /** Newest first. */
  list(workspace: WorkspaceRef, status: ProposalStatus | 'all', limit: number): Promise<Result<readonly RuleProposalView[]>>;
  /**
   * Adds the proposed rule (as shadow when asked) and marks the proposal approved, in one transaction.
   * `proposal.decided` when it was already approved or rejected; `rule.duplicate` when its id is taken.
   */
  approve(workspace: WorkspaceRef, id: string, options: { readonly shadow: boolean }, by: ChangedBy): Promise<Result<{ proposal: RuleProposalView; rule: Rule }>>;
  reject(workspace: WorkspaceRef, id: string, by: ChangedBy): Promise<Result<RuleProposalView>>;
}

/**
 * A rule the analyst proposes, waiting for a human. The analyst (Claude or offline) can only file one; approving
 * it is a person's command (`/proposal approve`, admin), never a tool the LLM can reach.
 */
export interface RuleProposalDraft {
  readonly rule: Rule;
  /** One sentence: why. */
  readonly rationale: string;
  /** The numbers behind it (evidence, replay deltas) as a person reads them. */
  readonly summary: string;
  /** The run whose trades it came from, if any. */
  readonly run: number | null;
  /** What produced it: `suggest_rules`, `replay_with_rule` ... */
  readonly source: string;
}

export interface RuleProposalView extends RuleProposalDraft {
  readonly id: string;
  readonly status: ProposalStatus;
  /** Who asked the question that produced it. */
  readonly requestedBy: string;
  readonly createdAt: number;
  readonly decidedBy: string | null;
  readonly decidedAt: number | null;
}

export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const PROPOSAL_STATUSES = ['pending', 'approved', 'rejected'] as const;

/** One answer's LLM use (all its API requests), priced by the caller. */
export interface UsageEntry {
  /** The member who asked (upserted as a workspace member without changing any role). */
  readonly actor: { readonly id: string; readonly name: string };
  /** The conversation it belongs to, when one is stored under that key. */
  readonly conversationId: string | null;
  readonly model: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly at: number;
}

export interface UsageTotals {
  /** Answers that reached the API (one usage row each). */
  readonly requests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
}

export interface MemberUsage extends UsageTotals {
  /** The member's display name, or their platform id when the member is gone. */
  readonly name: string;
}

export interface MonthUsage {
  readonly month: string;
  readonly totals: UsageTotals;
  /** Most expensive first. */
  readonly topMembers: readonly MemberUsage[];
  /** Models used this month that the price table does not know (their cost is a high estimate). */
  readonly unpricedModels: readonly string[];
}

export interface LlmUsageLedger {
  record(workspace: WorkspaceRef, entry: UsageEntry): Promise<Result<null>>;
  month(workspace: WorkspaceRef, month: string, topMembers: number): Promise<Result<MonthUsage>>;
}

/** The cap that applies: the workspace's own, else the desk default (ANTHROPIC_MONTHLY_BUDGET_USD), else none. */
export interface AnalystBudget {
  readonly limitUsd: number | null;
  readonly source: 'workspace' | 'default' | 'none';
}

export interface AnalystBudgets {
  get(workspace: WorkspaceRef): Promise<Result<AnalystBudget>>;
  /** Sets the workspace's cap (null removes it, so the desk default applies again); audited. */
  set(workspace: WorkspaceRef, limitUsd: number | null, by: ChangedBy): Promise<Result<{ readonly before: AnalystBudget; readonly after: AnalystBudget }>>;
}

/** A four-eyes request as stored (src/core/risk/four-eyes.ts decides each answer). */
export interface ApprovalRequestView extends ApprovalRequest {
  /** What is asked for, as the requesting use-case put it (for a live start: the run to start). */
  readonly payload: Readonly<Record<string, unknown>>;
  readonly decidedBy: string | null;
  readonly decidedAt: number | null;
}

/**
 * Four-eyes requests of a workspace (src/store/approvals). Every step is audited: the request, the approval or the
 * refusal (with who), and the expiry.
 */
export interface ApprovalRequests {
  request(workspace: WorkspaceRef, kind: ApprovalKind, payload: Readonly<Record<string, unknown>>, by: ChangedBy, ttlMs: number): Promise<Result<ApprovalRequestView>>;
  /** `approval.not_found` for an id of another workspace too. */
  get(workspace: WorkspaceRef, id: string): Promise<Result<ApprovalRequestView>>;
  /** Pending ones, oldest first. */
  pending(workspace: WorkspaceRef): Promise<Result<readonly ApprovalRequestView[]>>;
  /**
   * Records an answer as the four-eyes rule decides it (answerApproval): approved, rejected, or expired when it came
   * too late. Refusals (the requester, a non-admin, an already decided request) change nothing.
   */
  answer(workspace: WorkspaceRef, id: string, answer: { readonly approve: boolean; readonly role: Role }, by: ChangedBy): Promise<Result<ApprovalRequestView>>;
  /** Marks every workspace's pending requests whose time ran out at `now` as expired, and returns them. */
  expireDue(now: number): Promise<Result<readonly (ApprovalRequestView & { readonly workspace: WorkspaceRef })[]>>;
}
