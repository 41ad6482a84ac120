// What a person sees after answering a four-eyes request: approved (and, for a live start, the run it started),
// refused, or lapsed.
import type { Reply } from '../chat/reply.js';
import type { LiveStartAnswered } from '../runs/live-start.js';
import { runButtons, runFields } from './run-card.js';

export function answeredReply({ request, started }: LiveStartAnswered, by: string): Reply {
  if (request.status === 'expired') {
    return { kind: 'error', text: `Request ${request.id} lapsed at ${new Date(request.expiresAt).toISOString()} without a second admin: nothing was started` };
  }
  if (request.status === 'rejected') return { kind: 'ok', title: `Request ${request.id} refused by ${by}`, text: 'Nothing was started.' };
  if (started === null) return { kind: 'ok', title: `Request ${request.id} approved by ${by}` };
  const { run, nextIterationAt } = started;
  return {
    kind: 'ok',
    title: `LIVE Run #${run.number} started: requested by ${run.createdBy}, approved by ${by}`,
    fields: [...runFields(run), { name: 'Next iteration', value: new Date(nextIterationAt).toISOString(), inline: true }],
    buttons: runButtons(run.number, run.status),
  };
}
