import { z } from 'zod';
import { defineCommand } from '../src/app/command.js';
import { opt } from '../src/app/command-options.js';
import type { DeskDeps } from '../src/app/desk-deps.js';
import { errorReply } from '../src/app/reply.js';
import type { AuditView } from '../src/app/workspace-settings.js';

const options = z.object({ limit: opt.int('how many entries, newest first (default 20)', { min: 1, max: 100 }).optional() });

const MAX_CELL = 60;
const cell = (s: string): string => (s.length > MAX_CELL ? `${s.slice(0, MAX_CELL - 1)}…` : s);
const when = (at: number): string => new Date(at).toISOString().slice(0, 16).replace('T', ' ');

/** Commands read as `/run stop` with their outcome; store entries as their dotted action and target. */
function actionAndResult(e: AuditView): [string, string] {
  if (e.action === 'command') {
    const name = `/${e.target ?? '?'}`;
    const message = e.details?.['message'];
    // Error replies start with the command's name, which the action column already shows.
    const text = typeof message !== 'string' ? 'failed' : message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message;
    return [name, e.details?.['outcome'] === 'error' ? `error: ${text}` : 'ok'];
  }
  return [e.action, e.target ?? '—'];
}

export const auditCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'audit',
  description: 'Show who changed what in this workspace, where and when, newest first',
  role: 'viewer',
  positional: 'limit',
  options,
  async run(ctx, o) {
    const limit = o.limit ?? 20;
    const entries = await ctx.deps.settings.listAudit(ctx.workspace, limit);
    if (!entries.ok) return errorReply(`/audit: ${entries.error.message}`);
    if (entries.value.length === 0) return { kind: 'ok', title: 'Audit log', text: 'Nothing has been changed in this workspace yet.' };
    return {
      kind: 'ok',
      title: `Audit log (last ${entries.value.length})`,
      table: {
        columns: ['when (UTC)', 'who', 'where', 'action', 'target / outcome'],
        rows: entries.value.map((e) => [when(e.at), cell(e.actorName ?? e.actor), cell(e.channel ?? '—'), ...actionAndResult(e).map(cell)]),
      },
    };
  },
});
