// A paper run's orders are executed by its paper broker (src/broker/paper) through the Broker port; what the broker
// fills must be, value for value, what a backtest fills on the same bars (one fill model for both).
import { describe, expect, it } from 'vitest';
import type { BrokerFill } from '../../../src/app/broker/ports.js';
import type { BrokerFactory } from '../../../src/app/runs/ports.js';
import { iterateRun, type RunDeps } from '../../../src/app/runs/iterate.js';
import { startRun, type StartRunDeps } from '../../../src/app/runs/start-run.js';
import { paperBrokerFor } from '../../../src/broker/paper/paper-broker.js';
import type { Fill, PlannedOrder } from '../../../src/core/domain/order.js';
import { ok } from '../../../src/core/domain/result.js';
import { DEFAULT_QUANT } from '../../../src/core/engine/config.js';
import { createPlannerContext } from '../../../src/core/engine/plan.js';
import { createEngineState } from '../../../src/core/engine/state.js';
import { stepBar } from '../../../src/core/engine/step.js';
import { buildUniverse } from '../../../src/core/engine/universe.js';
import { DEFAULT_GATE_LIMITS } from '../../../src/core/risk/gates.js';
import { bindStrategy } from '../../../src/core/strategies/registry.js';
import { createSimMarketData } from '../../../src/market-data/sim/sim-market-data.js';
import { createMemoryRunStore, type MemoryRunStore } from '../../helpers/memory-run-store.js';

const DAY = 86_400_000;
const EPOCH = Date.UTC(2000, 0, 3);
const SYMBOLS = ['SIM', 'SIMB'];
const COSTS = { commissionRate: 0.001, slippageBps: 5 };
const sim = createSimMarketData({ seed: 7 });

/** The run's deps, its broker recording every fill it makes, by client order id. */
function deps(store: MemoryRunStore, brokerFills: Map<string, BrokerFill>): StartRunDeps & RunDeps {
  const brokerFor: BrokerFactory = (run, bar) => {
    const broker = paperBrokerFor(run, bar);
    if (broker.ok) broker.value.onOrderUpdate((u) => u.fill !== null && brokerFills.set(u.order.clientOrderId, u.fill));
    return broker;
  };
  return {
    store, marketData: () => ok(sim), brokerFor, activeRules: async () => ok([]), codeVersion: 'test',
    defaults: { startCash: 100_000, costs: COSTS },
  };
}

/** The backtest's fills of planned orders at the opens, on the same bars as the run. */
async function backtestFills(runId: string, lastClose: number): Promise<Fill[]> {
  const series = [];
  for (const symbol of SYMBOLS) {
    const bars = await sim.getBars({ symbol, timeframe: '1d', from: EPOCH, to: lastClose - DAY });
    if (!bars.ok) throw new Error(bars.error.message);
    series.push(bars.value);
  }
  const strategy = bindStrategy('trend-following', { fast: 5, slow: 20 });
  if (!strategy.ok) throw new Error(strategy.error.message);
  const universe = buildUniverse(series, SYMBOLS.map(() => true));
  const ctx = createPlannerContext(universe, {
    runKey: `run:${runId}`, strategy: strategy.value, timeframe: '1d', rules: [], gates: DEFAULT_GATE_LIMITS, gatesMode: 'enforce',
    sizing: { kind: 'percent', pct: 30 }, costs: COSTS, quant: DEFAULT_QUANT,
  });
  const state = createEngineState(100_000);
  const fills: Fill[] = [];
  let pending: PlannedOrder[] = [];
  for (let t = 0; t < universe.times.length; t++) {
    pending = stepBar(ctx, state, t, pending, {
      fill: (fill, order) => {
        if (order !== null) fills.push(fill);
      },
      blocked: () => undefined, event: () => undefined, plan: () => undefined,
    });
  }
  return fills;
}

describe('a paper run executing through its paper broker', () => {
  it('fills exactly what a backtest fills on the same bars', async () => {
    const brokerFills = new Map<string, BrokerFill>();
    const store = createMemoryRunStore();
    const d = deps(store, brokerFills);
    const started = await startRun(d, {
      workspace: { platform: 'console', externalId: 'local', name: 'Local' }, actor: { id: 'u', name: 'ann', role: 'trader' }, channelId: 'console',
      strategyId: 'trend-following', params: { fast: 5, slow: 20 }, symbols: SYMBOLS, timeframe: '1d', dataSource: 'sim',
      sizing: { kind: 'percent', pct: 30 }, now: EPOCH + 20 * DAY,
    });
    if (!started.ok) throw new Error(started.error.message);
    const runId = started.value.run.id;
    const lastClose = EPOCH + 250 * DAY;
    for (let close = EPOCH + 21 * DAY; close <= lastClose; close += DAY) {
      const res = await iterateRun(d, runId, close, close + 1000);
      expect(res.ok && res.value.kind, res.ok ? '' : res.error.message).toBe('committed');
    }
    const expected = await backtestFills(runId, lastClose);
    const booked = store.commits.flatMap((c) => c.fills.filter((f) => f.clientOrderId !== null).map((f) => f.fill));
    expect(expected.length).toBeGreaterThan(4);
    expect(new Set(expected.map((f) => f.symbol))).toEqual(new Set(SYMBOLS));
    // The run's book applied the broker's fills ...
    expect(booked).toEqual(expected);
    // ... and they are the broker's: same quantity, price and commission, to the last bit.
    expect([...brokerFills.keys()]).toEqual(expected.map((f) => f.id.replace(/:fill$/, '')));
    expect([...brokerFills.values()].map(({ qty, price, commission, time }) => ({ qty, price, commission, time })))
      .toEqual(expected.map(({ qty, price, commission, time }) => ({ qty, price, commission, time })));
  });
});
