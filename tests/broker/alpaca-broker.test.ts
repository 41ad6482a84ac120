// The Alpaca broker (src/broker/alpaca) on the fake Alpaca's trading API, through the real SDK: the Broker contract,
// then what is Alpaca's own (422 on a duplicate client order id, 429/5xx retries, auth, paper/live, partial fills).
import { afterAll, describe, expect, it, vi } from 'vitest';
import { alpacaBrokerConfig } from '../../src/broker/alpaca/alpaca-broker-config.js';
import { loadEnv } from '../../src/config/env.js';
import { createAlpacaBroker, type AlpacaBroker, type AlpacaBrokerOptions } from '../../src/broker/alpaca/alpaca-broker.js';
import type { OrderUpdate } from '../../src/app/broker/ports.js';
import { startFakeAlpaca, type FakeAlpaca } from '../fakes/alpaca/fake-alpaca.js';
import { brokerContract } from './broker-contract.js';

const KEYS = { keyId: 'key-id', secretKey: 'secret' };
const noSleep = { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined };
/**
 * The contract's symbols with a last price: Alpaca checks buying power when an order is submitted, also while the
 * market is closed, at the last trade.
 */
const LAST_PRICES = { AAA: 50, BBB: 20 };

const fakes: FakeAlpaca[] = [];
const brokers: AlpacaBroker[] = [];
const fakeOf = new WeakMap<AlpacaBroker, FakeAlpaca>();

async function setup(cash: number, options: Partial<AlpacaBrokerOptions> = {}): Promise<{ fake: FakeAlpaca; broker: AlpacaBroker }> {
  const fake = await startFakeAlpaca(KEYS);
  fakes.push(fake);
  fake.trading.setCash(cash);
  for (const [symbol, price] of Object.entries(LAST_PRICES)) fake.trading.setLastPrice(symbol, price);
  // A long poll interval: the tests poll explicitly (settle), so nothing depends on timing.
  const broker = createAlpacaBroker({ ...KEYS, baseUrl: fake.url, account: 'paper', retry: noSleep, pollMs: 60_000, ...options });
  brokers.push(broker);
  fakeOf.set(broker, fake);
  return { fake, broker };
}

afterAll(async () => {
  for (const b of brokers) b.close();
  await Promise.all(fakes.map((f) => f.close()));
});

brokerContract('alpaca (fake)', {
  capabilities: { partialFills: true },
  create: async (cash) => (await setup(cash)).broker,
  open: async (broker, prices) => fakeOf.get(broker)!.trading.open(prices),
  settle: (broker) => broker.poll(),
});

function listen(broker: AlpacaBroker): OrderUpdate[] {
  const seen: OrderUpdate[] = [];
  broker.onOrderUpdate((u) => seen.push(u));
  return seen;
}

const orderPosts = (fake: FakeAlpaca) => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v2/orders').length;

