// Reconciliation of a real broker account (src/app/reconcile): the broker's positions against the books of the
// workspace's runs on it. A difference is recorded once, halts the runs it concerns (through their leases, like
// /halt) and is posted ONCE to the desk channel; agreement changes nothing; an adopt or a flatten resolves it.
import { describe, expect, it } from 'vitest';
import { hasOpenDifference, reconcileAccount, reconcileAll, type ReconcileDeps } from '../../../src/app/reconcile/reconcile.js';
import { adoptPosition, flattenSymbol } from '../../../src/app/reconcile/resolve.js';
import { renderNotification } from '../../../src/app/notifications/render.js';
import { fail, ok } from '../../../src/core/domain/result.js';
import { createMemoryReconciliations } from '../../helpers/memory-reconciliations.js';
import { createMemoryRunStore } from '../../helpers/memory-run-store.js';
import { PAPER_ACCOUNT, position, startRunOn, stubAccount } from '../../helpers/reconcile-desk.js';
import { testLeasing } from '../../helpers/test-leasing.js';

const W = { platform: 'console', externalId: 'a', name: 'a' } as const;
const OTHER = { platform: 'console', externalId: 'b', name: 'b' } as const;
const NOW = Date.UTC(2024, 0, 2, 21);
const ADMIN = { id: 'u-ann', name: 'ann', role: 'admin' } as const;

function setup() {
  const store = createMemoryRunStore();
  const reconciliations = createMemoryReconciliations();
  const account = stubAccount();
  const deps: ReconcileDeps = {
    store, leasing: testLeasing(), reconciliations,
    accountBrokers: (b) => (b.account === 'paper' ? ok(account) : fail('broker.not_configured', 'no live account on this desk')),
  };
  const status = async (id: string) => {
    const snap = await store.loadSnapshot(id);
    if (!snap.ok) throw new Error(snap.error.message);
    return snap.value.run.status;
  };
  const book = async (id: string) => {
    const snap = await store.loadSnapshot(id);
    if (!snap.ok) throw new Error(snap.error.message);
    return snap.value.positions.map((p) => [p.symbol, p.qty, p.avgPrice]);
  };
  return { store, reconciliations, account, deps, status, book };
}

