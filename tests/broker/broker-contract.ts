// The contract every Broker (src/app/broker/ports.ts) passes: registered against the paper broker in
// paper-broker.test.ts, and against a real broker on its fake the same way. The driver moves the market the broker
// fills against (the paper broker: the opens it is told; a real broker's fake: its prices and clock).
import { describe, expect, it } from 'vitest';
import type { Broker, OrderRequest, OrderUpdate } from '../../src/app/broker/ports.js';
import type { OrderSide } from '../../src/core/domain/order.js';
import type { Result } from '../../src/core/domain/result.js';

export interface BrokerDriver<B extends Broker = Broker> {
  /** A broker whose account holds `cash` and no position, its market closed: orders submitted now wait. */
  create(cash: number): Promise<B>;
  /** The market opens with these prices: waiting orders for those symbols fill, and new ones for them fill at once. */
  open(broker: B, prices: Readonly<Record<string, number>>): Promise<void>;
  /** Resolves once every update the broker owes for what happened so far has reached the listeners. */
  settle(broker: B): Promise<void>;
  readonly capabilities: { readonly partialFills: boolean };
}

const CASH = 100_000;
let seq = 0;
const order = (symbol: string, side: OrderSide, qty: number): OrderRequest => ({ clientOrderId: `contract:${++seq}:${symbol}:${side}`, symbol, side, qty });

function value<T>(res: Result<T>): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.value;
}

/** Collects every update from now on. */
function listen(broker: Broker): OrderUpdate[] {
  const seen: OrderUpdate[] = [];
  broker.onOrderUpdate((u) => seen.push(u));
  return seen;
}

export function brokerContract<B extends Broker>(name: string, driver: BrokerDriver<B>): void {
  describe(`the Broker contract: ${name}`, () => {
    it('answers a submitted order by its client order id, and null for an id it does not know', async () => {
      const broker = await driver.create(CASH);
      const req = order('AAA', 'buy', 10);
      const sent = value(await broker.submit(req));
      expect(sent).toMatchObject({ ...req, status: 'accepted', filledQty: 0, fills: [] });
      expect(value(await broker.getOrder(req.clientOrderId))).toEqual(sent);
      expect(value(await broker.getOrder('contract:never-sent'))).toBeNull();
    });

    it('makes one order of the same client order id submitted twice', async () => {
      const broker = await driver.create(CASH);
      const updates = listen(broker);
      const req = order('AAA', 'buy', 10);
      const first = value(await broker.submit(req));
      const second = value(await broker.submit(req));
      expect(second).toEqual(first);
      await driver.open(broker, { AAA: 50 });
      value(await broker.submit(req));
      await driver.settle(broker);
      expect(updates.map((u) => u.kind)).toEqual(['accepted', 'filled']);
      expect(value(await broker.positions())).toEqual([expect.objectContaining({ symbol: 'AAA', qty: 10 })]);
    });

    it('sends accepted then filled, the fill on the filled update and in the order', async () => {
      const broker = await driver.create(CASH);
      const updates = listen(broker);
      const req = order('AAA', 'buy', 10);
      await broker.submit(req);
      await driver.open(broker, { AAA: 50 });
      await driver.settle(broker);
      expect(updates.map((u) => [u.kind, u.order.clientOrderId])).toEqual([['accepted', req.clientOrderId], ['filled', req.clientOrderId]]);
      const filled = updates[1]!;
      expect(filled.fill).not.toBeNull();
      expect(filled.order).toMatchObject({ status: 'filled', filledQty: 10, fills: [filled.fill] });
      expect(value(await broker.getOrder(req.clientOrderId))).toEqual(filled.order);
    });

    it('moves positions, cash and buying power as its fills say', async () => {
      const broker = await driver.create(CASH);
      const updates = listen(broker);
      await driver.open(broker, { AAA: 50 });
      await broker.submit(order('AAA', 'buy', 10));
      await driver.settle(broker);
      const buy = updates.find((u) => u.kind === 'filled')!.fill!;
      const cash = CASH - buy.qty * buy.price - buy.commission;
      expect(value(await broker.positions())).toEqual([{ symbol: 'AAA', qty: 10, avgPrice: buy.price }]);
      const account = value(await broker.account());
      expect(account.cash).toBeCloseTo(cash, 6);
      expect(account.buyingPower).toBeCloseTo(cash, 6);

      await broker.submit(order('AAA', 'sell', 10));
      await driver.settle(broker);
      const sell = updates.filter((u) => u.kind === 'filled')[1]!.fill!;
      expect(value(await broker.positions())).toEqual([]);
      expect(value(await broker.account()).cash).toBeCloseTo(cash + sell.qty * sell.price - sell.commission, 6);
      // Fills are not cash activities: only money moved outside them (deposits, fees, ...) is listed.
      expect(value(await broker.cashActivities(null)).activities).toEqual([]);
    });

    it('cancels an open order: a cancelled update, and no fill when its market opens', async () => {
      const broker = await driver.create(CASH);
      const updates = listen(broker);
      const req = order('AAA', 'buy', 10);
      await broker.submit(req);
      const cancelled = value(await broker.cancel(req.clientOrderId));
      expect(cancelled.status).toBe('cancelled');
      await driver.open(broker, { AAA: 50 });
      await driver.settle(broker);
      expect(updates.map((u) => u.kind)).toEqual(['accepted', 'cancelled']);
      expect(value(await broker.positions())).toEqual([]);
      expect(value(await broker.account()).cash).toBe(CASH);
    });

    it('refuses to cancel a filled order, or an order it does not know', async () => {
      const broker = await driver.create(CASH);
      const req = order('AAA', 'buy', 10);
      await driver.open(broker, { AAA: 50 });
      await broker.submit(req);
      await driver.settle(broker);
      const res = await broker.cancel(req.clientOrderId);
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.error).toMatchObject({ code: 'broker.not_cancellable', message: expect.stringContaining('filled') });
      const unknown = await broker.cancel('contract:never-sent');
      expect(!unknown.ok && unknown.error.code).toBe('broker.order_not_found');
    });

    it('rejects an order the account cannot pay for, with the reason', async () => {
      const broker = await driver.create(1_000);
      const updates = listen(broker);
      const req = order('AAA', 'buy', 100);
      await broker.submit(req);
      await driver.open(broker, { AAA: 50 });
      await driver.settle(broker);
      expect(updates.map((u) => u.kind)).toEqual(['accepted', 'rejected']);
      expect(updates[1]!.reason).toMatch(/buying power/);
      expect(value(await broker.getOrder(req.clientOrderId))).toMatchObject({ status: 'rejected', filledQty: 0 });
      expect(value(await broker.positions())).toEqual([]);
      expect(value(await broker.account()).cash).toBe(1_000);
    });

    // Only for brokers that cannot fill in parts (a broker that can is tested on its partial fills with its own fake).
    if (!driver.capabilities.partialFills) it('never reports a partial fill when it cannot make one', async () => {
      const broker = await driver.create(CASH);
      const updates = listen(broker);
      await driver.open(broker, { AAA: 50, BBB: 20 });
      await broker.submit(order('AAA', 'buy', 7));
      await broker.submit(order('BBB', 'buy', 3));
      await driver.settle(broker);
      expect(updates.some((u) => u.kind === 'partially_filled')).toBe(false);
      expect(updates.filter((u) => u.kind === 'filled').map((u) => u.fill!.qty)).toEqual([7, 3]);
    });
  });
}
