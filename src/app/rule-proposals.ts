import type { Result } from '../core/domain/result.js';
import type { Rule } from '../core/risk/rules.js';
import type { WorkspaceRef } from './command.js';
import type { ReplyButton } from './reply.js';
import type { ChangedBy } from './workspace-settings.js';

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

export const PROPOSAL_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export interface RuleProposalView extends RuleProposalDraft {
  readonly id: string;
  readonly status: ProposalStatus;
  /** Who asked the question that produced it. */
  readonly requestedBy: string;
  readonly createdAt: number;
  readonly decidedBy: string | null;
  readonly decidedAt: number | null;
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

/** `pct=8`, `start=12:00, end=13:00`; arrays and objects as JSON. */
export function formatParams(params: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(params).map(([k, v]) => `${k}=${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`);
  return parts.length === 0 ? '(none)' : parts.join(', ');
}

/** `stop_loss_pct pct=6`, `symbol_denylist symbols=["TSLA"] on TSLA`. */
export function ruleLabel(p: Pick<RuleProposalView, 'rule'>): string {
  return `${p.rule.type} ${formatParams(p.rule.params)}${p.rule.symbols === undefined ? '' : ` on ${p.rule.symbols.join(', ')}`}`;
}

/** A pending proposal's actions (buttons run human commands); `tag` tells them apart when a reply carries several. */
export function proposalButtons(p: RuleProposalView, tag = ''): ReplyButton[] {
  if (p.status !== 'pending') return [];
  const label = (s: string): string => (tag === '' ? s : `${s} ${tag}`);
  return [
    { command: `/proposal approve id:${p.id}`, label: label('Approve'), style: 'primary' },
    { command: `/proposal approve id:${p.id} shadow:true`, label: label('Approve as shadow'), style: 'secondary' },
    { command: `/proposal reject id:${p.id}`, label: label('Reject'), style: 'danger' },
    ...(p.run === null ? [] : [{ command: `/proposal replay id:${p.id}`, label: label('Replay'), style: 'secondary' as const }]),
  ];
}
