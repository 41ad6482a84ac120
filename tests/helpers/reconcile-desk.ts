// Runs on one real broker account for reconciliation tests and the bench: a manifest at Alpaca's paper account, a
// run started on it with a book, and a stub account broker whose positions a test sets (a change outside the desk).
import type { Broker, BrokerOrder, BrokerPosition, OrderRequest } from '../../src/app/broker/ports.js';
import type { WorkspaceRef } from '../../src/app/chat/command.js';
import type { RunManifest, RunSummary, StoredPosition } from '../../src/app/runs/model.js';
import type { RunStore } from '../../src/app/runs/ports.js';
import { fail, ok } from '../../src/core/domain/result.js';
import { DEFAULT_QUANT } from '../../src/core/engine/config.js';
import { DEFAULT_GATE_LIMITS } from '../../src/core/risk/gates.js';
import type { RunBroker } from '../../src/core/runs/run-broker.js';

export const PAPER_ACCOUNT: RunBroker = { name: 'alpaca', account: 'paper' };

export function manifestAt(broker: RunBroker | undefined, symbols: readonly string[]): RunManifest {
  return {
    strategy: { id: 'trend-following', version: '1.0.0' },
    params: {},
    symbols,
    dataSymbols: [],
    timeframe: '1d',
    dataSource: 'yahoo',
    ...(broker === undefined ? {} : { broker }),
    startCash: 100_000,
    sizing: { kind: 'percent', pct: 10 },
    costs: { commissionRate: 0, slippageBps: 0 },
    gates: { mode: 'enforce', limits: DEFAULT_GATE_LIMITS },
    quant: DEFAULT_QUANT,
    rules: [],
    rulesHash: 'none',
    codeVersion: 'test',
  };
}

export function position(symbol: string, qty: number, avgPrice = 100, entryTime = 0): StoredPosition {
  return {
    symbol, qty, avgPrice, entryTime, entryCommission: 0, lastPrice: avgPrice, barsHeld: 1, stopPrice: null, targetPrice: null, trailingPct: null,
    extreme: avgPrice, maxHoldingBars: null, shadowExits: [],
  };
}

/** Starts a run on `broker` (undefined: the internal paper broker) trading `symbols`, holding `held`. */
export async function startRunOn(store: RunStore, workspace: WorkspaceRef, broker: RunBroker | undefined, symbols: readonly string[], held: readonly StoredPosition[] = [], now = 0): Promise<RunSummary> {
  const created = await store.createRun({ workspace, manifest: manifestAt(broker, symbols), createdBy: 'u', channelId: 'console', now });
  if (!created.ok) throw new Error(created.error.message);
  if (held.length === 0) return created.value;
  const snap = await store.loadSnapshot(created.value.id);
  if (!snap.ok) throw new Error(snap.error.message);
  const set = await store.adjustPositions(created.value.id, {
    expectedVersion: snap.value.version, positions: held, actor: 'test', reason: 'test book', action: 'test.seed', details: {}, now,
  });
  if (!set.ok) throw new Error(set.error.message);
  return set.value;
}

export interface StubAccount extends Broker {
  /** Sets a position at the broker, as a trade outside the desk would (qty 0 removes it). */
  set(symbol: string, qty: number, avgPrice?: number): void;
  /** Market orders fill at once at this price while open; closed: they stay accepted. */
  market: { open: boolean; price: number };
  /** The account's cash: fills move it (a position `set` outside the desk does not). */
  cash: number;
  readonly submitted: OrderRequest[];
  /** positions() fails with this message when set. */
  down: string | null;
}

/** A real broker account as far as reconciliation is concerned: positions a test sets, market orders. */
export function stubAccount(): StubAccount {
  const held = new Map<string, BrokerPosition>();
  const orders = new Map<string, BrokerOrder>();
  const account: StubAccount = {
    capabilities: { partialFills: false },
    market: { open: true, price: 100 },
    cash: 1_000_000,
    submitted: [],
    down: null,
    set(symbol, qty, avgPrice = 100) {
      if (qty === 0) held.delete(symbol);
      else held.set(symbol, { symbol, qty, avgPrice });
    },
    async submit(request) {
      const known = orders.get(request.clientOrderId);
      if (known !== undefined) return ok(known);
      account.submitted.push(request);
      let order: BrokerOrder = { ...request, status: 'accepted', filledQty: 0, fills: [], reason: null };
      if (account.market.open) {
        const p = account.market.price;
        order = { ...order, status: 'filled', filledQty: request.qty, fills: [{ id: `${request.clientOrderId}:1`, qty: request.qty, price: p, commission: 0, time: 0 }] };
        const signed = request.side === 'buy' ? request.qty : -request.qty;
        account.set(request.symbol, (held.get(request.symbol)?.qty ?? 0) + signed, p);
        account.cash -= signed * p;
      }
      orders.set(request.clientOrderId, order);
      return ok(order);
    },
    async cancel(id) {
      const o = orders.get(id);
      return o === undefined ? fail('broker.order_not_found', `no order ${id}`) : ok(o);
    },
    async getOrder(id) {
      return ok(orders.get(id) ?? null);
    },
    async positions() {
      if (account.down !== null) return fail('broker.unreachable', account.down);
      return ok([...held.values()].sort((a, b) => (a.symbol < b.symbol ? -1 : 1)));
    },
    async account() {
      return ok({ cash: account.cash, buyingPower: account.cash, equity: account.cash });
    },
    // This account lists no cash activities: any cash its fills do not explain is a difference.
    cashActivities: async () => ok({ activities: [], cursor: null }),
    onOrderUpdate: () => () => undefined,
  };
  return account;
}
