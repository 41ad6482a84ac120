import { describe, expect, it } from 'vitest';
import { startApprovalSweep } from '../../src/main/approval-sweep.js';
import { fail } from '../../src/core/domain/result.js';
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

  it('keeps going when the store fails, saying so', async () => {
    const approvals = { ...createMemoryApprovals(), expireDue: async () => fail('db.read_failed', 'database is locked') };
    const log: string[] = [];
    const sweep = startApprovalSweep({ approvals, realNow: () => 0, log: (l) => log.push(l), everyMs: 3_600_000 });
    await sweep.sweep();
    expect(log).toEqual(['approval requests could not be lapsed: database is locked; trying again in a minute']);
    sweep.stop();
  });
});