describe('reconcileAccount', () => {
  it('changes nothing when the broker holds what the runs hold together (runs at the internal broker do not count)', async () => {
    const s = setup();
    const one = await startRunOn(s.store, W, PAPER_ACCOUNT, ['AAPL', 'MSFT'], [position('AAPL', 10), position('MSFT', -3)]);
    const two = await startRunOn(s.store, W, PAPER_ACCOUNT, ['AAPL'], [position('AAPL', 5)]);
    await startRunOn(s.store, W, undefined, ['AAPL'], [position('AAPL', 99)]);
    s.account.set('AAPL', 15);
    s.account.set('MSFT', -3);
    const r = await reconcileAccount(s.deps, { workspace: W, broker: PAPER_ACCOUNT, now: NOW });
    expect(r.ok && r.value).toMatchObject({ open: false, recorded: false, resolved: false, halted: [] });
    expect(r.ok && r.value.runs.map((x) => x.number)).toEqual([1, 2]);
    expect(s.reconciliations.rows).toEqual([]);
    expect(s.reconciliations.posted).toEqual([]);
    expect([await s.status(one.id), await s.status(two.id)]).toEqual(['running', 'running']);
    expect((await hasOpenDifference(s.deps, W, PAPER_ACCOUNT))).toEqual(ok(false));
  });

  it('a position changed outside the desk: the runs it concerns are halted, ONE desk post lists every difference, recorded once', async () => {
    const s = setup();
    const one = await startRunOn(s.store, W, PAPER_ACCOUNT, ['AAPL', 'MSFT'], [position('AAPL', 10)]);
    const two = await startRunOn(s.store, W, PAPER_ACCOUNT, ['MSFT'], []);
    const three = await startRunOn(s.store, W, PAPER_ACCOUNT, ['TSLA'], [position('TSLA', 2)]);
    s.account.set('AAPL', 12);
    s.account.set('MSFT', 4);
    s.account.set('TSLA', 2);
    const r = await reconcileAccount(s.deps, { workspace: W, broker: PAPER_ACCOUNT, now: NOW });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({ open: true, recorded: true, halted: [{ number: 1, refused: null }, { number: 2, refused: null }] });
    expect(r.value.reconciliation.differences.map((d) => [d.symbol, d.brokerQty, d.deskQty])).toEqual([['AAPL', 12, 10], ['MSFT', 4, 0]]);
    expect([await s.status(one.id), await s.status(two.id), await s.status(three.id)]).toEqual(['halted', 'halted', 'running']);
    const reasons = s.store.transitions.map((t) => [t.runId, t.to, t.actor, t.reason]);
    expect(reasons).toEqual([
      [one.id, 'halted', 'desk', 'reconciliation: the Alpaca paper account differs from the desk: AAPL: the broker holds 12, the desk 10 (Run #1 10); halts Run #1; MSFT: the broker holds 4, the desk 0 (no run holds it); halts Run #1, Run #2'],
      [two.id, 'halted', 'desk', 'reconciliation: the Alpaca paper account differs from the desk: MSFT: the broker holds 4, the desk 0 (no run holds it); halts Run #1, Run #2'],
    ]);
    expect(s.reconciliations.posted).toHaveLength(1);
    const post = s.reconciliations.posted[0]!;
    expect(post.eventType).toBe('reconciliation_difference');
    expect(renderNotification(post.eventType, post.payload)).toEqual({
      kind: 'ok',
      title: 'Reconciliation: the Alpaca paper account differs from the desk',
      text: [
        'AAPL: the broker holds 12, the desk 10 (Run #1 10); halts Run #1',
        'MSFT: the broker holds 4, the desk 0 (no run holds it); halts Run #1, Run #2',
        'halted Run #1, Run #2; nothing trades on this account until it agrees (/reconcile: an admin adopts or flattens).',
      ].join('\n'),
    });
    expect(await hasOpenDifference(s.deps, W, PAPER_ACCOUNT)).toEqual(ok(true));
    expect(await hasOpenDifference(s.deps, OTHER, PAPER_ACCOUNT)).toEqual(ok(false));

    // The same difference found again (every iteration reconciles): not recorded, not posted, nobody halted twice.
    const again = await reconcileAccount(s.deps, { workspace: W, broker: PAPER_ACCOUNT, now: NOW + 60_000 });
    expect(again.ok && again.value).toMatchObject({ open: true, recorded: false, halted: [] });
    expect(s.reconciliations.posted).toHaveLength(1);
    expect(s.reconciliations.rows).toHaveLength(1);
    expect(s.store.transitions).toHaveLength(2);

    // It changes (another share outside the desk): recorded and posted again, the same open difference.
    s.account.set('AAPL', 13);
    const changed = await reconcileAccount(s.deps, { workspace: W, broker: PAPER_ACCOUNT, now: NOW + 120_000 });
    expect(changed.ok && changed.value).toMatchObject({ open: true, recorded: true, openDifference: { openedAt: NOW, changedAt: NOW + 120_000 } });
    expect(s.reconciliations.posted).toHaveLength(2);
    expect(s.reconciliations.rows).toHaveLength(1);
  });

  it('counts fills in flight as the run\'s own, a paused run is halted too, a stopped run only while it holds something', async () => {
    const s = setup();
    const one = await startRunOn(s.store, W, PAPER_ACCOUNT, ['AAPL'], [position('AAPL', 10)]);
    const paused = await startRunOn(s.store, W, PAPER_ACCOUNT, ['AAPL'], [position('AAPL', 1)]);
    await s.store.transition(paused.id, 'paused', 'ann', 'check', 0);
    const stopped = await startRunOn(s.store, W, PAPER_ACCOUNT, ['AAPL'], [position('AAPL', 2)]);
    await s.store.transition(stopped.id, 'stopped', 'ann', 'done', 0);
    const emptyStopped = await startRunOn(s.store, W, PAPER_ACCOUNT, ['AAPL']);
    await s.store.transition(emptyStopped.id, 'stopped', 'ann', 'done', 0);
    s.account.set('AAPL', 18);
    const inFlight = { positions: new Map([[one.id, new Map([['AAPL', 5]])]]), cash: new Map<string, number>() };
    const agrees = await reconcileAccount(s.deps, { workspace: W, broker: PAPER_ACCOUNT, now: NOW, inFlight });
    expect(agrees.ok && agrees.value.open).toBe(false);
    expect(agrees.ok && agrees.value.runs.map((r) => r.number)).toEqual([1, 2, 3]);

    const differs = await reconcileAccount(s.deps, { workspace: W, broker: PAPER_ACCOUNT, now: NOW });
    expect(differs.ok && differs.value.halted).toEqual([{ number: 1, refused: null }, { number: 2, refused: null }]);
    expect([await s.status(one.id), await s.status(paused.id), await s.status(stopped.id)]).toEqual(['halted', 'halted', 'stopped']);
  });

  it('an account that agrees again resolves its open difference (the runs stay halted for a human)', async () => {
    const s = setup();
    const one = await startRunOn(s.store, W, PAPER_ACCOUNT, ['AAPL'], [position('AAPL', 10)]);
    s.account.set('AAPL', 11);
    await reconcileAccount(s.deps, { workspace: W, broker: PAPER_ACCOUNT, now: NOW });
    s.account.set('AAPL', 10);
    const r = await reconcileAccount(s.deps, { workspace: W, broker: PAPER_ACCOUNT, now: NOW + 1 });
    expect(r.ok && r.value).toMatchObject({ open: false, resolved: true });
    expect(s.reconciliations.rows[0]).toMatchObject({ status: 'resolved', resolvedBy: 'desk', resolution: 'agreed' });
    expect(await s.status(one.id)).toBe('halted');
    expect(await hasOpenDifference(s.deps, W, PAPER_ACCOUNT)).toEqual(ok(false));
  });

  it('a broker that cannot be read is a failure: nothing recorded, nobody halted', async () => {
    const s = setup();
    const one = await startRunOn(s.store, W, PAPER_ACCOUNT, ['AAPL'], [position('AAPL', 10)]);
    s.account.down = 'Alpaca did not answer';
    const r = await reconcileAccount(s.deps, { workspace: W, broker: PAPER_ACCOUNT, now: NOW });
    expect(r).toEqual(fail('broker.unreachable', 'Alpaca did not answer'));
    expect(await s.status(one.id)).toBe('running');
    expect(s.reconciliations.rows).toEqual([]);
  });
});

