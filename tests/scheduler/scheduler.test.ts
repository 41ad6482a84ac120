import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/app/runs/model.js';
import { createScheduler, DEFAULT_LEASE_TTL_MS } from '../../src/scheduler/scheduler.js';
import { createFakeIterate, createFakeStore, createManualClock, sampleRun, settle } from './fakes.js';

const EQ = sampleRun({ id: 'eq', number: 1, symbols: ['AAPL'], dataSource: 'csv', timeframe: '1h' });
const SIM = sampleRun({ id: 'sim', number: 2, symbols: ['SIM'], dataSource: 'sim', timeframe: '1h' });

// Tuesday 2 January 2024, EST: the NYSE session is 14:30-21:00 UTC, so 1h bars close at 15:30, 16:30, ... 21:00.
function setup(runs: RunSummary[], start = '2024-01-02T15:45:00Z') {
  const store = createFakeStore(runs);
  const clock = createManualClock(start);
  const fake = createFakeIterate();
  const logs: string[] = [];
  const scheduler = createScheduler({ store, iterate: fake.iterate, clock, holder: 'desk-a', log: (l) => logs.push(l), order: (runs) => runs });
  return { store, clock, fake, logs, scheduler };
}

describe('createScheduler: one iteration per bar close', () => {
  it('iterates each due run once per close', async () => {
    const { clock, fake, scheduler } = setup([EQ, SIM]);
    await scheduler.tickNow();
    await scheduler.tickNow();
    expect(fake.calls).toEqual([
      { runId: 'eq', close: '2024-01-02T15:30:00.000Z' },
      { runId: 'sim', close: '2024-01-02T15:00:00.000Z' },
    ]);
    clock.set('2024-01-02T16:00:00Z');
    await scheduler.tickNow();
    clock.set('2024-01-02T16:30:00Z');
    await scheduler.tickNow();
    await scheduler.tickNow();
    expect(fake.calls.slice(2)).toEqual([
      { runId: 'sim', close: '2024-01-02T16:00:00.000Z' },
      { runId: 'eq', close: '2024-01-02T16:30:00.000Z' },
    ]);
  });

  it('does not iterate before the close', async () => {
    const { clock, fake, scheduler } = setup([EQ], '2024-01-02T15:30:00Z');
    await scheduler.tickNow();
    clock.set(Date.parse('2024-01-02T16:30:00Z') - 1);
    await scheduler.tickNow();
    expect(fake.calls.map((c) => c.close)).toEqual(['2024-01-02T15:30:00.000Z']);
    clock.set('2024-01-02T16:30:00Z');
    await scheduler.tickNow();
    expect(fake.calls.map((c) => c.close)).toEqual(['2024-01-02T15:30:00.000Z', '2024-01-02T16:30:00.000Z']);
  });

  it("waits for the first close after a new run started, never deciding on a bar that closed before it existed", async () => {
    const fresh: RunSummary = { ...EQ, id: 'fresh', startedAt: Date.parse('2024-01-02T15:40:00Z') };
    const { clock, fake, scheduler } = setup([fresh], '2024-01-02T15:45:00Z');
    await scheduler.tickNow();
    expect(fake.calls).toEqual([]);
    clock.set('2024-01-02T16:30:00Z');
    await scheduler.tickNow();
    expect(fake.calls).toEqual([{ runId: 'fresh', close: '2024-01-02T16:30:00.000Z' }]);
  });

  it('does not double-run when two ticks happen at the same time', async () => {
    const { fake, scheduler } = setup([EQ, SIM]);
    await Promise.all([scheduler.tickNow(), scheduler.tickNow(), scheduler.tickNow()]);
    expect(fake.calls).toHaveLength(2);
  });

  it('skips a run whose previous iteration is still going instead of overlapping it', async () => {
    const { clock, fake, scheduler } = setup([EQ]);
    fake.hold();
    const first = scheduler.tickNow();
    await settle();
    clock.set('2024-01-02T16:45:00Z');
    await scheduler.tickNow();
    expect(fake.calls).toHaveLength(1);
    fake.release();
    await first;
    await scheduler.tickNow();
    expect(fake.calls.map((c) => c.close)).toEqual(['2024-01-02T15:30:00.000Z', '2024-01-02T16:30:00.000Z']);
  });

  it('logs missed closes after a gap and iterates only the latest one', async () => {
    const { clock, fake, logs, scheduler } = setup([EQ], '2024-01-02T15:30:00Z');
    await scheduler.tickNow();
    clock.set('2024-01-02T18:45:00Z');
    await scheduler.tickNow();
    expect(fake.calls.map((c) => c.close)).toEqual(['2024-01-02T15:30:00.000Z', '2024-01-02T18:30:00.000Z']);
    expect(logs).toEqual([
      'Run #1 (local): missed 2 bar(s) between 2024-01-02T15:30:00Z and 2024-01-02T18:30:00Z; trading resumes at the latest close',
    ]);
  });

  it('counts the closes a busy run missed once it is free', async () => {
    const { clock, fake, logs, scheduler } = setup([EQ], '2024-01-02T15:30:00Z');
    fake.hold();
    const first = scheduler.tickNow();
    await settle();
    clock.set('2024-01-02T17:40:00Z');
    await scheduler.tickNow();
    fake.release();
    await first;
    clock.set('2024-01-02T18:40:00Z');
    await scheduler.tickNow();
    expect(fake.calls.map((c) => c.close)).toEqual(['2024-01-02T15:30:00.000Z', '2024-01-02T18:30:00.000Z']);
    expect(logs).toEqual([expect.stringContaining('missed 2 bar(s) between 2024-01-02T15:30:00Z and 2024-01-02T18:30:00Z')]);
  });

  it('iterates the latest close at start without calling anything missed', async () => {
    const { fake, logs, scheduler } = setup([EQ], '2024-01-02T20:59:00Z');
    await scheduler.tickNow();
    expect(fake.calls.map((c) => c.close)).toEqual(['2024-01-02T20:30:00.000Z']);
    expect(logs).toEqual([]);
  });

  it('forgets a run that leaves the active list and restarts it at the latest close', async () => {
    const { store, clock, fake, logs, scheduler } = setup([EQ], '2024-01-02T15:30:00Z');
    await scheduler.tickNow();
    store.runs = [{ ...EQ, status: 'paused' }];
    await scheduler.tickNow();
    store.runs = [EQ];
    clock.set('2024-01-02T18:45:00Z');
    await scheduler.tickNow();
    expect(fake.calls.map((c) => c.close)).toEqual(['2024-01-02T15:30:00.000Z', '2024-01-02T18:30:00.000Z']);
    expect(logs).toEqual([]);
  });

  it('retries a failed close at the next tick, even once a newer close is due, then trades the latest', async () => {
    const { store, clock, fake, logs, scheduler } = setup([EQ], '2024-01-02T15:30:00Z');
    fake.failWith(new Error('market data timed out'));
    await scheduler.tickNow();
    expect(store.holderOf('eq')).toBeNull();
    fake.failWith(null);
    clock.set('2024-01-02T16:30:00Z');
    await scheduler.tickNow();
    await scheduler.tickNow();
    expect(fake.calls.map((c) => c.close)).toEqual(['2024-01-02T15:30:00.000Z', '2024-01-02T15:30:00.000Z', '2024-01-02T16:30:00.000Z']);
    expect(logs).toEqual(['Run #1 (local): iteration at the 2024-01-02T15:30:00Z close failed: market data timed out; retrying']);
  });

  it('gives a close up after its last attempt, says so once, and trades the latest close', async () => {
    const store = createFakeStore([EQ]);
    const clock = createManualClock('2024-01-02T15:30:00Z');
    const fake = createFakeIterate();
    const logs: string[] = [];
    const scheduler = createScheduler({ store, iterate: fake.iterate, clock, holder: 'desk-a', log: (l) => logs.push(l), maxAttempts: 3 });
    fake.failWith(new Error('market data timed out'));
    for (let i = 0; i < 4; i++) await scheduler.tickNow();
    fake.failWith(null);
    clock.set('2024-01-02T16:30:00Z');
    await scheduler.tickNow();
    expect(fake.calls.map((c) => c.close.slice(11, 16))).toEqual(['15:30', '15:30', '15:30', '16:30']);
    expect(logs).toEqual([
      'Run #1 (local): iteration at the 2024-01-02T15:30:00Z close failed: market data timed out; retrying',
      'Run #1 (local): gave up on the 2024-01-02T15:30:00Z close after 3 attempts (iteration at the 2024-01-02T15:30:00Z close failed: market data timed out); trading resumes at the latest close',
    ]);
  });

  it('takes a real-time lease at the close, never stretched by the clock speed, and releases it after', async () => {
    const store = createFakeStore([EQ]);
    const clock = { now: () => Date.parse('2024-01-02T15:45:00Z'), speed: 600 };
    const fake = createFakeIterate();
    const scheduler = createScheduler({ store, iterate: fake.iterate, clock, realNow: () => 1_000, holder: 'desk-a', log: () => {} });
    await scheduler.tickNow();
    expect(store.leaseCalls).toEqual([
      { runId: 'eq', holder: 'desk-a', barTime: Date.parse('2024-01-02T15:30:00Z'), ttlMs: DEFAULT_LEASE_TTL_MS, now: 1_000, granted: true },
    ]);
    expect(DEFAULT_LEASE_TTL_MS).toBeLessThanOrEqual(30_000);
    expect(store.holderOf('eq')).toBeNull();
  });
});

