// Reconciliation on a real SQLite store: an open difference per workspace and account, recorded with its desk-channel
// notification in one transaction, changed in place while open, resolved once with who and how, every step audited;
// and RunStore.adjustPositions: a run's positions corrected with a compare-and-set, a history line and an audit entry.
import { describe, expect, it } from 'vitest';
import type { NotificationDraft } from '../../../src/app/runs/model.js';
import type { PositionDifference } from '../../../src/core/runs/reconcile.js';
import { createPrismaReconciliations } from '../../../src/store/reconcile/reconciliations.js';
import { createPrismaRunStore } from '../../../src/store/runs/store.js';
import { ensureWorkspace } from '../../../src/store/workspace/workspaces.js';
import { PAPER_ACCOUNT, position, startRunOn } from '../../helpers/reconcile-desk.js';
import { useMigratedStore } from '../helpers/repo.js';

const fixture = useMigratedStore('reconcile');
const NOW = Date.UTC(2026, 11, 7, 15);
const A = { platform: 'slack', externalId: 'T-a', name: 'A' } as const;
const B = { platform: 'slack', externalId: 'T-b', name: 'B' } as const;
const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const DIFF: PositionDifference[] = [{ symbol: 'AAPL', brokerQty: 12, deskQty: 10, held: [{ runId: 'r1', runNumber: 1, qty: 10 }], affected: [{ runId: 'r1', runNumber: 1 }] }];
const note = (at: number): NotificationDraft => ({ eventType: 'reconciliation_difference', dedupeKey: `reconcile:alpaca:paper:${at}`, payload: { broker: PAPER_ACCOUNT, lines: ['AAPL: ...'], halted: [1] } });

