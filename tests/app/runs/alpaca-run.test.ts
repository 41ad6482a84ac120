// A paper run at Alpaca (the fake Alpaca, through the real SDK and the desk's wiring, src/main/desk-brokers.ts): its
// orders are sized at the close that decided them, recorded as intended, sent right after the commit, filled by the
// market at the next open, recorded from the trade-updates stream and applied by the book at the next close. The
// broker and the run's book agree at every close; each order exists once at the broker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iterateRun, type RunDeps } from '../../../src/app/runs/iterate.js';
import { startRun } from '../../../src/app/runs/start-run.js';
import { CANCELLED_AT_CLOSE, SIZED_TO_NOTHING } from '../../../src/app/runs/broker-orders.js';
import { renderNotification } from '../../../src/app/notifications/render.js';
import type { DeskBrokers } from '../../../src/main/desk-brokers.js';
import { accountBrokersOf, createBrokerAccounts, dispatchBrokerFor } from '../../../src/main/run-brokers.js';
import type { Store } from '../../../src/store/db/client.js';
import { loadEnv } from '../../../src/config/env.js';
import { createDeskDeps } from '../../../src/main/desk-deps.js';
import { dispatch } from '../../../src/app/chat/dispatch.js';
import { createDeskReconcile } from '../../../src/main/desk-reconcile.js';
import { accountGateGuard, allGuards } from '../../../src/main/send-guards.js';
import { createPrismaAccountRisk } from '../../../src/store/account/account-risk.js';
import { createPrismaRunStore } from '../../../src/store/runs/store.js';
import type { FakeAlpaca } from '../../fakes/alpaca/fake-alpaca.js';
import { createTempDir } from '../../store/helpers/repo.js';
import { ALPACA_KEYS, calendars, DAY, marketData, openAlpacaBrokerDesk, runInput, session as openSession, simBar as bar, START, startDeps, type AlpacaBrokerDesk } from '../../helpers/alpaca-runs.js';

const KEYS = ALPACA_KEYS;
const tmp = createTempDir('alpaca-run');

let fake: FakeAlpaca;
let store: Store;
let brokers: DeskBrokers;
let deps: RunDeps;
const logged: string[] = [];

async function start(symbols: readonly string[], sizing = { kind: 'percent' as const, pct: 20 }): Promise<string> {
  const started = await startRun({
    ...startDeps, store: createPrismaRunStore(store.prisma), brokers: createBrokerAccounts({ APCA_API_KEY_ID: 'key-id', APCA_API_SECRET_KEY: 'secret' }, brokers.real),
  }, { ...runInput(symbols, 'yahoo'), broker: 'alpaca', sizing });
  if (!started.ok) throw new Error(started.error.message);
  return started.value.run.id;
}

const session = (symbols: readonly string[], close: number, options: { partial?: number } = {}) => openSession(fake, symbols, close, options);

async function brokerPositions(): Promise<Record<string, number>> {
  const res = await fetch(`${fake.url}/v2/positions`, { headers: { 'APCA-API-KEY-ID': KEYS.keyId, 'APCA-API-SECRET-KEY': KEYS.secretKey } });
  const rows = (await res.json()) as { symbol: string; qty: string }[];
  return Object.fromEntries(rows.map((r) => [r.symbol, Number(r.qty)]));
}

async function bookPositions(runId: string): Promise<Record<string, number>> {
  const snap = await createPrismaRunStore(store.prisma).loadSnapshot(runId);
  if (!snap.ok) throw new Error(snap.error.message);
  return Object.fromEntries(snap.value.positions.map((p) => [p.symbol, p.qty]));
}

let desk: AlpacaBrokerDesk;
beforeAll(async () => {
  desk = await openAlpacaBrokerDesk(tmp.url('desk.db'), (l) => logged.push(l));
  ({ store, fake, brokers } = desk);
  deps = {
    store: createPrismaRunStore(store.prisma), marketData, brokerFor: dispatchBrokerFor(brokers.real), ledger: brokers.ledger,
    calendars,
  };
});

afterAll(async () => {
  await desk.close();
  tmp.remove();
});

