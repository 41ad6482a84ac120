// The guarded path every change to a run's book takes: the run's lease (waiting for an iteration in flight), then a
// compare-and-set on the book version read, decided again when it lost.
import { describe, expect, it } from 'vitest';
import { LEASE_WAIT_MS, MAX_DECISIONS } from '../../../src/app/runs/book-guard.js';
import { changeRunStatus } from '../../../src/app/runs/lifecycle.js';
import type { RunStore } from '../../../src/app/runs/ports.js';
import { startRun } from '../../../src/app/runs/start-run.js';
import { ok } from '../../../src/core/domain/result.js';
import { createSimMarketData } from '../../../src/market-data/sim/sim-market-data.js';
import { createMemoryRunStore, type MemoryRunStore } from '../../helpers/memory-run-store.js';
import { testLeasing } from '../../helpers/test-leasing.js';

const NOW = Date.UTC(2024, 0, 2, 12);
const workspace = { platform: 'console', externalId: 'local', name: 'Local' } as const;
const ann = { id: 'u', name: 'ann', role: 'trader' } as const;

async function started(store: MemoryRunStore) {
  const res = await startRun({ store, marketData: () => ok(createSimMarketData({ seed: 42 })), activeRules: async () => ok([]), codeVersion: 'test',
    defaults: { startCash: 100_000, costs: { commissionRate: 0, slippageBps: 0 } } }, {
    workspace, actor: ann, channelId: 'console', strategyId: 'breakout', params: {}, symbols: ['SIM'], timeframe: '1d', dataSource: 'sim', now: NOW,
  });
  if (!res.ok) throw new Error(res.error.message);
  return res.value.run;
}

describe('a change to a run', () => {
  it('waits for the iteration holding the run\'s lease, then goes through', async () => {
    const store = createMemoryRunStore();
    const run = await started(store);
    const leasing = testLeasing();
    expect(await store.acquireLease(run.id, 'desk-scheduler', NOW, 60_000, leasing.now)).toBe(true);
    const sleep = leasing.sleep;
    // The iteration finishes (and releases) while the change waits.
    leasing.sleep = async (ms) => {
      await sleep(ms);
      if (leasing.waits.length === 3) await store.releaseLease(run.id, 'desk-scheduler');
    };
    const paused = await changeRunStatus({ store, leasing }, { workspace, number: 1, to: 'paused', actor: ann, now: NOW });
    expect(paused.ok && paused.value.run.status).toBe('paused');
    expect(leasing.waits.length).toBe(3);
    // Its own lease is released after: the scheduler gets the run back.
    expect(await store.acquireLease(run.id, 'desk-scheduler', NOW, 60_000, leasing.now)).toBe(true);
  });

  it('gives up with a clear line after waiting its time for a run someone else holds, changing nothing', async () => {
    const store = createMemoryRunStore();
    const run = await started(store);
    const leasing = testLeasing();
    await store.acquireLease(run.id, 'other-desk', NOW, 10 * LEASE_WAIT_MS, leasing.now);
    const res = await changeRunStatus({ store, leasing }, { workspace, number: 1, to: 'paused', actor: ann, now: NOW });
    expect(res).toEqual({ ok: false, error: { code: 'run.busy', message: 'Run #1 is busy (an iteration or another change holds it); try again in a moment', details: { number: 1 } } });
    expect(leasing.waits.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(LEASE_WAIT_MS);
    expect(store.transitions).toEqual([]);
  });

  it('reads and decides again while its commit keeps losing, and gives up after a bound', async () => {
    const store = createMemoryRunStore();
    const run = await started(store);
    let reads = 0;
    // Someone changes the run between every read and every commit.
    const busy: RunStore = { ...store, loadSnapshot: async (id) => {
      reads++;
      const snap = await store.loadSnapshot(id);
      store.touch(id);
      return snap;
    } };
    const res = await changeRunStatus({ store: busy, leasing: testLeasing() }, { workspace, number: 1, to: 'paused', actor: ann, now: NOW });
    expect(res.ok ? '' : res.error.code).toBe('run.stale');
    expect(reads).toBe(MAX_DECISIONS);
    const after = await store.loadSnapshot(run.id);
    expect(after.ok && after.value.run.status).toBe('running');
    expect(store.transitions).toEqual([]);
  });
});
