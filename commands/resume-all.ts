import { z } from 'zod';
import { defineCommand } from '../src/app/chat/command.js';
import type { DeskDeps } from '../src/app/desk/desk-deps.js';
import { resumeDesk } from '../src/app/runs/kill-switch.js';
import { errorReply, type ReplyField } from '../src/app/chat/reply.js';

const options = z.object({});

export const resumeAllCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'resume-all',
  description: 'Lift the kill switch and resume the runs /halt halted (runs halted by their own gates stay halted)',
  role: 'admin',
  options,
  async run(ctx) {
    const resumed = await resumeDesk({ admin: ctx.deps.workspaceAdmin, store: ctx.deps.runStore, leasing: ctx.deps.leasing }, {
      workspace: ctx.workspace, actor: ctx.actor, now: ctx.now(),
    });
    if (!resumed.ok) return errorReply(`/resume-all: ${resumed.error.message}`);
    const { lifted, runs, stillHalted } = resumed.value;
    const others = stillHalted.map((r) => `#${r.number} (${r.reason})`).join(', ');
    if (lifted === null && runs.length === 0) {
      return errorReply(`/resume-all: the desk is not halted${stillHalted.length === 0 ? '' : `; halted by their own gates: ${others} (resume each with /run resume run:<n>)`}`);
    }
    const moved = runs.filter((r) => r.refused === null);
    const refused = runs.filter((r) => r.refused !== null);
    const fields: ReplyField[] = [
      { name: 'Kill switch', value: lifted === null ? 'was already off' : `lifted (was: ${lifted.reason})` },
      { name: 'Runs resumed', value: moved.length === 0 ? 'none' : moved.map((r) => `#${r.number}`).join(', ') },
      ...(refused.length === 0 ? [] : [{ name: 'Not resumed', value: refused.map((r) => `#${r.number}: ${r.refused}`).join('; ') }]),
      ...(stillHalted.length === 0 ? [] : [{ name: 'Still halted', value: others }]),
    ];
    return {
      kind: 'ok',
      title: 'Desk resumed',
      fields,
      ...(stillHalted.length === 0 ? {} : { text: 'Runs halted by their own drawdown gate or circuit breaker stay halted: check each, then /run resume run:<n>.' }),
    };
  },
});