describe('the Alpaca broker', () => {
  it('treats 422 on a duplicate client order id as the order already there: one order at Alpaca', async () => {
    const { fake, broker } = await setup(10_000);
    const req = { clientOrderId: 'dup-1', symbol: 'AAA', side: 'buy' as const, qty: 2 };
    const first = await broker.submit(req);
    // A second adapter (a restart) submits the same id: Alpaca answers 422, the adapter looks it up.
    const restarted = createAlpacaBroker({ ...KEYS, baseUrl: fake.url, account: 'paper', retry: noSleep });
    const again = await restarted.submit(req);
    expect(first.ok && again.ok).toBe(true);
    if (first.ok && again.ok) expect(again.value).toEqual(first.value);
    expect(orderPosts(fake)).toBe(2);
    expect(fake.trading.orders.filter((o) => o.client_order_id === 'dup-1')).toHaveLength(1);
  });

  it('retries a 429 (Retry-After) and answers with the order', async () => {
    const { fake, broker } = await setup(10_000);
    await broker.account(); // the first-use account check out of the way
    fake.failNext(1, 429, 1);
    const sent = await broker.submit({ clientOrderId: 'r-1', symbol: 'AAA', side: 'buy', qty: 1 });
    expect(sent.ok && sent.value.status).toBe('accepted');
    expect(orderPosts(fake)).toBe(2);
    expect(fake.trading.orders).toHaveLength(1);
  });

  it('ends with broker.unavailable when every attempt answers 5xx', async () => {
    const { fake, broker } = await setup(10_000);
    await broker.account();
    fake.failNext(3, 503);
    const sent = await broker.submit({ clientOrderId: 'u-1', symbol: 'AAA', side: 'buy', qty: 1 });
    expect(!sent.ok && sent.error.code).toBe('broker.unavailable');
    expect(!sent.ok && sent.error.message).toMatch(/after 3 attempts: HTTP 503/);
  });

  it('names the variables when the key is refused', async () => {
    const { fake } = await setup(10_000);
    const broker = createAlpacaBroker({ keyId: 'wrong', secretKey: 'wrong', baseUrl: fake.url, account: 'paper', retry: noSleep });
    const res = await broker.account();
    expect(!res.ok && res.error.code).toBe('broker.auth');
    expect(!res.ok && res.error.message).toMatch(/APCA_API_KEY_ID and APCA_API_SECRET_KEY/);
  });

  it('refuses a live account when ALPACA_ACCOUNT says paper, and the reverse', async () => {
    const { fake, broker } = await setup(10_000);
    fake.trading.accountNumber = '3LIVE0001';
    const res = await broker.submit({ clientOrderId: 'm-1', symbol: 'AAA', side: 'buy', qty: 1 });
    expect(!res.ok && res.error.code).toBe('broker.account_mismatch');
    expect(!res.ok && res.error.message).toMatch(/live account.*ALPACA_ACCOUNT=paper/);
    expect(fake.trading.orders).toHaveLength(0);
    fake.trading.accountNumber = 'PA0001';
    const live = createAlpacaBroker({ ...KEYS, baseUrl: fake.url, account: 'live', retry: noSleep });
    const refused = await live.positions();
    expect(!refused.ok && refused.error.code).toBe('broker.account_mismatch');
  });

  it("rejects an order the account cannot pay for with Alpaca's reason", async () => {
    const { broker } = await setup(1_000);
    const updates = listen(broker);
    const res = await broker.submit({ clientOrderId: 'bp-1', symbol: 'AAA', side: 'buy', qty: 100 });
    expect(res.ok && res.value).toMatchObject({ status: 'rejected', reason: 'Alpaca refused the order: insufficient buying power' });
    expect(updates.map((u) => u.kind)).toEqual(['accepted', 'rejected']);
    const again = await broker.getOrder('bp-1');
    expect(again.ok && again.value?.status).toBe('rejected');
  });

  it('turns a partial then a full fill into two fills whose notional is Alpaca\'s', async () => {
    const { fake, broker } = await setup(10_000);
    const updates = listen(broker);
    await broker.submit({ clientOrderId: 'p-1', symbol: 'AAA', side: 'buy', qty: 10 });
    fake.trading.open({ AAA: 50 }, { partial: 4 });
    await broker.poll();
    fake.trading.open({ AAA: 53 });
    await broker.poll();
    expect(updates.map((u) => u.kind)).toEqual(['accepted', 'partially_filled', 'filled']);
    const fills = updates.filter((u) => u.fill !== null).map((u) => u.fill!);
    expect(fills.map((f) => [f.id, f.qty, f.commission])).toEqual([['order-1:4', 4, 0], ['order-1:10', 6, 0]]);
    expect(fills[0]!.price).toBeCloseTo(50, 9);
    expect(fills[1]!.price).toBeCloseTo(53, 9);
    const order = await broker.getOrder('p-1');
    expect(order.ok && order.value).toMatchObject({ status: 'filled', filledQty: 10, fills });
  });

  it('reports an order expired or cancelled at Alpaca as cancelled, saying which', async () => {
    const { fake, broker } = await setup(10_000);
    const updates = listen(broker);
    await broker.submit({ clientOrderId: 'e-1', symbol: 'AAA', side: 'buy', qty: 1 });
    await broker.submit({ clientOrderId: 'e-2', symbol: 'BBB', side: 'buy', qty: 1, timeInForce: 'gtc' });
    fake.trading.expire('e-1');
    fake.trading.cancelOutside('e-2');
    await broker.poll();
    expect(updates.filter((u) => u.kind === 'cancelled').map((u) => [u.order.clientOrderId, u.reason])).toEqual([
      ['e-1', 'expired at Alpaca (time in force day)'],
      ['e-2', 'canceled at Alpaca'],
    ]);
    expect(fake.trading.orders.map((o) => o.time_in_force)).toEqual(['day', 'gtc']);
  });

  it('reports an order Alpaca rejected after accepting it as rejected (polling only: the REST order carries no reason)', async () => {
    const { fake, broker } = await setup(10_000, { stream: false });
    const updates = listen(broker);
    await broker.submit({ clientOrderId: 'x-1', symbol: 'AAA', side: 'sell', qty: 5 });
    fake.trading.reject('x-1', 'asset AAA is not shortable');
    await broker.poll();
    expect(updates.map((u) => [u.kind, u.reason])).toEqual([['accepted', null], ['rejected', 'rejected by Alpaca']]);
    const cancel = await broker.cancel('x-1');
    expect(!cancel.ok && cancel.error).toMatchObject({ code: 'broker.not_cancellable', message: expect.stringContaining('rejected') });
  });

  it('polls on its own while someone listens, until close()', async () => {
    const { fake, broker } = await setup(10_000, { pollMs: 5, stream: false });
    const updates = listen(broker);
    await broker.submit({ clientOrderId: 't-1', symbol: 'AAA', side: 'buy', qty: 1 });
    fake.trading.open({ AAA: 50 });
    await vi.waitFor(() => expect(updates.map((u) => u.kind)).toEqual(['accepted', 'filled']), { timeout: 5_000 });
    broker.close();
  });

  it('reads positions changed outside the desk, shorts negative', async () => {
    const { fake, broker } = await setup(10_000);
    fake.trading.setPosition('ZZZ', -3, 12.5);
    fake.trading.setPosition('AAA', 2, 40);
    expect(await broker.positions()).toEqual({ ok: true, value: [{ symbol: 'AAA', qty: 2, avgPrice: 40 }, { symbol: 'ZZZ', qty: -3, avgPrice: 12.5 }] });
  });
});

