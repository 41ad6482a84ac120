// Reconciliation against the real Alpaca adapter (src/broker/alpaca, through the SDK) on the fake Alpaca: the desk's
// books agree with the account until a position is changed outside the desk; then the runs concerned are halted and
// the difference is posted once; a flatten closes it with one order at Alpaca.
import { afterAll, describe, expect, it } from 'vitest';
import { reconcileAccount, type ReconcileDeps } from '../../../src/app/reconcile/reconcile.js';
import { flattenSymbol } from '../../../src/app/reconcile/resolve.js';
import { createAlpacaBroker, type AlpacaBroker } from '../../../src/broker/alpaca/alpaca-broker.js';
import { fail, ok } from '../../../src/core/domain/result.js';
import { startFakeAlpaca, type FakeAlpaca } from '../../fakes/alpaca/fake-alpaca.js';
import { createMemoryReconciliations } from '../../helpers/memory-reconciliations.js';
import { createMemoryRunStore } from '../../helpers/memory-run-store.js';
import { PAPER_ACCOUNT, position, startRunOn } from '../../helpers/reconcile-desk.js';
import { testLeasing } from '../../helpers/test-leasing.js';

const KEYS = { keyId: 'key-id', secretKey: 'secret' };
const W = { platform: 'console', externalId: 'a', name: 'a' } as const;
const NOW = Date.UTC(2024, 0, 2, 21);

let fake: FakeAlpaca | undefined;
let broker: AlpacaBroker | undefined;
afterAll(async () => {
  broker?.close();
  await fake?.close();
});

describe('reconciliation on the Alpaca adapter (fake Alpaca)', () => {
  it('agrees with the books, then a position changed outside the desk halts the run and is posted once; a flatten closes it', async () => {
    fake = await startFakeAlpaca(KEYS);
    fake.trading.setCash(100_000);
    broker = createAlpacaBroker({ ...KEYS, baseUrl: fake.url, account: 'paper', retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined }, pollMs: 60_000 });
    const alpaca = broker;
    const store = createMemoryRunStore();
    const reconciliations = createMemoryReconciliations();
    const deps: ReconcileDeps = { store, leasing: testLeasing(), reconciliations, accountBrokers: (b) => (b.account === 'paper' ? ok(alpaca) : fail('broker.not_configured', 'no live account')) };
    const one = await startRunOn(store, W, PAPER_ACCOUNT, ['AAA'], [position('AAA', 10, 50)]);
    const two = await startRunOn(store, W, PAPER_ACCOUNT, ['BBB'], [position('BBB', 4, 20)]);
    fake.trading.setPosition('AAA', 10, 50);
    fake.trading.setPosition('BBB', 4, 20);

    const agrees = await reconcileAccount(deps, { workspace: W, broker: PAPER_ACCOUNT, now: NOW });
    expect(agrees.ok && agrees.value.open).toBe(false);

    fake.trading.setPosition('AAA', 15, 51); // bought outside the desk
    const differs = await reconcileAccount(deps, { workspace: W, broker: PAPER_ACCOUNT, now: NOW + 1 });
    if (!differs.ok) throw new Error(differs.error.message);
    expect(differs.value.reconciliation.differences.map((d) => [d.symbol, d.brokerQty, d.deskQty])).toEqual([['AAA', 15, 10]]);
    expect(differs.value.halted).toEqual([{ number: 1, refused: null }]);
    const status = async (id: string) => ((await store.loadSnapshot(id)) as { ok: true; value: { run: { status: string } } }).value.run.status;
    expect([await status(one.id), await status(two.id)]).toEqual(['halted', 'running']);
    expect(reconciliations.posted.map((p) => p.payload)).toEqual([
      { broker: PAPER_ACCOUNT, lines: ['AAA: the broker holds 15, the desk 10 (Run #1 10); halts Run #1'], halted: [1] },
    ]);
    await reconcileAccount(deps, { workspace: W, broker: PAPER_ACCOUNT, now: NOW + 2 });
    expect(reconciliations.posted).toHaveLength(1);

    fake.trading.open({ AAA: 52 });
    const flattened = await flattenSymbol(deps, { workspace: W, broker: PAPER_ACCOUNT, symbol: 'AAA', actor: { id: 'u-ann', name: 'ann', role: 'admin' }, now: NOW + 3 });
    if (!flattened.ok) throw new Error(flattened.error.message);
    expect(fake.trading.orders.map((o) => [o.client_order_id, o.side, o.qty])).toEqual([[`recon:console-a:AAA:${NOW + 1}`, 'sell', 15]]);
    expect(flattened.value).toMatchObject({ filled: true, cleared: [{ number: 1, qty: 10 }], after: { open: false, resolved: true } });
  });
});