describe('reconcileAll (desk start)', () => {
  it('reconciles every workspace and account with runs at a real broker; one failing does not stop the others', async () => {
    const s = setup();
    await startRunOn(s.store, W, PAPER_ACCOUNT, ['AAPL'], [position('AAPL', 10)]);
    const b = await startRunOn(s.store, OTHER, PAPER_ACCOUNT, ['MSFT'], [position('MSFT', 1)]);
    await startRunOn(s.store, OTHER, { name: 'alpaca', account: 'live' }, ['MSFT']);
    await startRunOn(s.store, OTHER, undefined, ['IBM'], [position('IBM', 1)]);
    s.account.set('AAPL', 10);
    const all = await reconcileAll(s.deps, NOW);
    if (!all.ok) throw new Error(all.error.message);
    expect(all.value.map((a) => [a.workspace.externalId, `${a.broker.name}:${a.broker.account}`, a.result.ok ? (a.result.value.open ? 'differs' : 'agrees') : a.result.error.code])).toEqual([
      ['a', 'alpaca:paper', 'agrees'],
      ['b', 'alpaca:live', 'broker.not_configured'],
      ['b', 'alpaca:paper', 'differs'],
    ]);
    // (one stub account serves both workspaces here: b's desk does not know a's AAPL, and holds MSFT the broker has not)
    expect(await s.status(b.id)).toBe('halted');
  });
});

