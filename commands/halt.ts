import { z } from 'zod';
import { defineCommand } from '../src/app/chat/command.js';
import { opt } from '../src/app/chat/command-options.js';
import type { DeskDeps } from '../src/app/desk/desk-deps.js';
import { haltDesk } from '../src/app/runs/kill-switch.js';
import { cancelOpenOrders as cancelOpenOrders_ } from '../src/app/runs/broker-cancel.js';
import type { WorkspaceRef } from '../src/app/chat/command.js';
import { errorReply, type ReplyField } from '../src/app/chat/reply.js';

const options = z.object({ reason: opt.string('why (shown on every blocked entry and in each run\'s history)').optional() });

export const haltCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'halt',
  description: 'Kill switch: halt every running run and block new entries in this workspace until /resume-all',
  role: 'admin',
  positional: 'reason',
  options,
  async run(ctx, o) {
    const { ledger } = ctx.deps;
    const cancelOpenOrders = ledger === undefined ? undefined
      : (workspace: WorkspaceRef, reason: string, now: number) => cancelOpenOrders_({ store: ctx.deps.runStore, brokerFor: ctx.deps.brokerFor, ledger }, workspace, reason, () => now);
    const halted = await haltDesk({ admin: ctx.deps.workspaceAdmin, store: ctx.deps.runStore, leasing: ctx.deps.leasing, ...(cancelOpenOrders === undefined ? {} : { cancelOpenOrders }) }, {
      workspace: ctx.workspace, actor: ctx.actor, ...(o.reason === undefined ? {} : { reason: o.reason }), now: ctx.now(),
    });
    if (!halted.ok) return errorReply(`/halt: ${halted.error.message}`);
    const { killSwitch, already, runs } = halted.value;
    const moved = runs.filter((r) => r.refused === null);
    const refused = runs.filter((r) => r.refused !== null);
    const fields: ReplyField[] = [
      { name: 'Reason', value: killSwitch.reason, inline: true },
      { name: 'Since', value: `${new Date(killSwitch.haltedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`, inline: true },
      { name: 'Runs halted', value: moved.length === 0 ? 'none (no run was running)' : moved.map((r) => `#${r.number}`).join(', ') },
      ...(refused.length === 0 ? [] : [{ name: 'Not halted', value: refused.map((r) => `#${r.number}: ${r.refused}`).join('; ') }]),
      ...(halted.value.brokerOrders === null ? [] : [{ name: 'Broker orders cancelled', value: String(halted.value.brokerOrders.cancelled), inline: true }]),
      ...(halted.value.brokerOrders === null || halted.value.brokerOrders.failures.length === 0 ? []
        : [{ name: 'Not cancelled (check at the broker)', value: halted.value.brokerOrders.failures.join('; ') }]),
    ];
    return {
      kind: 'ok',
      title: already ? 'Desk already halted' : 'Desk halted',
      fields,
      text: 'New entries are blocked in every run of this workspace until an admin runs /resume-all.',
      buttons: [{ command: '/resume-all', label: 'Resume all', style: 'primary' }],
    };
  },
});
