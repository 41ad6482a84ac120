// /reconcile: anyone may look (each real account reconciled now: a table of differences, or "agrees"); an admin acts:
// action:adopt symbol:X run:N (run N takes the broker's view), action:flatten symbol:X (one market order closes the
// broker's position, every run drops it). Without runs at a real broker: one line.
import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../src/core/domain/result.js';
import { fakeDesk, FAKE_NOW } from '../helpers/fake-desk.js';
import { createMemoryReconciliations } from '../helpers/memory-reconciliations.js';
import { createMemoryRunStore } from '../helpers/memory-run-store.js';
import { PAPER_ACCOUNT, position, startRunOn, stubAccount } from '../helpers/reconcile-desk.js';

const W = { platform: 'console', externalId: 'a', name: 'a' } as const;

function desk() {
  const runStore = createMemoryRunStore();
  const account = stubAccount();
  const reconciliations = createMemoryReconciliations();
  const d = fakeDesk({ runStore, reconciliations, accountBrokers: (b) => (b.account === 'paper' ? ok(account) : fail('broker.not_configured', 'no live account')) });
  const status = async (id: string) => {
    const snap = await runStore.loadSnapshot(id);
    if (!snap.ok) throw new Error(snap.error.message);
    return snap.value;
  };
  return { ...d, store: runStore, account, reconciliations, status };
}

