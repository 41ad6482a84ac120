import { describe, expect, it } from 'vitest';
import { iterateRun, type RunDeps } from '../../../src/app/runs/iterate.js';
import { startRun, type StartRunDeps } from '../../../src/app/runs/start-run.js';
import { ok } from '../../../src/core/domain/result.js';
import { runBacktest } from '../../../src/core/engine/backtest.js';
import { buildUniverse } from '../../../src/core/engine/universe.js';
import { bindStrategy } from '../../../src/core/strategies/registry.js';
import { DEFAULT_GATE_LIMITS } from '../../../src/core/risk/gates.js';
import { DEFAULT_QUANT } from '../../../src/core/engine/config.js';
import { createSimMarketData } from '../../../src/market-data/sim/sim-market-data.js';
import { createMemoryRunStore, type MemoryRunStore } from '../../helpers/memory-run-store.js';
import { paperBrokerFor } from '../../../src/broker/paper/paper-broker.js';

const DAY = 86_400_000;
const EPOCH = Date.UTC(2000, 0, 1);
const sim = createSimMarketData({ seed: 42 });
const workspace = { platform: 'console', externalId: 'local', name: 'Local' } as const;

function deps(store: MemoryRunStore): StartRunDeps & RunDeps {
  return {
    store,
    brokerFor: paperBrokerFor,
    marketData: () => ok(sim),
    activeRules: async () => ok([]),
    codeVersion: 'test',
    defaults: { startCash: 100_000, costs: { commissionRate: 0.001, slippageBps: 5 } },
  };
}

async function start(store: MemoryRunStore, now: number) {
  const res = await startRun(deps(store), {
    workspace, actor: { id: 'u', name: 'ann', role: 'trader' }, channelId: 'console',
    strategyId: 'trend-following', params: { fast: 5, slow: 20 }, symbols: ['SIM'], timeframe: '1d', dataSource: 'sim',
    sizing: { kind: 'percent', pct: 20 }, now,
  });
  if (!res.ok) throw new Error(res.error.message);
  return res.value;
}

