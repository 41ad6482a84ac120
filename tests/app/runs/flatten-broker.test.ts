// `/run stop flatten:true` closes through the run's broker, like its iterations: one closing order per held symbol,
// with a client order id fixed by (run, time, symbol); the paper broker fills them exactly as the fill model would,
// and a broker's refusal fails the whole flatten with its reason (nothing is half-closed).
import { describe, expect, it } from 'vitest';
import type { OrderRequest } from '../../../src/app/broker/ports.js';
import { flattenCommit } from '../../../src/app/runs/flatten.js';
import type { RunSnapshot, StoredPosition } from '../../../src/app/runs/model.js';
import type { BrokerFactory } from '../../../src/app/runs/ports.js';
import { paperBrokerFor } from '../../../src/broker/paper/paper-broker.js';
import { ok } from '../../../src/core/domain/result.js';
import { decideFlatten } from '../../../src/core/runs/decide-flatten.js';
import { fakeDesk } from '../../helpers/fake-desk.js';

const position = (symbol: string, qty: number, lastPrice: number): StoredPosition => ({
  symbol, qty, avgPrice: 100, entryTime: Date.UTC(2024, 0, 1), entryCommission: 0, lastPrice, barsHeld: 1,
  stopPrice: null, targetPrice: null, trailingPct: null, extreme: 100, maxHoldingBars: null, shadowExits: [],
});

async function heldRun(): Promise<{ d: ReturnType<typeof fakeDesk>; snap: RunSnapshot }> {
  const d = fakeDesk();
  expect((await d.run('/run start strategy:trend-following symbols:SIM-A,SIM-B')).kind).toBe('ok');
  const [run] = await d.runStore.listActive();
  const snap = await d.deps.runStore.loadSnapshot(run!.id);
  if (!snap.ok) throw new Error(snap.error.message);
  // A long and a short.
  return { d, snap: { ...snap.value, positions: [position('SIM-A', 10, 101), position('ZZZZ', -5, 42)] } };
}

const NOW = Date.UTC(2024, 0, 2, 15);

describe('a flatten through the run\'s broker', () => {
  it('sends one closing order per position, and the paper broker fills them as the fill model does', async () => {
    const { d, snap } = await heldRun();
    const sent: OrderRequest[] = [];
    let prices: ReadonlyMap<string, number> = new Map();
    const recording: BrokerFactory = (run, bar) => {
      prices = bar.opens;
      const broker = paperBrokerFor(run, bar);
      if (!broker.ok) return broker;
      const submit = broker.value.submit.bind(broker.value);
      return ok({ ...broker.value, submit: (r: OrderRequest) => (sent.push(r), submit(r)) } as typeof broker.value);
    };
    const commit = await flattenCommit({ ...d.deps, brokerFor: recording }, snap, { actor: 'ann', now: NOW, transition: null, notifications: [] });
    if (!commit.ok) throw new Error(commit.error.message);
    expect(sent.map(({ symbol, side, qty }) => ({ symbol, side, qty }))).toEqual([
      { symbol: 'SIM-A', side: 'sell', qty: 10 },
      { symbol: 'ZZZZ', side: 'buy', qty: 5 },
    ]);
    expect(sent.map((o) => o.clientOrderId)).toEqual([`run:${snap.run.id}:${NOW}:SIM-A:flatten`, `run:${snap.run.id}:${NOW}:ZZZZ:flatten`]);
    expect(commit.value.positions).toEqual([]);

    // The fill model alone, at the prices the broker was given (each symbol's latest close).
    const alone = decideFlatten({
      runId: snap.run.id, runNumber: snap.run.number, startCash: snap.run.manifest.startCash, costs: snap.run.manifest.costs,
      state: snap.state, positions: snap.positions, pending: snap.pending, lastClose: prices, actor: 'ann', now: NOW, notifications: [],
    });
    if (!alone.ok) throw new Error(alone.error.message);
    expect(prices.size).toBe(2);
    expect(commit.value.fills).toEqual(alone.value.fills);
    expect(commit.value.trades).toEqual(alone.value.trades);
    expect(commit.value.state).toEqual(alone.value.state);
  });

  it('fails the whole flatten with the broker\'s reason when it refuses a closing order, committing nothing', async () => {
    const { d, snap } = await heldRun();
    const refusing: BrokerFactory = (run, bar) => {
      const broker = paperBrokerFor(run, bar);
      if (!broker.ok) return broker;
      return ok({
        ...broker.value,
        submit: async (r: OrderRequest) => ok({ ...r, status: 'rejected' as const, filledQty: 0, fills: [], reason: 'market closed' }),
      } as typeof broker.value);
    };
    const commit = await flattenCommit({ ...d.deps, brokerFor: refusing }, snap, { actor: 'ann', now: NOW, transition: null, notifications: [] });
    expect(commit.ok).toBe(false);
    if (!commit.ok) expect(commit.error).toMatchObject({ code: 'run.flatten_refused', message: 'the broker refused the order closing SIM-A: market closed' });
  });
});
