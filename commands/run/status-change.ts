import { z } from 'zod';
import { defineCommand } from '../../src/app/chat/command.js';
import { opt } from '../../src/app/chat/command-options.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { errorReply } from '../../src/app/chat/reply.js';
import { changeRunStatus, stopRun, type StatusChanged } from '../../src/app/runs/lifecycle.js';
import { pausedLine } from '../../src/core/runs/decide-status.js';
import { runButtons, runFields } from '../../src/app/cards/run-card.js';

const options = z.object({
  run: opt.int('run number', { min: 1 }),
  reason: opt.string('why (recorded in the run history)').optional(),
});

function statusCommand(name: 'run pause' | 'run resume', to: 'paused' | 'running', description: string) {
  return defineCommand<DeskDeps, typeof options.shape>({
    name,
    description,
    role: 'trader',
    options,
    async run(ctx, o) {
      const moved = await changeRunStatus({ store: ctx.deps.runStore, leasing: ctx.deps.leasing }, {
        workspace: ctx.workspace, number: o.run, to, actor: ctx.actor, ...(o.reason === undefined ? {} : { reason: o.reason }), now: ctx.now(),
      });
      if (!moved.ok) return errorReply(`/${name}: ${moved.error.message}`);
      const said = [...(to === 'paused' ? [`${capitalised(pausedLine(moved.value.openPositions))}.`] : []), ...cancelledLines(moved.value)];
      return {
        kind: 'ok', title: `Run #${o.run} ${to === 'running' ? 'resumed' : to}`, ...(said.length === 0 ? {} : { text: said.join('\n') }),
        fields: runFields(moved.value.run), buttons: runButtons(o.run, moved.value.run.status),
      };
    },
  });
}

const capitalised = (line: string): string => `${line.charAt(0).toUpperCase()}${line.slice(1)}`;

function cancelledLines(changed: StatusChanged): string[] {
  return changed.cancelled.length === 0 ? [] : [`Cancelled ${changed.cancelled.map((c) => `the pending ${c.intent} ${c.side} ${c.symbol}`).join(', ')}.`];
}

export const runPauseCommand = statusCommand('run pause', 'paused', 'Pause a run: nothing new opens until it is resumed; open positions keep their stops, targets and time stops');
export const runResumeCommand = statusCommand('run resume', 'running', 'Resume a paused or halted run (a human decision)');

const stopOptions = options.extend({ flatten: opt.bool('close every open position at market first (asked when omitted)').optional() });

export const runStopCommand = defineCommand<DeskDeps, typeof stopOptions.shape>({
  name: 'run stop',
  description: 'Stop a run for good, optionally flattening its positions at market',
  role: 'trader',
  options: stopOptions,
  async run(ctx, o) {
    const run = await ctx.deps.runStore.getRun(ctx.workspace, o.run);
    if (!run.ok) return errorReply(`/run stop: ${run.error.message}`);
    const snap = await ctx.deps.runStore.loadSnapshot(run.value.id);
    if (!snap.ok) return errorReply(`/run stop: ${snap.error.message}`);
    const open = snap.value.positions.length;
    if (open > 0 && o.flatten === undefined) {
      return {
        kind: 'ok',
        changedNothing: true,
        title: `Run #${o.run} has ${open} open position${open === 1 ? '' : 's'}`,
        text: `${snap.value.positions.map((p) => `${p.symbol} ${p.qty > 0 ? 'long' : 'short'} ${Math.abs(p.qty)}`).join(', ')}. Flatten them at market, or stop and keep them?`,
        buttons: [
          { command: `/run stop run:${o.run} flatten:true`, label: 'Stop and flatten', style: 'danger' },
          { command: `/run stop run:${o.run} flatten:false`, label: 'Stop, keep positions', style: 'secondary' },
        ],
      };
    }
    // One change: positions closed (with flatten), pending orders cancelled and the status stopped, all or nothing.
    const moved = await stopRun({ store: ctx.deps.runStore, leasing: ctx.deps.leasing, marketData: ctx.deps.marketData, brokerFor: ctx.deps.brokerFor }, {
      workspace: ctx.workspace, number: o.run, actor: ctx.actor, ...(o.reason === undefined ? {} : { reason: o.reason }), now: ctx.now(), flatten: o.flatten === true,
    });
    if (!moved.ok) return errorReply(`/run stop: ${moved.error.message}`);
    const said = cancelledLines(moved.value);
    return {
      kind: 'ok', title: `Run #${o.run} stopped${o.flatten === true ? ' and flattened' : ''}`, ...(said.length === 0 ? {} : { text: said.join('\n') }),
      fields: runFields(moved.value.run), buttons: runButtons(o.run, moved.value.run.status),
    };
  },
});