describe('adopt and flatten', () => {
  it('adopt: the run takes the broker\'s view (avg price the broker\'s), the difference resolves, the runs stay halted', async () => {
    const s = setup();
    const one = await startRunOn(s.store, W, PAPER_ACCOUNT, ['AAPL', 'MSFT'], [position('AAPL', 10, 90), position('MSFT', 1)]);
    const two = await startRunOn(s.store, W, PAPER_ACCOUNT, ['AAPL'], [position('AAPL', 5)]);
    s.account.set('AAPL', 18, 95);
    s.account.set('MSFT', 1);
    s.store.adjustments.length = 0;
    const adopted = await adoptPosition(s.deps, { workspace: W, broker: PAPER_ACCOUNT, symbol: 'AAPL', number: 1, actor: ADMIN, now: NOW });
    if (!adopted.ok) throw new Error(adopted.error.message);
    expect(adopted.value).toMatchObject({ from: 10, to: 13, after: { open: false, resolved: true } });
    expect(await s.book(one.id)).toEqual([['AAPL', 13, 95], ['MSFT', 1, 100]]);
    expect(await s.book(two.id)).toEqual([['AAPL', 5, 100]]);
    expect(s.store.adjustments).toEqual([expect.objectContaining({ runId: one.id, actor: 'u-ann', action: 'reconcile.adopt' })]);
    expect(s.store.adjustments[0]!.reason).toBe("reconciliation: ann adopted the broker's view of AAPL (the broker holds 18): 10 -> 13");
    expect(s.reconciliations.rows[0]).toMatchObject({ status: 'resolved', resolvedBy: 'u-ann', resolution: 'adopt' });
    expect([await s.status(one.id), await s.status(two.id)]).toEqual(['halted', 'halted']);
  });

  it('adopt: a position the run did not hold starts at the broker\'s price; adopting 0 removes it; a run not concerned is refused', async () => {
    const s = setup();
    const one = await startRunOn(s.store, W, PAPER_ACCOUNT, ['AAPL', 'MSFT'], [position('MSFT', 4)]);
    await startRunOn(s.store, W, PAPER_ACCOUNT, ['IBM']);
    s.account.set('AAPL', 3, 180);
    const refused = await adoptPosition(s.deps, { workspace: W, broker: PAPER_ACCOUNT, symbol: 'AAPL', number: 2, actor: ADMIN, now: NOW });
    expect(refused.ok ? null : refused.error.message).toBe('Run #2 neither holds nor trades AAPL on this account; adopt into one of #1');
    const agreeing = await adoptPosition(s.deps, { workspace: W, broker: PAPER_ACCOUNT, symbol: 'IBM', number: 2, actor: ADMIN, now: NOW });
    expect(agreeing.ok ? null : agreeing.error.code).toBe('reconcile.no_difference');
    const a = await adoptPosition(s.deps, { workspace: W, broker: PAPER_ACCOUNT, symbol: 'AAPL', number: 1, actor: ADMIN, now: NOW });
    expect(a.ok && a.value.after.open).toBe(true); // MSFT still differs
    expect(await s.book(one.id)).toEqual([['AAPL', 3, 180], ['MSFT', 4, 100]]);
    const b = await adoptPosition(s.deps, { workspace: W, broker: PAPER_ACCOUNT, symbol: 'MSFT', number: 1, actor: ADMIN, now: NOW });
    expect(b.ok && b.value).toMatchObject({ from: 4, to: 0, after: { open: false, resolved: true } });
    expect(await s.book(one.id)).toEqual([['AAPL', 3, 180]]);
  });

  it('flatten: ONE market order closes the broker\'s whole position, every run drops it, the difference resolves', async () => {
    const s = setup();
    const one = await startRunOn(s.store, W, PAPER_ACCOUNT, ['AAPL'], [position('AAPL', 10)]);
    const two = await startRunOn(s.store, W, PAPER_ACCOUNT, ['AAPL', 'MSFT'], [position('AAPL', 5), position('MSFT', 2)]);
    s.account.set('AAPL', 20);
    s.account.set('MSFT', 2);
    const found = await reconcileAccount(s.deps, { workspace: W, broker: PAPER_ACCOUNT, now: NOW });
    const openedAt = found.ok ? found.value.openDifference?.openedAt : null;
    const done = await flattenSymbol(s.deps, { workspace: W, broker: PAPER_ACCOUNT, symbol: 'AAPL', actor: ADMIN, now: NOW + 5 });
    if (!done.ok) throw new Error(done.error.message);
    expect(s.account.submitted).toEqual([{ clientOrderId: `recon:console-a:AAPL:${openedAt}`, symbol: 'AAPL', side: 'sell', qty: 20 }]);
    expect(done.value).toMatchObject({ filled: true, cleared: [{ number: 1, qty: 10 }, { number: 2, qty: 5 }], refused: [], after: { open: false, resolved: true } });
    expect([await s.book(one.id), await s.book(two.id)]).toEqual([[], [['MSFT', 2, 100]]]);
    expect(s.reconciliations.rows[0]).toMatchObject({ status: 'resolved', resolvedBy: 'u-ann', resolution: 'flatten' });
  });

  it('flatten with the market closed: the order waits, the books drop the position, the difference stays open until it fills', async () => {
    const s = setup();
    const one = await startRunOn(s.store, W, PAPER_ACCOUNT, ['AAPL'], [position('AAPL', 10)]);
    s.account.set('AAPL', -4);
    s.account.market.open = false;
    const done = await flattenSymbol(s.deps, { workspace: W, broker: PAPER_ACCOUNT, symbol: 'AAPL', actor: ADMIN, now: NOW });
    if (!done.ok) throw new Error(done.error.message);
    expect(done.value).toMatchObject({ filled: false, order: { side: 'buy', qty: 4, status: 'accepted' }, after: { open: true } });
    expect(await s.book(one.id)).toEqual([]);
    // Asked again: the same client order id, so no second order.
    const again = await flattenSymbol(s.deps, { workspace: W, broker: PAPER_ACCOUNT, symbol: 'AAPL', actor: ADMIN, now: NOW + 1 });
    expect(again.ok).toBe(true);
    expect(s.account.submitted).toHaveLength(1);
    // The order fills at the open: the next reconciliation finds agreement and resolves it.
    s.account.set('AAPL', 0);
    const r = await reconcileAccount(s.deps, { workspace: W, broker: PAPER_ACCOUNT, now: NOW + 3_600_000 });
    expect(r.ok && r.value).toMatchObject({ open: false, resolved: true });
  });
});
