/**
 * A second admin's answer to a four-eyes request, whatever it asks for: the answer is recorded (the store audits it),
 * and an approval does what was asked: a live run start starts the run (src/app/runs/live-start.ts), a loosening of
 * an account's limits applies them (src/app/account/limits.ts, audited). A refusal or a lapse leaves everything as
 * it was.
 */
import { ok, type Result } from '../../core/domain/result.js';
import { applyApprovedLimits, type AppliedLimits } from '../account/limits.js';
import type { AccountRisk } from '../account/ports.js';
import type { Role, WorkspaceRef } from '../chat/command.js';
import { answerApprovalRequest, type LiveStartAnswered } from '../runs/live-start.js';
import type { StartRunDeps } from '../runs/start-run.js';
import type { ApprovalRequests, ChangedBy } from '../workspace/ports.js';

export interface ApprovalAnswered extends LiveStartAnswered {
  /** The limits an approved `account_limit_loosen` applied; null otherwise. */
  readonly limits: AppliedLimits | null;
}

export async function answerFourEyes(
  deps: StartRunDeps & { readonly approvals: ApprovalRequests; readonly accountRisk: AccountRisk },
  workspace: WorkspaceRef, id: string, answer: { readonly approve: boolean; readonly role: Role }, by: ChangedBy,
): Promise<Result<ApprovalAnswered>> {
  const answered = await answerApprovalRequest(deps, workspace, id, answer, by);
  if (!answered.ok) return answered;
  const { request } = answered.value;
  if (request.status !== 'approved' || request.kind !== 'account_limit_loosen') return ok({ ...answered.value, limits: null });
  const applied = await applyApprovedLimits(deps, workspace, request, by);
  return applied.ok ? ok({ ...answered.value, limits: applied.value }) : applied;
}
