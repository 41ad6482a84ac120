import { z } from 'zod';
import { defineCommand } from '../../src/app/chat/command.js';
import { opt } from '../../src/app/chat/command-options.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { errorReply } from '../../src/app/chat/reply.js';
import { answeredReply } from '../../src/app/cards/approval-card.js';
import { answerFourEyes } from '../../src/app/desk/answer-approval.js';
import { LIMITS } from '../../src/core/limits.js';
import { withBroker } from '../../src/core/runs/notification-events.js';

const options = z.object({
  id: opt.string('request id (from /approvals or the request\'s card)', { max: LIMITS.idLength }),
});

/** `/approval approve` and `/approval refuse`: a second admin's answer to a four-eyes request (never the requester's). */
function answerCommand(verb: 'approve' | 'refuse', description: string) {
  return defineCommand<DeskDeps, typeof options.shape>({
    name: `approval ${verb}`,
    description,
    role: 'admin',
    options,
    async run(ctx, o) {
      // Requests run on the wall clock: a --speed demo's clock never lapses a person's approval.
      const by = { actor: ctx.actor, channelId: ctx.channelId, now: ctx.deps.wallNow() };
      const answered = await answerFourEyes({ ...ctx.deps, store: ctx.deps.runStore }, ctx.workspace, o.id, { approve: verb === 'approve', role: ctx.actor.role }, by);
      if (!answered.ok) return errorReply(`/approval ${verb}: ${answered.error.message}`);
      const started = answered.value.started;
      if (started !== null) {
        const { run } = started;
        for (const draft of withBroker(run.manifest.broker, [{ eventType: 'run_started', dedupeKey: `${run.id}:started`, payload: { run: run.number, reason: `by ${run.createdBy}, approved by ${ctx.actor.name}` } }])) {
          await ctx.deps.notify(ctx.workspace, run.id, draft, ctx.now());
        }
      }
      return answeredReply(answered.value, ctx.actor.name);
    },
  });
}

export const approvalApproveCommand = answerCommand('approve', 'Approve another admin\'s request (a live start starts, looser limits apply); never your own (admin)');
export const approvalRefuseCommand = answerCommand('refuse', 'Refuse a request waiting for a second admin; nothing starts or changes (admin)');
