import { z } from 'zod';
import { defineCommand } from '../src/app/chat/command.js';
import { opt } from '../src/app/chat/command-options.js';
import type { DeskDeps } from '../src/app/desk/desk-deps.js';
import { errorReply } from '../src/app/chat/reply.js';
import type { AuditView } from '../src/app/workspace/ports.js';

const options = z.object({ limit: opt.int('how many entries, newest first (default 20)', { min: 1, max: 100 }).optional() });

const MAX_CELL = 60;
/** A command line with its options is the longest cell; longer ones end in … (the entry keeps them whole). */
const MAX_COMMAND_CELL = 90;
const cell = (s: string, max = MAX_CELL): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const when = (at: number): string => new Date(at).toISOString().slice(0, 16).replace('T', ' ');

/**
 * Commands read as they were typed (`/run stop run:2 flatten:true`) with what they did (`Run #2 stopped`); store
 * entries as their dotted action and what it applied to, named as people know it (a run by its number, a rule or a
 * proposal by its id), never by an internal row id.
 */
function actionAndResult(e: AuditView): [string, string] {
  const d = e.details ?? {};
  if (e.action === 'command') {
    const name = `/${e.target ?? '?'}`;
    const given = typeof d['options'] === 'object' && d['options'] !== null ? commandOptions(d['options']) : '';
    const line = given === '' ? name : `${name} ${given}`;
    if (d['outcome'] === 'error') {
      const message = d['message'];
      // Error replies start with the command's name, which the action column already shows.
      const text = typeof message !== 'string' ? 'failed' : message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message;
      return [line, `error: ${text}`];
    }
    return [line, typeof d['result'] === 'string' ? d['result'] : 'ok'];
  }
  return [e.action, storeTarget(e)];
}

function storeTarget(e: AuditView): string {
  const d = e.details ?? {};
  switch (e.action) {
    case 'run.rules': {
      // Entries name the run's row id; its number is in the details.
      const run = typeof d['run'] === 'number' ? `Run #${d['run']}` : e.target ?? '—';
      return typeof d['change'] === 'string' ? `${run}: ${d['change']}` : run;
    }
    case 'rule.add':
    case 'rule.toggle':
    case 'rule.remove':
      return e.target === null ? '—' : `rule ${e.target}`;
    case 'proposal.approve':
    case 'proposal.reject':
      return `proposal ${e.target ?? '?'}${typeof d['rule'] === 'string' ? ` (rule ${d['rule']})` : ''}`;
    default:
      return e.target ?? '—';
  }
}

/** Parsed options back as `name:value` words: lists with commas, k=v pairs, quotes around values with spaces. */
function commandOptions(options: object): string {
  return Object.entries(options).map(([k, v]) => `${k}:${optionText(v)}`).join(' ');
}

function optionText(v: unknown): string {
  if (Array.isArray(v)) return v.map(optionText).join(',');
  if (typeof v === 'object' && v !== null) return Object.entries(v).map(([k, x]) => `${k}=${optionText(x)}`).join(',');
  const text = String(v);
  return /[\s"']/.test(text) || text === '' ? JSON.stringify(text) : text;
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
        rows: entries.value.map((e) => {
          const [action, result] = actionAndResult(e);
          return [when(e.at), cell(e.actorName ?? e.actor), cell(e.channel ?? '—'), cell(action, MAX_COMMAND_CELL), cell(result)];
        }),
      },
    };
  },
});