async function auditOf(externalId: string, prefix: string): Promise<string[]> {
  const ws = await ensureWorkspace(fixture.store.prisma, { ...A, externalId });
  const rows = await fixture.store.prisma.auditEntry.findMany({ where: { workspaceId: ws.id, action: { startsWith: prefix } }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
  return rows.map((r) => `${r.actor} ${r.action}`);
}

describe('reconciliation differences in the store', () => {
  it('records one open difference per account with its notification, changes it in place, resolves it once', async () => {
    const r = createPrismaReconciliations(fixture.store.prisma);
    expect(must(await r.open(A, 'alpaca:paper'))).toBeNull();
    const opened = must(await r.record(A, 'alpaca:paper', { differences: DIFF, notification: note(NOW), now: NOW }));
    expect(opened).toMatchObject({ account: 'alpaca:paper', differences: DIFF, openedAt: NOW, changedAt: NOW });
    const changed = [{ ...DIFF[0]!, brokerQty: 13 }];
    const again = must(await r.record(A, 'alpaca:paper', { differences: changed, notification: note(NOW + 5), now: NOW + 5 }));
    expect(again).toMatchObject({ id: opened.id, differences: changed, openedAt: NOW, changedAt: NOW + 5 });
    expect(must(await r.open(B, 'alpaca:paper'))).toBeNull();
    expect(must(await r.open(A, 'alpaca:live'))).toBeNull();
    expect(must(await r.allOpen())).toEqual([{ workspace: A, account: 'alpaca:paper' }]);

    const ws = await ensureWorkspace(fixture.store.prisma, A);
    const queued = await fixture.store.prisma.notification.findMany({ where: { workspaceId: ws.id }, orderBy: { createdAt: 'asc' } });
    expect(queued.map((n) => [n.eventType, n.runId, n.status])).toEqual([['reconciliation_difference', null, 'pending'], ['reconciliation_difference', null, 'pending']]);

    expect(must(await r.resolve(A, 'alpaca:paper', { by: 'u-ann', how: 'adopt', now: NOW + 9 }))).toBe(true);
    expect(must(await r.resolve(A, 'alpaca:paper', { by: 'u-bob', how: 'flatten', now: NOW + 10 }))).toBe(false);
    expect(must(await r.open(A, 'alpaca:paper'))).toBeNull();
    const row = await fixture.store.prisma.reconciliation.findUniqueOrThrow({ where: { id: opened.id } });
    expect(row).toMatchObject({ status: 'resolved', resolvedBy: 'u-ann', resolution: 'adopt', resolvedAt: new Date(NOW + 9) });
    expect(await auditOf('T-a', 'reconcile.')).toEqual(['desk reconcile.difference', 'desk reconcile.changed', 'u-ann reconcile.resolve']);

    // A new difference after that opens a new row.
    const next = must(await r.record(A, 'alpaca:paper', { differences: DIFF, notification: note(NOW + 20), now: NOW + 20 }));
    expect(next.id).not.toBe(opened.id);
  });

  it("keeps each account's cash baseline: taken once, moved by activities counted once from its cursor, and by an admin's adopt", async () => {
    const r = createPrismaReconciliations(fixture.store.prisma);
    const C = { ...A, externalId: 'T-cash' };
    expect(must(await r.cashBaseline(C, 'alpaca:paper'))).toBeNull();
    expect(await r.adoptCash(C, 'alpaca:paper', { delta: 1, by: 'u-ann', reason: 'x', now: NOW })).toMatchObject({ ok: false, error: { code: 'reconcile.no_baseline' } });
    expect(must(await r.startCash(C, 'alpaca:paper', { baseline: 1_000, cursor: null, now: NOW }))).toEqual({ baseline: 1_000, cursor: null });
    // Taken once: a second start (another reconciliation got there first) answers the stored one.
    expect(must(await r.startCash(C, 'alpaca:paper', { baseline: 5, cursor: 'z', now: NOW }))).toEqual({ baseline: 1_000, cursor: null });
    expect(must(await r.cashBaseline(C, 'alpaca:live'))).toBeNull();

    const activity = (id: string, type: string, amount: number) => ({ id, type, subType: null, amount, time: NOW, description: '', symbol: null });
    const deposit = { eventType: 'account_cash' as const, dedupeKey: 'cash:alpaca:paper:a1', payload: { broker: PAPER_ACCOUNT, lines: ['Deposit +$500.00 (CSD)'] } };
    const counted = must(await r.countCash(C, 'alpaca:paper', { from: null, activities: [activity('a1', 'CSD', 500), activity('a2', 'FEE', -0.25)], notification: deposit, now: NOW }));
    expect(counted).toEqual({ baseline: 1_499.75, cursor: 'a2' });
    // From a cursor that moved on (someone counted them already): nothing changes, nothing is posted twice.
    expect(must(await r.countCash(C, 'alpaca:paper', { from: null, activities: [activity('a1', 'CSD', 500)], notification: deposit, now: NOW }))).toEqual(counted);
    expect(must(await r.countCash(C, 'alpaca:paper', { from: 'a2', activities: [activity('a3', 'INT', 0.5)], notification: null, now: NOW }))).toEqual({ baseline: 1_500.25, cursor: 'a3' });
    expect(must(await r.adoptCash(C, 'alpaca:paper', { delta: -100.25, by: 'u-ann', reason: 'the wire fee', now: NOW }))).toEqual({ baseline: 1_400, cursor: 'a3' });

    const ws = await ensureWorkspace(fixture.store.prisma, C);
    const queued = await fixture.store.prisma.notification.findMany({ where: { workspaceId: ws.id } });
    expect(queued.map((n) => [n.eventType, n.dedupeKey])).toEqual([['account_cash', 'cash:alpaca:paper:a1']]);
    expect(await auditOf('T-cash', 'reconcile.')).toEqual(['desk reconcile.cash_baseline', 'desk reconcile.cash_activities', 'desk reconcile.cash_activities', 'u-ann reconcile.adopt_cash']);
  });

  it('adjustPositions: replaces the positions on the version read, cancels the orders named, writes history and audit', async () => {
    const runs = createPrismaRunStore(fixture.store.prisma);
    const ws = { ...A, externalId: 'T-adjust' };
    const run = await startRunOn(runs, ws, PAPER_ACCOUNT, ['AAPL', 'MSFT'], [position('AAPL', 10, 90, NOW), position('MSFT', 2, 300, NOW)], NOW);
    const snap = must(await runs.loadSnapshot(run.id));
    const stale = await runs.adjustPositions(run.id, { expectedVersion: snap.version - 1, positions: [], actor: 'u-ann', reason: 'x', action: 'reconcile.adopt', details: {}, now: NOW });
    expect(stale.ok ? null : stale.error.code).toBe('run.stale');
    must(await runs.adjustPositions(run.id, {
      expectedVersion: snap.version, positions: [position('AAPL', 13, 95, NOW)], actor: 'u-ann', reason: 'reconciliation: ann adopted AAPL', action: 'reconcile.adopt',
      details: { symbol: 'AAPL', from: 10, to: 13 }, now: NOW + 1,
    }));
    const after = must(await runs.loadSnapshot(run.id));
    expect(after.version).toBe(snap.version + 1);
    expect(after.positions.map((p) => [p.symbol, p.qty, p.avgPrice])).toEqual([['AAPL', 13, 95]]);
    const history = await fixture.store.prisma.reasoningEntry.findMany({ where: { runId: run.id }, orderBy: { at: 'asc' } });
    expect(history.map((h) => h.content)).toContain('reconciliation: ann adopted AAPL');
    expect(await auditOf('T-adjust', 'reconcile.')).toEqual(['u-ann reconcile.adopt']);
  });
});
