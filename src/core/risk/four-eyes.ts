/**
 * The four-eyes rule: what puts real money at risk (a run started on a live account, an account-level limit loosened)
 * is a pending request until a second admin, not the one who asked, approves it within a set time. Refusals and
 * expiries are final. This decides each answer; the shell stores the request, shows its approval card and audits
 * every step. Pure: time arrives as `now`.
 */
import { fail, ok, type Result } from '../domain/result.js';

export const APPROVAL_KINDS = ['live_run_start', 'account_limit_loosen'] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

/** How long a request waits for its second admin by default. */
export const DEFAULT_APPROVAL_TTL_MS = 30 * 60_000;

export interface ApprovalRequest {
  readonly id: string;
  readonly kind: ApprovalKind;
  readonly requestedBy: string;
  readonly requestedAt: number;
  readonly expiresAt: number;
  readonly status: 'pending' | 'approved' | 'rejected' | 'expired';
}

export interface ApprovalAnswer {
  readonly by: string;
  readonly role: 'viewer' | 'trader' | 'admin';
  readonly approve: boolean;
  readonly at: number;
}

export type ApprovalOutcome =
  | { readonly status: 'approved'; readonly by: string; readonly at: number }
  | { readonly status: 'rejected'; readonly by: string; readonly at: number }
  | { readonly status: 'expired'; readonly at: number };

const WHAT: Readonly<Record<ApprovalKind, string>> = {
  live_run_start: 'a live run start',
  account_limit_loosen: 'loosening an account limit',
};

/**
 * The outcome of an answer to a pending request. Refused (a Result error, the request unchanged): not an admin, the
 * requester answering their own request, a request already decided. An answer after the deadline expires the request
 * instead, whatever it said.
 */
export function answerApproval(request: ApprovalRequest, answer: ApprovalAnswer): Result<ApprovalOutcome> {
  if (request.status !== 'pending') return fail('approval.decided', `This request was already ${request.status}`, { id: request.id });
  if (answer.at >= request.expiresAt) return ok({ status: 'expired', at: request.expiresAt });
  if (answer.role !== 'admin') return fail('approval.role', `Only an admin can approve or refuse ${WHAT[request.kind]}`, { id: request.id });
  if (answer.by === request.requestedBy) {
    return fail('approval.same_person', `${WHAT[request.kind]} needs a second admin: the one who asked cannot ${answer.approve ? 'approve' : 'refuse'} it`, { id: request.id });
  }
  return ok(answer.approve ? { status: 'approved', by: answer.by, at: answer.at } : { status: 'rejected', by: answer.by, at: answer.at });
}

/** The pending requests whose time ran out at `now`, oldest first: each becomes `expired`. */
export function expiredApprovals(requests: readonly ApprovalRequest[], now: number): ApprovalRequest[] {
  return requests.filter((r) => r.status === 'pending' && r.expiresAt <= now).sort((a, b) => a.expiresAt - b.expiresAt);
}