const orderPolls = (fake: FakeAlpaca) => fake.requests.filter((r) => r.method === 'GET' && r.path === '/v2/orders').length;
const fastReconnect = { initialMs: 5, maxMs: 20 };

describe("the Alpaca broker's cash activities", () => {
  it('lists the non-trade activities after a cursor, every page, oldest first, without fills or canceled ones', async () => {
    const { fake, broker } = await setup(10_000);
    const none = await broker.cashActivities(null);
    expect(none).toEqual({ ok: true, value: { activities: [], cursor: null } });
    const deposit = fake.trading.activity('CSD', 5_000, { description: 'ACH deposit' });
    fake.trading.open({ AAA: 50 });
    expect((await broker.submit({ clientOrderId: 'cash-1', symbol: 'AAA', side: 'buy', qty: 2 })).ok).toBe(true);
    fake.trading.activity('FEE', -0.02, { subType: 'TAF', symbol: 'AAA' });
    fake.trading.activity('CSW', -100, { canceled: true });
    // More than one page (Alpaca's page is 100): the adapter follows page_token to the end.
    for (let i = 0; i < 120; i++) fake.trading.activity('DIV', 0.5, { subType: 'CDIV', symbol: 'AAA' });
    const all = await broker.cashActivities(null);
    expect(all.ok).toBe(true);
    if (!all.ok) return;
    expect(all.value.activities.map((a) => a.type)).toEqual(['CSD', 'FEE', ...Array<string>(120).fill('DIV')]);
    expect(all.value.activities[0]).toMatchObject({ id: deposit, amount: 5_000, subType: null, description: 'ACH deposit', symbol: null });
    expect(all.value.activities[1]).toMatchObject({ amount: -0.02, subType: 'TAF', symbol: 'AAA' });
    expect(all.value.cursor).toBe(fake.trading.activities.at(-1)!.id);
    const pages = fake.requests.filter((r) => r.path === '/v2/account/activities');
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.every((r) => r.query.category === 'non_trade_activity' && r.query.direction === 'asc')).toBe(true);
    // From the cursor on: only what came after it.
    const later = fake.trading.activity('INT', 1.25, { subType: 'CDT' });
    const next = await broker.cashActivities(all.value.cursor);
    expect(next.ok && next.value.activities.map((a) => [a.id, a.type, a.amount])).toEqual([[later, 'INT', 1.25]]);
    const idle = await broker.cashActivities(later);
    expect(idle).toEqual({ ok: true, value: { activities: [], cursor: later } });
  });

  it('ends with broker.unavailable when every attempt answers 5xx', async () => {
    const { fake, broker } = await setup(10_000);
    fake.failNext(10, 503);
    const read = await broker.cashActivities(null);
    expect(read.ok ? null : read.error.code).toBe('broker.unavailable');
  });
});

