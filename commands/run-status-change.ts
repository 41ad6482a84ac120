import { z } from 'zod';
import { defineCommand } from '../src/app/command.js';
import { opt } from '../src/app/command-options.js';
import type { DeskDeps } from '../src/app/desk-deps.js';
import { errorReply } from '../src/app/reply.js';
import { changeRunStatus } from '../src/app/runs/lifecycle.js';
import { runFields } from './run-card.js';

const options = z.object({
  run: opt.int('run number', { min: 1 }),
  reason: opt.string('why (recorded in the run history)').optional(),
});

function statusCommand(name: 'run stop' | 'run pause' | 'run resume', to: 'stopped' | 'paused' | 'running', description: string) {
  return defineCommand<DeskDeps, typeof options.shape>({
    name,
    description,
    role: 'trader',
    options,
    async run(ctx, o) {
      const moved = await changeRunStatus({ store: ctx.deps.runStore, notify: ctx.deps.notify }, {
        workspace: ctx.workspace, number: o.run, to, actor: ctx.actor, ...(o.reason === undefined ? {} : { reason: o.reason }), now: ctx.now(),
      });
      if (!moved.ok) return errorReply(`/${name}: ${moved.error.message}`);
      return { kind: 'ok', title: `Run #${o.run} ${to === 'running' ? 'resumed' : to}`, fields: runFields(moved.value) };
    },
  });
}

export const runStopCommand = statusCommand('run stop', 'stopped', 'Stop a run for good (its positions stay as they are)');
export const runPauseCommand = statusCommand('run pause', 'paused', 'Pause a run: no iterations until it is resumed');
export const runResumeCommand = statusCommand('run resume', 'running', 'Resume a paused or halted run (a human decision)');
