// Cash reconciliation at Alpaca (the fake Alpaca through the real SDK and the desk's wiring): the account's cash must
// be its baseline plus what the runs' fills moved. A fill's cash is its run's (in flight or applied), a deposit or a
// fee Alpaca lists is the account's (a deposit is posted to the desk channel, a fee only audited), and cash that moved
// with neither is a difference: recorded, posted, the runs halted, until an admin adopts the broker's cash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../src/app/chat/command.js';
import { dispatch } from '../../../src/app/chat/dispatch.js';
import type { DeskDeps } from '../../../src/app/desk/desk-deps.js';
import { renderNotification } from '../../../src/app/notifications/render.js';
import { inFlightFills } from '../../../src/app/runs/broker-orders.js';
import { iterateRun, type RunDeps } from '../../../src/app/runs/iterate.js';
import { startRun } from '../../../src/app/runs/start-run.js';
import { loadEnv } from '../../../src/config/env.js';
import type { DeskBrokers } from '../../../src/main/desk-brokers.js';
import { createDeskDeps } from '../../../src/main/desk-deps.js';
import { createDeskReconcile, type DeskReconcile } from '../../../src/main/desk-reconcile.js';
import { createBrokerAccounts, dispatchBrokerFor } from '../../../src/main/run-brokers.js';
import type { Store } from '../../../src/store/db/client.js';
import { createPrismaRunStore } from '../../../src/store/runs/store.js';
import type { FakeAlpaca } from '../../fakes/alpaca/fake-alpaca.js';
import { ALPACA_KEYS, calendars, DAY, marketData, openAlpacaBrokerDesk, runInput, session, START, startDeps, WORKSPACE, type AlpacaBrokerDesk } from '../../helpers/alpaca-runs.js';
import { createTempDir } from '../../store/helpers/repo.js';

const KEYS = ALPACA_KEYS;
const ALPACA = { name: 'alpaca', account: 'paper' } as const;
const tmp = createTempDir('alpaca-cash');

let fake: FakeAlpaca;
let store: Store;
let brokers: DeskBrokers;
let deps: RunDeps;
let desk: DeskDeps;
let reconcile: DeskReconcile;

const ctx = (): CommandContext<DeskDeps> => ({ workspace: WORKSPACE, actor: { id: 'u-admin', name: 'ann', role: 'admin' }, channelId: 'console', now: () => Date.now(), deps: desk });

async function alpacaCash(): Promise<number> {
  const res = await fetch(`${fake.url}/v2/account`, { headers: { 'APCA-API-KEY-ID': KEYS.keyId, 'APCA-API-SECRET-KEY': KEYS.secretKey } });
  return Number(((await res.json()) as { cash: string }).cash);
}

async function reconciled(): Promise<void> {
  reconcile.request(WORKSPACE, ALPACA);
  await reconcile.stop();
}

async function until(done: () => Promise<boolean>): Promise<void> {
  for (let k = 0; k < 200 && !(await done()); k++) await new Promise((r) => setTimeout(r, 10));
}