describe('/reconcile', () => {
  it('says in one line that nothing trades at a real broker (no run there, or no broker configured at all)', async () => {
    const d = desk();
    await startRunOn(d.store, W, undefined, ['AAPL'], [position('AAPL', 1)]);
    expect(await d.run('/reconcile')).toEqual({ kind: 'ok', text: 'No run trades at a real broker in this workspace: there is nothing to reconcile.', changedNothing: true });
    const bare = fakeDesk();
    expect((await bare.run('/reconcile')).text).toBe('No run trades at a real broker in this workspace: there is nothing to reconcile.');
    await startRunOn(bare.runStore, W, PAPER_ACCOUNT, ['AAPL']);
    expect(await bare.run('/reconcile')).toEqual({ kind: 'error', text: '/reconcile: runs of this workspace trade at Alpaca paper account, but this desk has no real broker configured (APCA_* keys)' });
  });

  it('shows "agrees" when the account matches the books', async () => {
    const d = desk();
    await startRunOn(d.store, W, PAPER_ACCOUNT, ['AAPL'], [position('AAPL', 10)]);
    d.account.set('AAPL', 10);
    const r = await d.run('/reconcile', d.ctx('a', 'viewer'));
    expect(r).toEqual({ kind: 'ok', title: 'Reconciliation: the broker agrees', text: 'Alpaca paper account: agrees with the desk (1 run; cash $1,000,000.00).' });
  });

  it('a viewer sees the differences as a table (and the look itself halts the runs concerned), but may not act', async () => {
    const d = desk();
    const one = await startRunOn(d.store, W, PAPER_ACCOUNT, ['AAPL', 'MSFT'], [position('AAPL', 10)]);
    await startRunOn(d.store, W, PAPER_ACCOUNT, ['MSFT'], [position('MSFT', 2)]);
    d.account.set('AAPL', 12);
    const r = await d.run('/reconcile', d.ctx('a', 'viewer'));
    expect(r.title).toBe('Reconciliation: Alpaca paper account differs from the desk');
    expect(r.table).toEqual({ columns: ['symbol', 'broker qty', 'desk qty', 'runs'], rows: [['AAPL', '12', '10', '#1 10'], ['MSFT', '0', '2', '#2 2']], alignRight: [1, 2] });
    expect(r.text).toContain('Halted now: #1, #2.');
    expect((await d.status(one.id)).run.status).toBe('halted');
    expect(d.reconciliations.posted).toHaveLength(1);

    for (const role of ['viewer', 'trader'] as const) {
      expect(await d.run('/reconcile action:adopt symbol:AAPL run:1', d.ctx('a', role))).toEqual({ kind: 'error', text: `/reconcile: action:adopt needs the admin role; you are ${role}` });
      expect(await d.run('/reconcile action:flatten symbol:AAPL', d.ctx('a', role))).toEqual({ kind: 'error', text: `/reconcile: action:flatten needs the admin role; you are ${role}` });
    }
    expect(d.account.submitted).toEqual([]);
    // Seen again: the same difference, not posted again.
    expect((await d.run('/reconcile')).text).not.toContain('Halted now');
    expect(d.reconciliations.posted).toHaveLength(1);
  });

  it('refuses bad input with one line', async () => {
    const d = desk();
    await startRunOn(d.store, W, PAPER_ACCOUNT, ['AAPL'], [position('AAPL', 10)]);
    await startRunOn(d.store, W, undefined, ['AAPL'], [position('AAPL', 10)]);
    const said = async (line: string) => (await d.run(line)).text;
    expect(await said('/reconcile symbol:AAPL')).toBe('/reconcile: symbol: and run: go with action:adopt or action:flatten');
    expect(await said('/reconcile action:adopt run:1')).toBe('/reconcile: action:adopt needs symbol:, e.g. /reconcile action:adopt symbol:AAPL run:2');
    expect(await said('/reconcile action:adopt symbol:AAPL')).toBe("/reconcile: action:adopt needs run: (the run that takes the broker's view)");
    expect(await said('/reconcile action:flatten symbol:AAPL run:1')).toBe("/reconcile: action:flatten closes the broker's whole position and clears every run's; run: is for action:adopt");
    expect(await said('/reconcile action:sell symbol:AAPL')).toMatch(/^\/reconcile: .*action.*expected one of adopt, flatten/);
    expect(await said('/reconcile action:adopt symbol:$$$ run:1')).toMatch(/expected a ticker symbol like AAPL/);
    expect(await said('/reconcile action:adopt symbol:AAPL run:9')).toBe('/reconcile: Run #9 does not exist in this workspace');
    expect(await said('/reconcile action:adopt symbol:AAPL run:2')).toBe('/reconcile: Run #2 trades at the internal paper broker; there is no broker account to adopt from');
    d.account.set('AAPL', 10);
    expect(await said('/reconcile action:adopt symbol:aapl run:1')).toBe("/reconcile: AAPL agrees: the broker and the desk's runs hold the same quantity");
  });

  it('cash that moved with no fill is a difference: shown, halting, then adopted by the account with symbol:$CASH (never flattened, never a run\'s)', async () => {
    const d = desk();
    const one = await startRunOn(d.store, W, PAPER_ACCOUNT, ['AAPL'], [position('AAPL', 10)]);
    d.account.set('AAPL', 10);
    // The first look takes the account's cash as its own.
    expect((await d.run('/reconcile')).text).toBe('Alpaca paper account: agrees with the desk (1 run; cash $1,000,000.00).');
    d.account.cash -= 250.5; // gone with no fill, and this broker lists no activities
    const r = await d.run('/reconcile', d.ctx('a', 'viewer'));
    expect(r.table).toEqual({ columns: ['symbol', 'broker qty', 'desk qty', 'runs'], rows: [['$CASH', '$999,749.50', '$1,000,000.00', 'account $1,000,000.00']], alignRight: [1, 2] });
    expect(r.text).toContain('Halted now: #1.');
    expect(r.text).toContain('then /reconcile action:adopt symbol:$CASH (the account takes the broker\'s cash)');
    expect((await d.status(one.id)).run.status).toBe('halted');
    expect(d.reconciliations.posted.map((p) => p.payload)).toEqual([{
      broker: PAPER_ACCOUNT, halted: [1],
      lines: ["cash: the broker has $999,749.50, the desk expects $1,000,000.00 (the account's $1,000,000.00): -$250.50 unexplained; halts Run #1"],
    }]);

    expect((await d.run('/reconcile action:flatten symbol:$CASH')).text)
      .toBe("/reconcile: Cash cannot be flattened: once you know where it went, adopt the broker's cash with /reconcile action:adopt symbol:$CASH");
    expect((await d.run('/reconcile action:adopt symbol:$CASH run:1')).text).toBe("/reconcile: the cash is the account's, not a run's: /reconcile action:adopt symbol:$CASH takes no run:");
    expect((await d.run('/reconcile action:adopt symbol:$cash', d.ctx('a', 'trader'))).text).toBe('/reconcile: action:adopt needs the admin role; you are trader');
    expect(d.account.submitted).toEqual([]);

    const adopted = await d.run('/reconcile action:adopt symbol:$cash');
    expect(adopted).toEqual({
      kind: 'ok',
      title: "The Alpaca paper account adopted the broker's cash",
      text: [
        "The account's cash baseline moved by -$250.50; no run's book changed.",
        'Alpaca paper account agrees with the desk: the difference is resolved.',
        'Run #1 stays halted until a human resumes it (/run resume run:1).',
      ].join('\n'),
    });
    expect([...d.reconciliations.cash.values()]).toEqual([{ baseline: 999_749.5, cursor: null }]);
    expect(d.reconciliations.audit.filter((a) => a.action === 'reconcile.adopt_cash')).toEqual([{ actor: 'u', action: 'reconcile.adopt_cash', target: 'alpaca:paper' }]);
    expect(d.reconciliations.rows[0]).toMatchObject({ status: 'resolved', resolvedBy: 'u', resolution: 'adopt' });
    expect((await d.run('/reconcile action:adopt symbol:$CASH')).text).toBe('/reconcile: the cash agrees: the broker has what the desk expects');
  });

  it('action:adopt: the run takes the broker\'s view; the reply says the runs stay halted until resumed', async () => {
    const d = desk();
    const one = await startRunOn(d.store, W, PAPER_ACCOUNT, ['AAPL'], [position('AAPL', 10)]);
    d.account.set('AAPL', 12, 101.5);
    await d.run('/reconcile');
    const r = await d.run('/reconcile action:adopt symbol:AAPL run:1');
    expect(r).toEqual({
      kind: 'ok',
      title: "Run #1 adopted the broker's view of AAPL",
      text: [
        "Run #1 holds 12 AAPL (was 10) at the broker's average price 101.50; its cash is unchanged.",
        'Alpaca paper account agrees with the desk: the difference is resolved.',
        'Run #1 stays halted until a human resumes it (/run resume run:1).',
      ].join('\n'),
    });
    expect((await d.status(one.id)).positions.map((p) => [p.symbol, p.qty, p.avgPrice])).toEqual([['AAPL', 12, 101.5]]);
    expect(d.store.adjustments.at(-1)).toMatchObject({ actor: 'u', action: 'reconcile.adopt' });
    expect(d.reconciliations.rows[0]).toMatchObject({ status: 'resolved', resolvedBy: 'u', resolution: 'adopt' });
    // Audited by the desk's wrapper too (an admin's action through a viewer command).
    const audit = await d.settings.listAudit(W, 5);
    expect(audit.ok && audit.value.map((e) => [e.action, e.target])).toContainEqual(['command', 'reconcile']);
  });

  it('action:flatten: one order at the broker, every run drops the symbol; with the market closed it says so and stays open', async () => {
    const d = desk();
    const one = await startRunOn(d.store, W, PAPER_ACCOUNT, ['AAPL'], [position('AAPL', 10)]);
    const two = await startRunOn(d.store, W, PAPER_ACCOUNT, ['AAPL'], [position('AAPL', 5)]);
    d.account.set('AAPL', 16);
    d.account.market = { open: true, price: 99.25 };
    const r = await d.run('/reconcile action:flatten symbol:AAPL', d.ctx('a', 'admin', FAKE_NOW + 10));
    expect(r.title).toBe('Flattened AAPL on the Alpaca paper account');
    expect(r.text?.split('\n')).toEqual([
      `Order recon:console-a:AAPL:${FAKE_NOW + 10}: sell 16 AAPL filled at 99.25.`,
      'Dropped from the books of Run #1 (10), Run #2 (5).',
      "Its cash (+$1,588.00) is the account's, not a run's.",
      'Alpaca paper account agrees with the desk: the difference is resolved.',
      'Runs #1, #2 stay halted until a human resumes each (/run resume run:<n>).',
    ]);
    expect([(await d.status(one.id)).positions, (await d.status(two.id)).positions]).toEqual([[], []]);
    expect(d.account.submitted).toHaveLength(1);

    const e = desk();
    await startRunOn(e.store, W, PAPER_ACCOUNT, ['MSFT'], [position('MSFT', 3)]);
    e.account.set('MSFT', 5);
    e.account.market.open = false;
    const closed = await e.run('/reconcile action:flatten symbol:MSFT');
    expect(closed.text?.split('\n').slice(0, 3)).toEqual([
      `Order recon:console-a:MSFT:${FAKE_NOW}: sell 5 MSFT is accepted but not filled (the market may be closed): the difference stays open until it fills. `
        + 'Its cash then shows as unexplained: adopt it with /reconcile action:adopt symbol:$CASH.',
      'Dropped from the books of Run #1 (3).',
      'The account still differs from the desk:',
    ]);
    expect(e.reconciliations.rows[0]?.status).toBe('open');
  });
});
