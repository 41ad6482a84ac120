import { z } from 'zod';
import { defineCommand } from '../../src/app/chat/command.js';
import { opt } from '../../src/app/chat/command-options.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { errorReply } from '../../src/app/chat/reply.js';
import { answeredReply } from '../../src/app/cards/approval-card.js';
import { answerApprovalRequest } from '../../src/app/runs/live-start.js';
import { LIMITS } from '../../src/core/limits.js';

const options = z.object({
  id: opt.string('request id (from /approvals or the request\'s card)', { max: LIMITS.idLength }),
});

export const approvalRefuseCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'approval refuse',
  description: 'Refuse a request waiting for a second admin; nothing starts (admin)',
  role: 'admin',
  options,
  async run(ctx, o) {
    // Requests run on the wall clock: a --speed demo's clock never lapses a person's approval.
    const by = { actor: ctx.actor, channelId: ctx.channelId, now: ctx.deps.wallNow() };
    const answered = await answerApprovalRequest({ ...ctx.deps, store: ctx.deps.runStore }, ctx.workspace, o.id, { approve: false, role: ctx.actor.role }, by);
    if (!answered.ok) return errorReply(`/approval refuse: ${answered.error.message}`);
    return answeredReply(answered.value, ctx.actor.name);
  },
});