const openDifferences = () => store.prisma.reconciliation.count({ where: { status: 'open' } });
const runStatus = async (id: string) => (await store.prisma.run.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;

let opened: AlpacaBrokerDesk;
beforeAll(async () => {
  const url = tmp.url('desk.db');
  opened = await openAlpacaBrokerDesk(url);
  ({ store, fake, brokers } = opened);
  fake.trading.activity('CSD', 100_000, { description: 'the first deposit, before the desk' });
  fake.trading.setCash(100_000);
  const runStore = createPrismaRunStore(store.prisma);
  const env = loadEnv({ DATABASE_URL: url, APCA_API_KEY_ID: KEYS.keyId, APCA_API_SECRET_KEY: KEYS.secretKey, APCA_API_BASE_URL: fake.url });
  if (!env.ok) throw new Error(env.error.message);
  desk = createDeskDeps(env.value, store, { runStore, brokers: brokers.real, ledger: brokers.ledger });
  reconcile = createDeskReconcile({ deps: desk, ledger: brokers.ledger, now: () => Date.now(), log: () => undefined, settleMs: 0 })!;
  deps = { store: runStore, marketData, brokerFor: dispatchBrokerFor(brokers.real), ledger: brokers.ledger, calendars, sendGuard: reconcile.guard };
});

afterAll(async () => {
  await opened.close();
  tmp.remove();
});

describe('cash reconciliation at Alpaca', () => {
  it("explains the cash by the runs' fills and the activities Alpaca lists; cash moved by neither halts the runs until adopted", async () => {
    const started = await startRun({ ...startDeps, store: deps.store, brokers: createBrokerAccounts({ APCA_API_KEY_ID: KEYS.keyId, APCA_API_SECRET_KEY: KEYS.secretKey }, brokers.real) },
      { ...runInput(['SIM'], 'yahoo'), broker: 'alpaca' });
    if (!started.ok) throw new Error(started.error.message);
    const runId = started.value.run.id;
    // The first reconciliation takes the account's cash as its own: what happened before the desk is not counted.
    await reconciled();
    expect(await store.prisma.accountCash.findMany({ select: { account: true, baseline: true } })).toEqual([{ account: 'alpaca:paper', baseline: 100_000 }]);

    // Trading: every close reconciles, with the fills of the open in flight (bought, not yet in the book) and applied.
    let fills = 0;
    let lookedInFlight = false;
    let close = START + DAY;
    for (; close < START + 200 * DAY && fills < 3; close += DAY) {
      const sent = await store.prisma.order.count({ where: { runId, brokerStatus: 'accepted' } });
      await session(fake, ['SIM'], close);
      if (!lookedInFlight && sent > 0) {
        // Filled at the open, applied by the book only at the close: a person's /reconcile meanwhile agrees.
        await until(async () => (await store.prisma.order.count({ where: { runId, brokerStatus: 'accepted' } })) === 0);
        const flying = await inFlightFills(brokers.ledger, [runId]);
        expect(flying.ok && flying.value.cash.get(runId)).not.toBe(0);
        expect((await dispatch(desk.commands, '/reconcile', ctx())).title).toBe('Reconciliation: the broker agrees');
        lookedInFlight = true;
      }
      const res = await iterateRun(deps, runId, close, close + 1_000);
      if (!res.ok) throw new Error(res.error.message);
      if (res.value.kind === 'committed') fills += res.value.fills;
      await reconciled();
      expect(await openDifferences(), new Date(close).toISOString()).toBe(0);
    }
    expect(fills).toBeGreaterThanOrEqual(3);
    expect(lookedInFlight).toBe(true);
    const snap = await deps.store.loadSnapshot(runId);
    if (!snap.ok) throw new Error(snap.error.message);
    // Alpaca's cash is the baseline plus the run's cash change, its fills in flight (filled after the last close) included.
    const inFlight = await inFlightFills(brokers.ledger, [runId]);
    if (!inFlight.ok) throw new Error(inFlight.error.message);
    expect(await alpacaCash()).toBeCloseTo(100_000 + (snap.value.state.cash - 100_000) + (inFlight.value.cash.get(runId) ?? 0), 6);
    expect(snap.value.state.cash).not.toBe(100_000);

    // A deposit and a sell's TAF fee, as Alpaca lists them: the account's, not a difference.
    fake.trading.activity('CSD', 25_000, { description: 'ACH deposit' });
    fake.trading.activity('FEE', -0.03, { subType: 'TAF', symbol: 'SIM', description: 'TAF fee' });
    await reconciled();
    expect(await openDifferences()).toBe(0);
    expect(await runStatus(runId)).toBe('running');
    const notes = await store.prisma.notification.findMany({ where: { eventType: 'account_cash' } });
    expect(notes.map((n) => renderNotification('account_cash', n.payload))).toEqual([{
      kind: 'ok', title: 'Cash moved on the Alpaca paper account',
      text: "Deposit +$25,000.00 (CSD, ACH deposit)\nReconciliation counts it as the account's: the runs' books are unchanged.",
    }]);
    expect(await store.prisma.accountCash.findFirstOrThrow({ select: { baseline: true } })).toEqual({ baseline: 125_000 - 0.03 });
    const audited = await store.prisma.auditEntry.findMany({ where: { action: 'reconcile.cash_activities' } });
    expect(audited).toHaveLength(1);
    expect(JSON.stringify(audited[0]!.details)).toContain('TAF');
    // Counted once: reconciling again posts nothing and moves nothing.
    await reconciled();
    expect(await store.prisma.notification.count({ where: { eventType: 'account_cash' } })).toBe(1);
    expect(await store.prisma.accountCash.findFirstOrThrow({ select: { baseline: true } })).toEqual({ baseline: 125_000 - 0.03 });

    // $500 leaves the account with no fill and no activity: a difference, posted once, the run halted.
    const cash = await alpacaCash();
    fake.trading.setCash(cash - 500);
    await reconciled();
    expect(await openDifferences()).toBe(1);
    expect(await runStatus(runId)).toBe('halted');
    const posted = await store.prisma.notification.findMany({ where: { eventType: 'reconciliation_difference' } });
    expect(posted).toHaveLength(1);
    expect(renderNotification('reconciliation_difference', posted[0]!.payload).text).toMatch(/^cash: the broker has \$[\d,.]+, the desk expects \$[\d,.]+ \(the account's \$124,999\.97, Run #1 [-+]\$[\d,.]+\): -\$500\.00 unexplained; halts Run #1\n/);
    expect(renderNotification('reconciliation_difference', posted[0]!.payload).text).toContain('cash is adopted with /reconcile action:adopt symbol:$CASH once you know where it went');
    const look = await dispatch(desk.commands, '/reconcile', ctx());
    expect(look.table?.rows.map((r) => r[0])).toEqual(['$CASH']);
    // Nothing is sent while it is open.
    const sentBefore = fake.trading.orders.length;
    expect((await dispatch(desk.commands, '/reconcile action:flatten symbol:$CASH', ctx())).kind).toBe('error');
    expect(fake.trading.orders.length).toBe(sentBefore);

    // An admin who found where it went adopts the broker's cash: the account agrees again; the run stays halted.
    const adopted = await dispatch(desk.commands, '/reconcile action:adopt symbol:$CASH', ctx());
    expect(adopted.text?.split('\n')).toEqual([
      "The account's cash baseline moved by -$500.00; no run's book changed.",
      'Alpaca paper account agrees with the desk: the difference is resolved.',
      'Run #1 stays halted until a human resumes it (/run resume run:1).',
    ]);
    expect(await store.prisma.accountCash.findFirstOrThrow({ select: { baseline: true } })).toEqual({ baseline: 124_499.97 });
    expect(await store.prisma.auditEntry.count({ where: { action: 'reconcile.adopt_cash', actor: 'u-admin' } })).toBe(1);
    expect(await openDifferences()).toBe(0);
    expect((await dispatch(desk.commands, '/reconcile', ctx())).title).toBe('Reconciliation: the broker agrees');
  }, 120_000);
});
