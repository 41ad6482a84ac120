// What a person sees after answering a four-eyes request: approved (and, for a live start, the run it started; for
// a loosening, the limits it applied), refused, or lapsed.
import { accountText } from '../../core/runs/run-broker.js';
import type { Reply } from '../chat/reply.js';
import type { ApprovalAnswered } from '../desk/answer-approval.js';
import { limitChanges, limitsTable } from './account-limits.js';
import { runButtons, runFields } from './run-card.js';

export function answeredReply({ request, started, limits }: ApprovalAnswered, by: string): Reply {
  const nothing = request.kind === 'account_limit_loosen' ? 'the account limits were not changed' : 'nothing was started';
  if (request.status === 'expired') {
    return { kind: 'error', text: `Request ${request.id} lapsed at ${new Date(request.expiresAt).toISOString()} without a second admin: ${nothing}` };
  }
  if (request.status === 'rejected') return { kind: 'ok', title: `Request ${request.id} refused by ${by}`, text: `${nothing[0]!.toUpperCase()}${nothing.slice(1)}.` };
  if (limits !== null) {
    const changed = limitChanges(limits.before, limits.after);
    return {
      kind: 'ok',
      title: `${accountText(limits.broker)} limits loosened: requested by ${limits.requestedBy}, approved by ${by}`,
      text: changed.length === 0 ? 'The limits already were these.' : changed.join('; '),
      table: limitsTable([{ name: accountText(limits.broker), limits: limits.after }]),
    };
  }
  if (started === null) return { kind: 'ok', title: `Request ${request.id} approved by ${by}` };
  const { run, nextIterationAt } = started;
  return {
    kind: 'ok',
    title: `LIVE Run #${run.number} started: requested by ${run.createdBy}, approved by ${by}`,
    fields: [...runFields(run), { name: 'Next iteration', value: new Date(nextIterationAt).toISOString(), inline: true }],
    buttons: runButtons(run.number, run.status),
  };
}
