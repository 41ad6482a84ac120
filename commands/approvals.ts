import { z } from 'zod';
import { defineCommand } from '../src/app/chat/command.js';
import type { DeskDeps } from '../src/app/desk/desk-deps.js';
import { errorReply } from '../src/app/chat/reply.js';
import { approvalLapsedDraft } from '../src/app/notifications/approval-lapsed.js';

const options = z.object({});

/** What waits for a second admin: each request with who asked and until when (lapsed ones are expired first). */
export const approvalsCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'approvals',
  description: 'Requests waiting for a second admin (a live run start, an account limit loosen), oldest first',
  role: 'viewer',
  options,
  async run(ctx) {
    // Requests run on the wall clock: a --speed demo's clock never lapses a person's approval.
    const lapsed = await ctx.deps.approvals.expireDue(ctx.deps.wallNow());
    if (!lapsed.ok) return errorReply(`/approvals: ${lapsed.error.message}`);
    // Each lapse is announced where it was asked, as the desk's sweep would (once: the notice is keyed by request).
    for (const r of lapsed.value) await ctx.deps.notify(r.workspace, null, approvalLapsedDraft(r), ctx.now());
    const pending = await ctx.deps.approvals.pending(ctx.workspace);
    if (!pending.ok) return errorReply(`/approvals: ${pending.error.message}`);
    if (pending.value.length === 0) return { kind: 'ok', title: 'Approvals', text: 'Nothing waits for a second admin.' };
    return {
      kind: 'ok',
      title: 'Waiting for a second admin',
      table: {
        columns: ['id', 'what', 'asked by', 'lapses at'],
        rows: pending.value.map((r) => [r.id, r.kind === 'live_run_start' ? 'LIVE run start' : 'account limit loosen', r.requestedBy, new Date(r.expiresAt).toISOString()]),
      },
      buttons: pending.value.slice(0, 5).map((r) => ({ command: `/approval approve id:${r.id}`, label: `Approve ${r.id}`, style: 'danger' as const })),
    };
  },
});
