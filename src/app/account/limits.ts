/**
 * Changing a broker account's limits (`/settings risk`). Tightening applies at once (audited). A change that loosens
 * any value applies nothing: it files a four-eyes request (`account_limit_loosen`) with the account and the full new
 * limits, and a second admin's approval applies them (`applyApprovedLimits`). Nothing ever goes above the hard
 * ceilings (the defaults, ACCOUNT_GATE_DEFAULTS).
 */
import { z } from 'zod';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { firstIssueLine } from '../../core/domain/zod-errors.js';
import { accountLimitsSchema, tightenAccountLimits, type AccountLimits } from '../../core/risk/account-gates.js';
import { DEFAULT_APPROVAL_TTL_MS } from '../../core/risk/four-eyes.js';
import { accountText, type BrokerAccountKind, type RunBroker } from '../../core/runs/run-broker.js';
import type { WorkspaceRef } from '../chat/command.js';
import type { ApprovalRequests, ApprovalRequestView, ChangedBy } from '../workspace/ports.js';
import type { AccountRisk } from './ports.js';

/** What an `account_limit_loosen` request keeps: the account, the limits as they are to be, who asked and where. */
export const limitsLoosenSchema = z.object({
  broker: z.literal('alpaca'),
  account: z.enum(['paper', 'live']),
  limits: accountLimitsSchema,
  /** The limits when it was asked (shown on the card; the approval applies `limits` whatever they are by then). */
  from: accountLimitsSchema,
  channelId: z.string(),
  requestedBy: z.object({ id: z.string(), name: z.string() }),
});

export type LimitsLoosenRequest = z.infer<typeof limitsLoosenSchema>;

export type LimitsChanged =
  | { readonly kind: 'applied'; readonly before: AccountLimits; readonly after: AccountLimits }
  | { readonly kind: 'requested'; readonly request: ApprovalRequestView; readonly from: AccountLimits; readonly to: AccountLimits; readonly loosened: readonly (keyof AccountLimits)[] };

export interface ChangeLimitsDeps {
  readonly accountRisk: AccountRisk;
  readonly approvals: ApprovalRequests;
}

/** Applies a tightening; files the four-eyes request for a loosening; refuses values the schema does not allow. */
export async function changeAccountLimits(
  deps: ChangeLimitsDeps,
  input: { readonly workspace: WorkspaceRef; readonly broker: RunBroker; readonly change: Partial<AccountLimits>; readonly by: ChangedBy },
  ttlMs = DEFAULT_APPROVAL_TTL_MS,
): Promise<Result<LimitsChanged>> {
  const current = await deps.accountRisk.limits(input.workspace, input.broker);
  if (!current.ok) return current;
  const tightened = tightenAccountLimits(current.value, input.change);
  if (tightened.ok) {
    const set = await deps.accountRisk.setLimits(input.workspace, input.broker, tightened.value, input.by);
    return set.ok ? ok({ kind: 'applied', ...set.value }) : set;
  }
  if (tightened.error.code !== 'risk.loosen_needs_approval') return tightened;
  const to = accountLimitsSchema.parse({ ...current.value, ...input.change });
  const loosened = (Object.keys(to) as (keyof AccountLimits)[]).filter((k) => to[k] > current.value[k]);
  const payload: LimitsLoosenRequest = {
    broker: input.broker.name, account: input.broker.account, limits: to, from: current.value,
    channelId: input.by.channelId, requestedBy: { id: input.by.actor.id, name: input.by.actor.name },
  };
  const filed = await deps.approvals.request(input.workspace, 'account_limit_loosen', payload, input.by, ttlMs);
  return filed.ok ? ok({ kind: 'requested', request: filed.value, from: current.value, to, loosened }) : filed;
}

/** Reads an `account_limit_loosen` request's payload. */
export function readLimitsLoosen(request: ApprovalRequestView): Result<LimitsLoosenRequest> {
  const parsed = limitsLoosenSchema.safeParse(request.payload);
  return parsed.success ? ok(parsed.data) : fail('approval.corrupt', `Approval request ${request.id} cannot be read (${firstIssueLine(parsed.error)})`);
}

export interface AppliedLimits {
  readonly broker: RunBroker;
  /** The name of the admin who asked. */
  readonly requestedBy: string;
  readonly before: AccountLimits;
  readonly after: AccountLimits;
}

/** An approved `account_limit_loosen` request: its limits apply now, audited with the approval. */
export async function applyApprovedLimits(
  deps: { readonly accountRisk: AccountRisk }, workspace: WorkspaceRef, request: ApprovalRequestView, by: ChangedBy,
): Promise<Result<AppliedLimits>> {
  const asked = readLimitsLoosen(request);
  if (!asked.ok) return fail(asked.error.code, `${asked.error.message}: the limits were not changed`);
  const broker: RunBroker = { name: asked.value.broker, account: asked.value.account };
  const set = await deps.accountRisk.setLimits(workspace, broker, asked.value.limits, by, { id: request.id, requestedBy: request.requestedBy });
  if (!set.ok) return fail(set.error.code, `approval request ${request.id} was approved, but the ${accountText(broker)}'s limits were not changed: ${set.error.message}`);
  return ok({ broker, requestedBy: asked.value.requestedBy.name, ...set.value });
}

/** `alpaca` with the account `/settings risk account:` names. */
export const alpacaAccount = (account: BrokerAccountKind): RunBroker => ({ name: 'alpaca', account });
