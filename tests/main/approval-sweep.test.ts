import { describe, expect, it } from 'vitest';
import { startApprovalSweep } from '../../src/main/approval-sweep.js';
import { fail, ok } from '../../src/core/domain/result.js';
import type { NotificationDraft } from '../../src/core/runs/notification-events.js';
import type { Notify } from '../../src/app/runs/lifecycle.js';
import { renderNotification } from '../../src/app/notifications/render.js';
import { createMemoryApprovals } from '../helpers/memory-approvals.js';

const WS = { platform: 'console', externalId: 'local', name: 'local desk' } as const;
const ann = { actor: { id: 'ann', name: 'ann', role: 'admin' as const }, channelId: 'console', now: 1_000 };

describe('the approval sweep', () => {
  it('lapses what nobody answered in time, once, and says so in the desk log', async () => {
    const approvals = createMemoryApprovals();
    await approvals.request(WS, 'live_run_start', {}, ann, 60_000);
    await approvals.request(WS, 'live_run_start', {}, ann, 600_000);
    let now = 61_000;
    const log: string[] = [];
    const sweep = startApprovalSweep({ approvals, realNow: () => now, log: (l) => log.push(l), everyMs: 3_600_000 });
    await sweep.sweep();
    await sweep.sweep();
    expect(log).toEqual(['approval request ap1 (a LIVE run start, asked by ann in local desk) lapsed without a second admin']);
    now = 601_000;
    await sweep.sweep();
    expect(log).toHaveLength(2);
    expect(approvals.all().map((r) => r.status)).toEqual(['expired', 'expired']);
    sweep.stop();
  });

  it('announces each lapse once in the channel it was asked in, through the outbox', async () => {
    const approvals = createMemoryApprovals();
    await approvals.request(WS, 'live_run_start', { channelId: 'C-ops', requestedBy: { id: 'ann', name: 'Ann Lee' } }, ann, 60_000);
    await approvals.request(WS, 'account_limit_loosen', {}, ann, 60_000);
    const queued: { workspace: string; runId: string | null; draft: NotificationDraft; now: number }[] = [];
    const notify: Notify = async (workspace, runId, draft, now) => (queued.push({ workspace: workspace.name, runId, draft, now }), ok(null));
    const sweep = startApprovalSweep({ approvals, notify, deskNow: () => 9_000_000, realNow: () => 61_000, log: () => undefined, everyMs: 3_600_000 });
    await sweep.sweep();
    await sweep.sweep();
    sweep.stop();
    expect(queued.map((q) => [q.workspace, q.runId, q.draft.dedupeKey, q.now])).toEqual([
      ['local desk', null, 'approval:ap1:lapsed', 9_000_000],
      ['local desk', null, 'approval:ap2:lapsed', 9_000_000],
    ]);
    expect(queued[0]!.draft.payload).toEqual({ id: 'ap1', kind: 'live_run_start', requestedBy: 'Ann Lee', lapsedAt: 61_000, channelId: 'C-ops' });
    const at = new Date(61_000).toISOString();
    expect(queued.map((q) => renderNotification(q.draft.eventType, q.draft.payload).text)).toEqual([
      `Approval request ap1 (LIVE run start by Ann Lee) lapsed unanswered at ${at}: nothing was started`,
      `Approval request ap2 (account limit loosen by ann) lapsed unanswered at ${at}: the account limits were not changed`,
    ]);
  });

  it('says in the desk log when a lapse could not be announced', async () => {
    const approvals = createMemoryApprovals();
    await approvals.request(WS, 'live_run_start', {}, ann, 60_000);
    const log: string[] = [];
    const sweep = startApprovalSweep({ approvals, notify: async () => fail('db.write_failed', 'disk full'), realNow: () => 61_000, log: (l) => log.push(l), everyMs: 3_600_000 });
    await sweep.sweep();
    sweep.stop();
    expect(log.at(-1)).toBe('approval request ap1: its lapse could not be announced: disk full');
  });

  it('keeps going when the store fails, saying so', async () => {
    const approvals = { ...createMemoryApprovals(), expireDue: async () => fail('db.read_failed', 'database is locked') };
    const log: string[] = [];
    const sweep = startApprovalSweep({ approvals, realNow: () => 0, log: (l) => log.push(l), everyMs: 3_600_000 });
    await sweep.sweep();
    expect(log).toEqual(['approval requests could not be lapsed: database is locked; trying again in a minute']);
    sweep.stop();
  });
});
