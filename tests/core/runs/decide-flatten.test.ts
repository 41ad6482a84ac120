import { describe, expect, it } from 'vitest';
import { decideFlatten, flattenOrders } from '../../../src/core/runs/decide-flatten.js';
import { initialRunState, type StoredPosition } from '../../../src/core/runs/run-book.js';
import type { OrderExecution } from '../../../src/core/domain/order.js';

const held: StoredPosition = {
  symbol: 'AAPL', qty: 10, avgPrice: 100, entryTime: 0, entryCommission: 0, lastPrice: 110, barsHeld: 3,
  stopPrice: null, targetPrice: null, trailingPct: null, extreme: 110, maxHoldingBars: null, shadowExits: [],
};
const NOW = 1_000_000;
const input = (executions?: ReadonlyMap<string, OrderExecution>) => ({
  runId: 'r1', runNumber: 1, startCash: 10_000, costs: { commissionRate: 0.001, slippageBps: 5 },
  state: { ...initialRunState(10_000), cash: 9_000 }, positions: [held], pending: [], lastClose: new Map([['AAPL', 120]]),
  actor: 'ann', now: NOW, notifications: [], ...(executions === undefined ? {} : { executions }),
});

describe('decideFlatten with a broker\'s executions', () => {
  const [order] = flattenOrders('r1', [held], NOW);

  it('names one closing order per position, for the whole quantity', () => {
    expect(order).toEqual({ clientOrderId: `run:r1:${NOW}:AAPL:flatten`, symbol: 'AAPL', side: 'sell', qty: 10 });
  });

  it('closes at the broker\'s price and commission', () => {
    const out = decideFlatten(input(new Map([[order!.clientOrderId, { kind: 'filled', qty: 10, price: 118, commission: 1.5 }]])));
    if (!out.ok) throw new Error(out.error.message);
    expect(out.value.fills[0]!.fill).toMatchObject({ id: order!.clientOrderId, price: 118, commission: 1.5, qty: 10 });
    expect(out.value.state.cash).toBeCloseTo(9_000 + 1_180 - 1.5, 9);
  });

  it('refuses to decide a flatten the broker has not finished or refused', () => {
    const unfilled = decideFlatten(input(new Map()));
    expect(unfilled.ok ? null : unfilled.error.code).toBe('run.flatten_unfilled');
    const refused = decideFlatten(input(new Map([[order!.clientOrderId, { kind: 'refused', reason: 'market closed' }]])));
    expect(refused.ok ? null : refused.error.message).toBe('the broker refused the order closing AAPL: market closed');
  });

  it('closes with the fill model when no broker was asked (a replay)', () => {
    const out = decideFlatten(input());
    if (!out.ok) throw new Error(out.error.message);
    expect(out.value.fills[0]!.fill.price).toBeCloseTo(120 * (1 - 5 / 10_000), 12);
  });
});
