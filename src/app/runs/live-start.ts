/**
 * A run on a live account starts only when a second admin approves it (the four-eyes rule, src/core/risk/four-eyes.ts).
 * `/run start` on a live account files the request with everything the start needs; `/approval approve` by another
 * admin, within the deadline, starts it exactly as asked (as the requester's run, noting who approved it); a refusal or
 * the deadline ends it. The store audits every step.
 */
import { z } from 'zod';
import { TIMEFRAMES } from '../../core/domain/bar.js';
import { ADJUSTMENTS } from '../../core/domain/data-source.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { sizingSchema } from '../../core/engine/config.js';
import { firstIssueLine } from '../../core/domain/zod-errors.js';
import { DEFAULT_APPROVAL_TTL_MS } from '../../core/risk/four-eyes.js';
import { BROKER_NAMES } from '../../core/runs/run-broker.js';
import type { Role, WorkspaceRef } from '../chat/command.js';
import type { ApprovalRequests, ApprovalRequestView, ChangedBy } from '../workspace/ports.js';
import type { RunSummary } from './model.js';
import { startRun, type StartRunDeps, type StartRunInput } from './start-run.js';

/** What a live start request keeps: the start as asked, and who asked. */
const liveStartSchema = z.object({
  strategyId: z.string(),
  params: z.record(z.string(), z.unknown()),
  symbols: z.array(z.string()).min(1),
  timeframe: z.enum(TIMEFRAMES),
  dataSource: z.string(),
  adjustment: z.enum(ADJUSTMENTS).optional(),
  broker: z.enum(BROKER_NAMES),
  cash: z.number().positive().optional(),
  sizing: sizingSchema.optional(),
  channelId: z.string(),
  requestedBy: z.object({ id: z.string(), name: z.string() }),
});

export type LiveStartRequest = z.infer<typeof liveStartSchema>;

/** Files the four-eyes request for a live start that `startRun` refused with `run.live_approval`. */
export async function requestLiveStart(approvals: ApprovalRequests, input: StartRunInput, ttlMs = DEFAULT_APPROVAL_TTL_MS): Promise<Result<ApprovalRequestView>> {
  const request: LiveStartRequest = {
    strategyId: input.strategyId, params: { ...input.params }, symbols: [...input.symbols], timeframe: input.timeframe, dataSource: input.dataSource,
    broker: input.broker ?? 'paper', channelId: input.channelId, requestedBy: { id: input.actor.id, name: input.actor.name },
    ...(input.adjustment === undefined ? {} : { adjustment: input.adjustment }),
    ...(input.cash === undefined ? {} : { cash: input.cash }),
    ...(input.sizing === undefined ? {} : { sizing: input.sizing }),
  };
  return approvals.request(input.workspace, 'live_run_start', request, { actor: input.actor, channelId: input.channelId, now: input.now }, ttlMs);
}

export interface LiveStartAnswered {
  readonly request: ApprovalRequestView;
  /** The run, when the answer approved it and it started. */
  readonly started: { readonly run: RunSummary; readonly nextIterationAt: number } | null;
}

/**
 * Records an admin's answer to a request; an approval of a live start starts the run. A request that is not a live
 * start is answered and returned as is (its own use-case acts on it).
 */
export async function answerApprovalRequest(
  deps: StartRunDeps & { readonly approvals: ApprovalRequests },
  workspace: WorkspaceRef, id: string, answer: { readonly approve: boolean; readonly role: Role }, by: ChangedBy,
): Promise<Result<LiveStartAnswered>> {
  const answered = await deps.approvals.answer(workspace, id, answer, by);
  if (!answered.ok) return answered;
  const request = answered.value;
  if (request.status !== 'approved' || request.kind !== 'live_run_start') return ok({ request, started: null });
  const asked = liveStartSchema.safeParse(request.payload);
  if (!asked.success) return fail('approval.corrupt', `Approval request ${id} was approved, but its run cannot be read (${firstIssueLine(asked.error)}): nothing was started`);
  const { requestedBy, channelId, ...start } = asked.data;
  const started = await startRun(deps, {
    ...start, workspace, channelId, now: by.now,
    actor: { id: requestedBy.id, name: requestedBy.name, role: 'trader' },
    approval: { id, approvedBy: by.actor.name },
  });
  if (!started.ok) return fail(started.error.code, `approval request ${id} was approved, but the run did not start: ${started.error.message}`);
  return ok({ request, started: started.value });
}