describe('a paper run at Alpaca', () => {
  it('sends its orders after the close, fills at the next open, and its book equals the broker at every close', async () => {
    const symbols = ['SIM'];
    const runId = await start(symbols);
    let fills = 0;
    for (let close = START + DAY; close < START + 160 * DAY && fills < 4; close += DAY) {
      await session(symbols, close);
      const res = await iterateRun(deps, runId, close, close + 1_000);
      if (!res.ok) throw new Error(res.error.message);
      expect(res.value.kind).toBe('committed');
      if (res.value.kind === 'committed') fills += res.value.fills;
      expect(await bookPositions(runId)).toEqual(await brokerPositions());
    }
    expect(fills).toBeGreaterThanOrEqual(2);
    // Every order once at Alpaca, under the desk's client order id; every one the desk sent filled there.
    const ids = fake.trading.orders.map((o) => o.client_order_id);
    expect(new Set(ids).size).toBe(ids.length);
    const orders = await store.prisma.order.findMany({ where: { runId, brokerStatus: { not: null } }, orderBy: { createdAt: 'asc' } });
    expect(orders.length).toBe(ids.length);
    for (const o of orders) expect(ids).toContain(o.clientOrderId);
    // The book applied the broker's prices (the bar's open at the fake), and each fill was posted to the run's thread.
    const bookFills = await store.prisma.fill.findMany({ where: { runId }, include: { order: true } });
    for (const f of bookFills) {
      const atBroker = fake.trading.orders.find((o) => o.client_order_id === f.order.clientOrderId)!;
      expect(f.price).toBe(atBroker.filled_avg_price);
      expect(f.qty).toBe(atBroker.filled_qty);
    }
    const posted = await store.prisma.notification.findMany({ where: { runId, eventType: 'broker_order' } });
    expect(posted.length).toBeGreaterThanOrEqual(bookFills.length);
    expect(renderNotification('broker_order', posted[0]!.payload).text).toMatch(/^Run #\d+ \[Alpaca paper account\]: Alpaca paper filled (buy|sell) \d+ SIM @ /);
    // The iteration's own notifications name the broker too.
    const filled = await store.prisma.notification.findMany({ where: { runId, eventType: 'order_filled' } });
    expect(filled.length).toBe(bookFills.length);
    expect(filled.every((n) => (n.payload as { broker?: unknown }).broker !== undefined)).toBe(true);
  }, 60_000);

  it('cancels an order still open at the next close and applies its partial fill', async () => {
    const symbols = ['SIMB'];
    const runId = await start(symbols);
    let partial = false;
    for (let close = START + DAY; close < START + 160 * DAY && !partial; close += DAY) {
      const intended = await store.prisma.order.count({ where: { runId, brokerStatus: 'accepted' } });
      // The first order sent fills only one unit at the open; the desk cancels the rest at the close.
      await session(symbols, close, intended > 0 ? { partial: 1 } : {});
      const res = await iterateRun(deps, runId, close, close + 1_000);
      if (!res.ok) throw new Error(res.error.message);
      partial = intended > 0;
      expect(await bookPositions(runId)).toEqual(await brokerPositions().then((p) => ({ ...(p.SIMB === undefined ? {} : { SIMB: p.SIMB }) })));
    }
    expect(partial).toBe(true);
    const cancelled = await store.prisma.order.findFirstOrThrow({ where: { runId, brokerStatus: 'cancelled' } });
    expect(cancelled.brokerFilledQty).toBe(1);
    expect(cancelled.brokerReason).toBe(CANCELLED_AT_CLOSE);
    expect(await bookPositions(runId)).toEqual({ SIMB: 1 });
  }, 60_000);

  it('reconciles after an iteration: a fill in flight is no difference; a position changed outside the desk halts the run, cancels its orders and holds the next ones', async () => {
    const symbols = ['SIMD'];
    const runId = await start(symbols);
    const env = loadEnv({ DATABASE_URL: tmp.url('desk.db'), APCA_API_KEY_ID: KEYS.keyId, APCA_API_SECRET_KEY: KEYS.secretKey, APCA_API_BASE_URL: fake.url });
    if (!env.ok) throw new Error(env.error.message);
    const desk = createDeskDeps(env.value, store, { runStore: deps.store, brokers: brokers.real, ledger: brokers.ledger });
    const reconcile = createDeskReconcile({ deps: desk, ledger: brokers.ledger, now: () => Date.now(), log: (l) => logged.push(l), settleMs: 0 })!;
    const guarded: RunDeps = { ...deps, sendGuard: reconcile.guard };
    const workspace = { platform: 'console' as const, externalId: 'local', name: 'Local' };
    const alpaca = { name: 'alpaca' as const, account: 'paper' as const };
    // Iterate until an order is sent, then let it fill at once (the market is open): the book applies it only at the
    // next close, and meanwhile the account agrees with the desk (the fill counts as in flight).
    let close = START + DAY;
    for (; close < START + 160 * DAY; close += DAY) {
      await session(symbols, close);
      const res = await iterateRun(guarded, runId, close, close + 1_000);
      if (!res.ok) throw new Error(res.error.message);
      if ((await store.prisma.order.count({ where: { runId, brokerStatus: 'accepted' } })) > 0) break;
    }
    const sent = await store.prisma.order.findFirstOrThrow({ where: { runId, brokerStatus: 'accepted' } });
    fake.trading.open({ SIMD: (await bar('SIMD', close)).open });
    for (let k = 0; k < 100 && (await store.prisma.order.findUniqueOrThrow({ where: { id: sent.id } })).brokerStatus !== 'filled'; k++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await bookPositions(runId)).toEqual({});
    reconcile.request(workspace, alpaca);
    await reconcile.stop();
    expect(await store.prisma.reconciliation.count({ where: { status: 'open' } })).toBe(0);
    fake.trading.closeMarket();
    // Someone sells part of it at Alpaca, outside the desk.
    close += DAY;
    const res = await iterateRun(guarded, runId, close, close + 1_000);
    if (!res.ok) throw new Error(res.error.message);
    const held = (await bookPositions(runId)).SIMD!;
    expect(held).toBeGreaterThan(1);
    fake.trading.setPosition('SIMD', held - 1, 100);
    reconcile.request(workspace, alpaca);
    await reconcile.stop();
    expect(await store.prisma.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } })).toEqual({ status: 'halted' });
    expect(await store.prisma.reconciliation.count({ where: { status: 'open' } })).toBe(1);
    const posted = await store.prisma.notification.findMany({ where: { eventType: 'reconciliation_difference' } });
    expect(posted).toHaveLength(1);
    expect(renderNotification('reconciliation_difference', posted[0]!.payload).text).toContain(`SIMD: the broker holds ${held - 1}, the desk ${held}`);
    // While it is open, the run's orders (a halted run still sends its exits) are refused before they reach Alpaca.
    const before = fake.trading.orders.length;
    for (let k = 0; k < 40 && (await store.prisma.order.count({ where: { runId, brokerStatus: 'rejected' } })) === 0; k++) {
      close += DAY;
      await session(symbols, close);
      const next = await iterateRun(guarded, runId, close, close + 1_000);
      if (!next.ok) throw new Error(next.error.message);
    }
    expect(fake.trading.orders.length).toBe(before);
    const refused = await store.prisma.order.findFirstOrThrow({ where: { runId, brokerStatus: 'rejected' } });
    expect(refused.brokerReason).toBe('not sent: a reconciliation difference is open on the account (see /reconcile)');
    fake.trading.setPosition('SIMD', 0, 0);
  }, 60_000);
  it('checks the account gates before sending: an entry the account cannot pay for never reaches Alpaca', async () => {
    const symbols = ['SIMF'];
    const runId = await start(symbols);
    const guarded: RunDeps = { ...deps, sendGuard: allGuards(accountGateGuard({ accountRisk: createPrismaAccountRisk(store.prisma), accountBrokers: accountBrokersOf(brokers.real) })) };
    fake.trading.setCash(500);
    try {
      const before = fake.trading.orders.length;
      for (let close = START + DAY; close < START + 160 * DAY; close += DAY) {
        await session(symbols, close);
        const res = await iterateRun(guarded, runId, close, close + 1_000);
        if (!res.ok) throw new Error(res.error.message);
        if ((await store.prisma.order.count({ where: { runId, brokerStatus: 'rejected' } })) > 0) break;
      }
      const refused = await store.prisma.order.findFirstOrThrow({ where: { runId, brokerStatus: 'rejected' } });
      expect(refused.brokerReason).toMatch(/^blocked by the account gates: account:buying-power: the order needs [\d.]+, the account's buying power is 500\.00/);
      expect(fake.trading.orders.length).toBe(before);
      const posted = await store.prisma.notification.findFirstOrThrow({ where: { runId, eventType: 'broker_order' } });
      expect(renderNotification('broker_order', posted.payload).text).toMatch(/: Alpaca paper rejected buy [\d,]+ SIMF: blocked by the account gates/);
    } finally {
      fake.trading.setCash(100_000);
    }
  }, 60_000);

  it('never sends an order the close sizes to nothing, and the book drops it at the next close', async () => {
    const symbols = ['SIMG'];
    const runId = await start(symbols, { kind: 'percent', pct: 0.001 });
    const before = fake.trading.orders.length;
    for (let close = START + DAY; close < START + 160 * DAY; close += DAY) {
      await session(symbols, close);
      const res = await iterateRun(deps, runId, close, close + 1_000);
      if (!res.ok) throw new Error(res.error.message);
      if ((await store.prisma.order.count({ where: { runId, brokerStatus: 'cancelled' } })) > 0) break;
    }
    const row = await store.prisma.order.findFirstOrThrow({ where: { runId, brokerStatus: 'cancelled' } });
    expect(row).toMatchObject({ brokerQty: 0, brokerReason: SIZED_TO_NOTHING, status: 'cancelled' });
    expect(fake.trading.orders.length).toBe(before);
  }, 60_000);

  it("trades a crypto pair under Alpaca's spelling: the run's symbol, its orders and Alpaca's position (listed as ETHUSD) agree", async () => {
    const runId = await start(['ETH-USD']);
    const run = await store.prisma.run.findUniqueOrThrow({ where: { id: runId } });
    expect((run.manifest as { symbols: string[] }).symbols).toEqual(['ETH/USD']);
    for (let close = START + DAY; close < START + 160 * DAY; close += DAY) {
      await session(['ETH/USD'], close);
      const res = await iterateRun(deps, runId, close, close + 1_000);
      if (!res.ok) throw new Error(res.error.message);
      if (Object.keys(await bookPositions(runId)).length > 0) break;
    }
    expect(Object.keys(await brokerPositions())).toContain('ETHUSD');
    const atAlpaca = await brokers.real.alpaca!.broker.positions();
    if (!atAlpaca.ok) throw new Error(atAlpaca.error.message);
    expect(atAlpaca.value.find((p) => p.symbol === 'ETH/USD')?.qty).toBe((await bookPositions(runId))['ETH/USD']);
    expect(fake.trading.orders.filter((o) => o.symbol.startsWith('ETH')).map((o) => o.symbol)).toEqual(['ETH/USD']);
  }, 60_000);

  // Last: its kill switch stays on in the workspace.
  it('/halt cancels the open orders at Alpaca before halting the runs, and says so', async () => {
    const symbols = ['SIMC'];
    const runId = await start(symbols);
    for (let close = START + DAY; close < START + 160 * DAY; close += DAY) {
      await session(symbols, close);
      const res = await iterateRun(deps, runId, close, close + 1_000);
      if (!res.ok) throw new Error(res.error.message);
      if ((await store.prisma.order.count({ where: { runId, brokerStatus: 'accepted' } })) > 0) break;
    }
    const open = await store.prisma.order.findFirstOrThrow({ where: { runId, brokerStatus: 'accepted' } });
    const env = loadEnv({ DATABASE_URL: tmp.url('desk.db'), APCA_API_KEY_ID: KEYS.keyId, APCA_API_SECRET_KEY: KEYS.secretKey, APCA_API_BASE_URL: fake.url });
    if (!env.ok) throw new Error(env.error.message);
    const desk = createDeskDeps(env.value, store, { runStore: deps.store, brokers: brokers.real, ledger: brokers.ledger });
    const reply = await dispatch(desk.commands, '/halt reason:test', {
      workspace: { platform: 'console', externalId: 'local', name: 'Local' }, actor: { id: 'u', name: 'ann', role: 'admin' }, channelId: 'console',
      now: () => START + 200 * DAY, deps: desk,
    });
    expect(reply.title).toBe('Desk halted');
    expect(reply.fields).toContainEqual({ name: 'Broker orders cancelled', value: '1', inline: true });
    expect(fake.trading.orders.find((o) => o.client_order_id === open.clientOrderId)!.status).toBe('canceled');
    const row = await store.prisma.order.findUniqueOrThrow({ where: { clientOrderId: open.clientOrderId } });
    expect(row.brokerStatus).toBe('cancelled');
    expect(row.brokerReason).toMatch(/^cancelled by \/halt \(desk halt by ann: test\)/);
    expect((await createPrismaRunStore(store.prisma).loadSnapshot(runId)).ok && (await store.prisma.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe('halted');
  }, 60_000);

});