describe('paper iterations', () => {
  it('decide exactly what a backtest decides on the same bars', async () => {
    const store = createMemoryRunStore();
    const { run } = await start(store, EPOCH + 20 * DAY);
    const lastClose = EPOCH + 200 * DAY;
    for (let close = EPOCH + 21 * DAY; close <= lastClose; close += DAY) {
      const res = await iterateRun(deps(store), run.id, close, close + 1000);
      expect(res.ok && res.value.kind, res.ok ? '' : res.error.message).toBe('committed');
    }
    const paperTrades = store.commits.flatMap((c) => c.trades);
    const bars = await sim.getBars({ symbol: 'SIM', timeframe: '1d', from: EPOCH, to: lastClose - DAY });
    if (!bars.ok) throw new Error(bars.error.message);
    const strategy = bindStrategy('trend-following', { fast: 5, slow: 20 });
    if (!strategy.ok) throw new Error(strategy.error.message);
    const bt = runBacktest(buildUniverse([bars.value], [true]), {
      runKey: `run:${run.id}`, strategy: strategy.value, timeframe: '1d', rules: [], gates: DEFAULT_GATE_LIMITS, gatesMode: 'enforce',
      sizing: { kind: 'percent', pct: 20 }, costs: { commissionRate: 0.001, slippageBps: 5 }, quant: DEFAULT_QUANT,
    }, 100_000);
    expect(paperTrades.length).toBeGreaterThan(2);
    expect(paperTrades).toEqual(bt.trades);
    const last = store.commits[store.commits.length - 1]!;
    expect(last.equity.equity).toBeCloseTo(bt.metrics.endEquity, 6);
  });

  it('is idempotent per bar: the same close twice commits once', async () => {
    const store = createMemoryRunStore();
    const { run } = await start(store, EPOCH + 30 * DAY);
    const close = EPOCH + 31 * DAY;
    const first = await iterateRun(deps(store), run.id, close, close);
    const second = await iterateRun(deps(store), run.id, close, close + 5000);
    expect(first.ok && first.value.kind).toBe('committed');
    expect(second.ok && second.value).toEqual({ kind: 'skipped', reason: 'bar already decided' });
    expect(store.commits).toHaveLength(1);
  });

  it('recomputes the same decision after a crash before the commit, and never doubles it', async () => {
    const store = createMemoryRunStore();
    const { run } = await start(store, EPOCH + 20 * DAY);
    const realCommit = store.commitIteration;
    let crashes = 1;
    const crashing: StartRunDeps & RunDeps = { ...deps(store), store: { ...store, commitIteration: async (c) => {
      if (crashes-- > 0) throw new Error('process killed');
      return realCommit(c);
    } } };
    for (let close = EPOCH + 21 * DAY; close <= EPOCH + 120 * DAY; close += DAY) {
      await iterateRun(crashing, run.id, close, close).catch(() => iterateRun(crashing, run.id, close, close));
    }
    const keys = store.commits.map((c) => c.barTime);
    expect(new Set(keys).size).toBe(keys.length);
    const ids = store.commits.flatMap((c) => c.fills.map((f) => f.fill.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('does not trade a paused run', async () => {
    const store = createMemoryRunStore();
    const { run } = await start(store, EPOCH + 30 * DAY);
    await store.transition(run.id, 'paused', 'ann', 'lunch', EPOCH + 30 * DAY);
    const res = await iterateRun(deps(store), run.id, EPOCH + 31 * DAY, EPOCH + 31 * DAY);
    expect(res.ok && res.value).toEqual({ kind: 'skipped', reason: 'Run #1 is paused' });
  });

  it('feeds data failures to the circuit breaker and halts the run after three in a row', async () => {
    const store = createMemoryRunStore();
    const { run } = await start(store, EPOCH + 30 * DAY);
    const failing: RunDeps = { store, brokerFor: paperBrokerFor, marketData: () => ok({ ...sim, getBars: async () => ({ ok: false, error: { code: 'data.unavailable', message: 'feed down' } }) }) };
    const kinds: string[] = [];
    for (let d = 31; d <= 33; d++) {
      const res = await iterateRun(failing, run.id, EPOCH + d * DAY, EPOCH + d * DAY);
      kinds.push(res.ok ? res.value.kind : 'error');
    }
    expect(kinds).toEqual(['failed', 'failed', 'failed']);
    const snap = await store.loadSnapshot(run.id);
    expect(snap.ok && snap.value.run.status).toBe('halted');
    expect(store.commits[2]!.notifications.map((n) => n.eventType)).toEqual(['breaker_tripped']);
  });
});

describe('blocked-trade notifications', () => {
  it('announce a block once while it stands, even when bars without an entry signal come in between', async () => {
    const store = createMemoryRunStore();
    const d: StartRunDeps & RunDeps = {
      ...deps(store),
      activeRules: async () => ok([{ id: 'no-sim', category: 'screening', type: 'symbol_denylist', params: { symbols: ['SIM'] }, priority: 5, active: true, shadow: false }]),
    };
    const res = await startRun(d, {
      workspace, actor: { id: 'u', name: 'ann', role: 'trader' }, channelId: 'console',
      strategyId: 'mean-reversion', params: { period: 5, oversold: 45, overbought: 55 }, symbols: ['SIM'], timeframe: '1d', dataSource: 'sim', now: EPOCH + 10 * DAY,
    });
    if (!res.ok) throw new Error(res.error.message);
    for (let close = EPOCH + 11 * DAY; close <= EPOCH + 150 * DAY; close += DAY) await iterateRun(d, res.value.run.id, close, close);
    const blockedBars = store.commits.map((c) => c.decision.verdicts.some((v) => v.by === 'rule:no-sim'));
    const streaks = blockedBars.filter((b, i) => b && !(blockedBars[i - 1] ?? false)).length;
    const notified = store.commits.flatMap((c) => c.notifications).filter((n) => n.eventType === 'trade_blocked');
    // The level-based signal flickers: the block stands through many streaks with signal-less bars between them...
    expect(blockedBars.filter(Boolean).length).toBeGreaterThan(streaks);
    expect(streaks).toBeGreaterThan(5);
    // ...and nothing ever lifts it (SIM is never let through), so it is announced once; every bar's record keeps it.
    expect(notified.map((n) => [n.payload['symbol'], n.payload['by']])).toEqual([['SIM', 'rule:no-sim']]);
    expect(store.commits.flatMap((c) => c.decision.verdicts).length).toBe(blockedBars.filter(Boolean).length);
  });
});