describe('createScheduler: iterations at once', () => {
  const many = Array.from({ length: 10 }, (_, i) => sampleRun({ id: `r${i}`, number: i + 1, symbols: ['SIM'], dataSource: 'sim', timeframe: '1h' }));

  it('runs at most `concurrency` iterations at once; the other due runs wait their turn and all go through', async () => {
    const store = createFakeStore(many);
    const fake = createFakeIterate();
    let open = 0;
    let most = 0;
    const scheduler = createScheduler({
      store, clock: createManualClock('2024-01-02T15:45:00Z'), holder: 'desk-a', log: () => {}, concurrency: 3,
      iterate: async (run, close) => {
        open++;
        most = Math.max(most, open);
        await settle();
        await fake.iterate(run, close);
        open--;
      },
    });
    await scheduler.tickNow();
    expect(most).toBe(3);
    expect(fake.calls.map((c) => c.runId).sort()).toEqual(many.map((r) => r.id).sort());
    // A second tick while nothing is due starts nothing.
    await scheduler.tickNow();
    expect(fake.calls).toHaveLength(10);
  });

  it('a stop drops the runs still waiting for a turn and waits for the ones running', async () => {
    const store = createFakeStore(many);
    const fake = createFakeIterate();
    const scheduler = createScheduler({ store, iterate: fake.iterate, clock: createManualClock('2024-01-02T15:45:00Z'), holder: 'desk-a', log: () => {}, concurrency: 2, order: (runs) => runs });
    fake.hold();
    const ticking = scheduler.tickNow();
    await settle();
    await settle();
    expect(fake.calls.map((c) => c.runId)).toEqual(['r0', 'r1']);
    const stopping = scheduler.stop();
    fake.release();
    await Promise.all([ticking, stopping]);
    expect(fake.calls.map((c) => c.runId)).toEqual(['r0', 'r1']);
    // Their leases were released: nothing is left held for another desk to wait out.
    expect(many.map((r) => store.holderOf(r.id)).filter((h) => h !== null)).toEqual([]);
  });

  it('shuffles the due runs by default, so desks sharing a database seldom queue for the same run', async () => {
    const orders = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const fake = createFakeIterate();
      const scheduler = createScheduler({ store: createFakeStore(many), iterate: fake.iterate, clock: createManualClock('2024-01-02T15:45:00Z'), holder: 'desk-a', log: () => {}, concurrency: 1 });
      await scheduler.tickNow();
      expect(fake.calls).toHaveLength(10);
      orders.add(fake.calls.map((c) => c.runId).join(','));
    }
    // 5 shuffles of 10 runs all alike: odds 1 in (10!)^4.
    expect(orders.size).toBeGreaterThan(1);
  });

  it('puts a close owed another try (its lease was held elsewhere) ahead of the runs queued for the first time', async () => {
    const store = createFakeStore(many.slice(0, 6));
    const fake = createFakeIterate();
    const scheduler = createScheduler({ store, iterate: fake.iterate, clock: createManualClock('2024-01-02T15:45:00Z'), holder: 'desk-a', log: () => {}, concurrency: 1, order: (runs) => runs });
    // Another desk holds r0 (it died mid-iteration, say); r1 takes the one slot and r2..r5 queue behind it.
    expect(await store.acquireLease('r0', 'desk-b', 0, 60_000, Date.now())).toBe(true);
    fake.hold();
    const first = scheduler.tickNow();
    for (let i = 0; i < 5; i++) await settle();
    expect(fake.calls.map((c) => c.runId)).toEqual(['r1']);
    // Its lease frees; the next tick owes r0 its close and puts it first in line.
    await store.releaseLease('r0', 'desk-b');
    const second = scheduler.tickNow();
    for (let i = 0; i < 5; i++) await settle();
    fake.release();
    await Promise.all([first, second]);
    expect(fake.calls.map((c) => c.runId)).toEqual(['r1', 'r0', 'r2', 'r3', 'r4', 'r5']);
  });

  it('refuses a concurrency that is not a whole number of at least 1', () => {
    expect(() => createScheduler({ store: createFakeStore([]), iterate: async () => {}, clock: createManualClock('2024-01-02T15:45:00Z'), holder: 'a', log: () => {}, concurrency: 0 })).toThrow(/concurrency/);
  });
});
