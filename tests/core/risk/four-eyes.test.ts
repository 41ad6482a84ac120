import { describe, expect, it } from 'vitest';
import { answerApproval, expiredApprovals, type ApprovalRequest } from '../../../src/core/risk/four-eyes.js';

const T0 = 1_000_000;
const request: ApprovalRequest = { id: 'a1', kind: 'live_run_start', requestedBy: 'ann', requestedAt: T0, expiresAt: T0 + 60_000, status: 'pending' };

describe('the four-eyes rule', () => {
  it('lets a second admin approve or refuse in time', () => {
    expect(answerApproval(request, { by: 'bob', role: 'admin', approve: true, at: T0 + 1_000 })).toEqual({ ok: true, value: { status: 'approved', by: 'bob', at: T0 + 1_000 } });
    expect(answerApproval(request, { by: 'bob', role: 'admin', approve: false, at: T0 + 1_000 })).toEqual({ ok: true, value: { status: 'rejected', by: 'bob', at: T0 + 1_000 } });
  });

  it('never lets the requester approve their own request, nor anyone but an admin', () => {
    const self = answerApproval(request, { by: 'ann', role: 'admin', approve: true, at: T0 + 1_000 });
    expect(self.ok ? null : self.error).toMatchObject({ code: 'approval.same_person', message: 'a live run start needs a second admin: the one who asked cannot approve it' });
    const trader = answerApproval(request, { by: 'cy', role: 'trader', approve: true, at: T0 + 1_000 });
    expect(trader.ok ? null : trader.error.code).toBe('approval.role');
  });

  it('expires a request nobody answered in time, and an answer after the deadline cannot revive it', () => {
    expect(answerApproval(request, { by: 'bob', role: 'admin', approve: true, at: T0 + 60_000 })).toEqual({ ok: true, value: { status: 'expired', at: T0 + 60_000 } });
    const later = { ...request, id: 'a2', expiresAt: T0 + 120_000 };
    expect(expiredApprovals([later, request, { ...request, id: 'a3', status: 'approved' }], T0 + 90_000).map((r) => r.id)).toEqual(['a1']);
  });

  it('refuses to decide a request twice', () => {
    const done = answerApproval({ ...request, status: 'approved' }, { by: 'bob', role: 'admin', approve: false, at: T0 + 1 });
    expect(done.ok ? null : done.error.code).toBe('approval.decided');
  });
});
