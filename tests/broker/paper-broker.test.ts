import { describe, expect, it } from 'vitest';
import { createPaperBroker, type PaperBroker } from '../../src/broker/paper/paper-broker.js';
import { commissionOf, slippedPrice } from '../../src/core/engine/fill-model.js';
import { brokerContract } from './broker-contract.js';

const COSTS = { commissionRate: 0.001, slippageBps: 5 };
const DAY = 86_400_000;

/** The paper broker's market is the opens it is told, one bar after the other. */
function paperDriver() {
  const bars = new WeakMap<PaperBroker, number>();
  return {
    capabilities: { partialFills: false },
    create: async (cash: number) => {
      const broker = createPaperBroker({ cash, positions: [] }, COSTS);
      bars.set(broker, 0);
      return broker;
    },
    open: async (broker: PaperBroker, prices: Readonly<Record<string, number>>) => {
      const t = bars.get(broker)! + DAY;
      bars.set(broker, t);
      broker.open(t, new Map(Object.entries(prices)));
    },
    settle: async () => undefined,
  };
}

brokerContract('paper', paperDriver());

describe('the paper broker', () => {
  it('fills with the fill model: the open moved by the slippage, commission on the notional, at the bar time', async () => {
    const broker = createPaperBroker({ cash: 10_000, positions: [] }, COSTS);
    broker.open(5 * DAY, new Map([['AAA', 40]]));
    const res = await broker.submit({ clientOrderId: 'c1', symbol: 'AAA', side: 'buy', qty: 3 });
    const price = slippedPrice(40, 'buy', 5);
    expect(res.ok && res.value.fills).toEqual([{ id: 'c1:fill', qty: 3, price, commission: commissionOf(3, price, COSTS), time: 5 * DAY }]);
  });

  it("is the run's account: starts from its cash and positions, and marks them at the opens", async () => {
    const broker = createPaperBroker({ cash: 1_000, positions: [{ symbol: 'AAA', qty: -2, avgPrice: 50, lastPrice: 48 }] }, COSTS);
    expect(await broker.account()).toEqual({ ok: true, value: { cash: 1_000, buyingPower: 1_000, equity: 1_000 - 96 } });
    broker.open(DAY, new Map([['AAA', 45]]));
    const account = await broker.account();
    expect(account.ok && account.value.equity).toBe(1_000 - 90);
    // Covering a short is never refused for cash.
    const cover = await broker.submit({ clientOrderId: 'c2', symbol: 'AAA', side: 'buy', qty: 2 });
    expect(cover.ok && cover.value.status).toBe('filled');
    expect(await broker.positions()).toEqual({ ok: true, value: [] });
  });

  it('fills orders waiting for the same open in the order they were submitted', async () => {
    const broker = createPaperBroker({ cash: 1_000, positions: [] }, { commissionRate: 0, slippageBps: 0 });
    const seen: string[] = [];
    broker.onOrderUpdate((u) => seen.push(`${u.kind}:${u.order.clientOrderId}`));
    await broker.submit({ clientOrderId: 'a', symbol: 'AAA', side: 'buy', qty: 15 });
    await broker.submit({ clientOrderId: 'b', symbol: 'AAA', side: 'buy', qty: 10 });
    broker.open(DAY, new Map([['AAA', 50]]));
    // 15 x 50 = 750 fits the cash; the second order's 500 no longer does.
    expect(seen).toEqual(['accepted:a', 'accepted:b', 'filled:a', 'rejected:b']);
  });
});