describe("the Alpaca broker on Alpaca's trade-updates stream", () => {
  it('gets a partial fill then a fill from the stream, at the stream\'s prices, without polling', async () => {
    const { fake, broker } = await setup(10_000);
    const updates = listen(broker);
    await vi.waitFor(() => expect(broker.streaming).toBe(true), { timeout: 5_000 });
    await broker.submit({ clientOrderId: 's-1', symbol: 'AAA', side: 'buy', qty: 10 });
    fake.trading.open({ AAA: 50 }, { partial: 4 });
    await vi.waitFor(() => expect(updates.map((u) => u.kind)).toEqual(['accepted', 'partially_filled']), { timeout: 5_000 });
    fake.trading.open({ AAA: 53.25 });
    await vi.waitFor(() => expect(updates.map((u) => u.kind)).toEqual(['accepted', 'partially_filled', 'filled']), { timeout: 5_000 });
    expect(updates.filter((u) => u.fill !== null).map((u) => [u.fill!.id, u.fill!.qty, u.fill!.price])).toEqual([['order-1:4', 4, 50], ['order-1:10', 6, 53.25]]);
    expect(updates[2]!.order).toMatchObject({ status: 'filled', filledQty: 10 });
    expect(orderPolls(fake)).toBe(0);
    expect(fake.stream.listening).toBe(1);
  });

  it("carries the stream's reason for a rejection after acceptance (text frames too)", async () => {
    const { fake, broker } = await setup(10_000);
    fake.stream.binary = false;
    const updates = listen(broker);
    await vi.waitFor(() => expect(broker.streaming).toBe(true), { timeout: 5_000 });
    await broker.submit({ clientOrderId: 's-2', symbol: 'AAA', side: 'sell', qty: 5 });
    fake.trading.reject('s-2', 'asset AAA is not shortable');
    await vi.waitFor(() => expect(updates.map((u) => [u.kind, u.reason])).toEqual([['accepted', null], ['rejected', 'rejected by Alpaca: asset AAA is not shortable']]), { timeout: 5_000 });
    const order = await broker.getOrder('s-2');
    expect(order.ok && order.value).toMatchObject({ status: 'rejected', reason: 'rejected by Alpaca: asset AAA is not shortable' });
    expect(orderPolls(fake)).toBe(0);
  });

  it('tells one update once when the poll and the stream both see the same fill', async () => {
    const { fake, broker } = await setup(10_000);
    const updates = listen(broker);
    await vi.waitFor(() => expect(broker.streaming).toBe(true), { timeout: 5_000 });
    await broker.submit({ clientOrderId: 'd-1', symbol: 'AAA', side: 'buy', qty: 3 });
    fake.trading.open({ AAA: 50 });
    await broker.poll();
    await broker.getOrder('d-1');
    // A later order's fill through the stream: the stream's updates of d-1, sent before it, have been read by then.
    await broker.submit({ clientOrderId: 'd-2', symbol: 'AAA', side: 'buy', qty: 1 });
    await vi.waitFor(() => expect(updates.filter((u) => u.order.clientOrderId === 'd-2').map((u) => u.kind)).toEqual(['accepted', 'filled']), { timeout: 5_000 });
    await broker.poll();
    expect(updates.filter((u) => u.order.clientOrderId === 'd-1').map((u) => u.kind)).toEqual(['accepted', 'filled']);
    expect(updates.filter((u) => u.fill !== null).map((u) => u.fill!.id)).toEqual(['order-1:3', 'order-2:1']);
  });

  it('falls back to polling when the stream drops, catches up and listens again when it reconnects', async () => {
    const lines: string[] = [];
    const { fake, broker: b } = await setup(10_000, { streamBackoff: fastReconnect, log: (l) => lines.push(l) });
    const updates = listen(b);
    await vi.waitFor(() => expect(b.streaming).toBe(true), { timeout: 5_000 });
    await b.submit({ clientOrderId: 'r-1', symbol: 'AAA', side: 'buy', qty: 2 });
    fake.stream.refuseAuth = true; // it stays down until allowed again
    fake.stream.drop();
    fake.trading.open({ AAA: 50 }); // not on the stream: nobody listens
    await vi.waitFor(() => expect(b.streaming).toBe(false), { timeout: 5_000 });
    await b.poll();
    expect(updates.map((u) => u.kind)).toEqual(['accepted', 'filled']);
    expect(lines.some((l) => /closed; order updates by polling/.test(l))).toBe(true);
    fake.stream.refuseAuth = false;
    await vi.waitFor(() => expect(b.streaming).toBe(true), { timeout: 5_000 });
    expect(fake.stream.listening).toBe(1);
    const polls = orderPolls(fake);
    await b.submit({ clientOrderId: 'r-2', symbol: 'AAA', side: 'buy', qty: 1 });
    await vi.waitFor(() => expect(updates.filter((u) => u.order.clientOrderId === 'r-2').map((u) => u.kind)).toEqual(['accepted', 'filled']), { timeout: 5_000 });
    expect(orderPolls(fake)).toBe(polls);
    expect(updates.map((u) => u.kind)).toEqual(['accepted', 'filled', 'accepted', 'filled']);
  });

  it('catches up by one poll when the stream listens again after missing a fill', async () => {
    const { fake, broker } = await setup(10_000, { streamBackoff: fastReconnect });
    const updates = listen(broker);
    await vi.waitFor(() => expect(broker.streaming).toBe(true), { timeout: 5_000 });
    await broker.submit({ clientOrderId: 'c-1', symbol: 'AAA', side: 'buy', qty: 2 });
    fake.stream.refuseAuth = true;
    fake.stream.drop();
    fake.trading.open({ AAA: 51 });
    await vi.waitFor(() => expect(fake.stream.connections).toBeGreaterThan(1), { timeout: 5_000 });
    fake.stream.refuseAuth = false;
    // No poll() here: listening again, the adapter polls once and finds the fill.
    await vi.waitFor(() => expect(updates.map((u) => u.kind)).toEqual(['accepted', 'filled']), { timeout: 5_000 });
    expect(updates[1]!.fill?.price).toBe(51);
  });

  it('keeps polling when the stream refuses the keys, and says so once', async () => {
    const lines: string[] = [];
    const { fake, broker } = await setup(10_000, { pollMs: 5, streamBackoff: fastReconnect, log: (l) => lines.push(l) });
    fake.stream.refuseAuth = true;
    const updates = listen(broker);
    await vi.waitFor(() => expect(fake.stream.connections).toBeGreaterThan(2), { timeout: 5_000 });
    await broker.submit({ clientOrderId: 'a-1', symbol: 'AAA', side: 'buy', qty: 1 });
    fake.trading.open({ AAA: 50 });
    await vi.waitFor(() => expect(updates.map((u) => u.kind)).toEqual(['accepted', 'filled']), { timeout: 5_000 });
    expect(broker.streaming).toBe(false);
    const refused = lines.filter((l) => /authorization refused/.test(l));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/APCA_API_KEY_ID and APCA_API_SECRET_KEY.*order updates by polling/);
    broker.close();
    expect(fake.stream.listening).toBe(0);
  });
});

describe('alpacaBrokerConfig', () => {
  it('reads the parsed environment: the paper host and a paper account by default', () => {
    const env = loadEnv({ APCA_API_KEY_ID: 'k', APCA_API_SECRET_KEY: 's' });
    if (!env.ok) throw new Error(env.error.message);
    expect(alpacaBrokerConfig(env.value)).toEqual({ ok: true, value: { keyId: 'k', secretKey: 's', baseUrl: 'https://paper-api.alpaca.markets', account: 'paper' } });
  });

  const env = { APCA_API_KEY_ID: 'k', APCA_API_SECRET_KEY: 's', APCA_API_BASE_URL: 'https://paper-api.alpaca.markets', ALPACA_ACCOUNT: 'paper' as const };
  it('needs both keys', () => {
    const res = alpacaBrokerConfig({ ...env, APCA_API_SECRET_KEY: undefined });
    expect(!res.ok && res.error).toMatchObject({ code: 'broker.not_configured', message: expect.stringContaining('missing: APCA_API_SECRET_KEY') });
  });
  it("refuses Alpaca's live host unless ALPACA_ACCOUNT=live, and the paper host with live", () => {
    const live = alpacaBrokerConfig({ ...env, APCA_API_BASE_URL: 'https://api.alpaca.markets' });
    expect(!live.ok && live.error.message).toMatch(/APCA_API_BASE_URL is Alpaca's live host but ALPACA_ACCOUNT=paper/);
    const paper = alpacaBrokerConfig({ ...env, ALPACA_ACCOUNT: 'live' });
    expect(!paper.ok && paper.error.message).toMatch(/paper host but ALPACA_ACCOUNT=live/);
    expect(alpacaBrokerConfig({ ...env, APCA_API_BASE_URL: 'https://api.alpaca.markets/', ALPACA_ACCOUNT: 'live' })).toEqual({
      ok: true, value: { keyId: 'k', secretKey: 's', baseUrl: 'https://api.alpaca.markets', account: 'live' },
    });
  });
});
