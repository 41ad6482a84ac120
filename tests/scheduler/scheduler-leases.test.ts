// Leases on real time at --speed 600: a dead desk's lease frees its run after the (real) TTL, a live desk renews
// its lease through an iteration of any length, and missed closes are summarised instead of logged one by one.
// Real time is vitest's fake clock (Date.now and the renewal interval), so nothing here waits.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunStore } from '../../src/app/runs/ports.js';
import { createScaledClock } from '../../src/scheduler/clock.js';
import { createScheduler, DEFAULT_LEASE_TTL_MS } from '../../src/scheduler/scheduler.js';
import { createFakeIterate, createFakeStore, sampleRun, settle, type FakeStore } from './fakes.js';

const SPEED = 600;
const REAL_T0 = Date.parse('2024-01-02T15:30:00.050Z');
const RUN = sampleRun({ id: 'sim', number: 2, symbols: ['SIM-A'], dataSource: 'sim', timeframe: '1m' });

/** A desk process's view of the shared store that stops answering when the process is killed (-9). */
function killable(store: FakeStore): { view: Pick<RunStore, 'listActive' | 'acquireLease' | 'releaseLease'>; kill(): void } {
  let dead = false;
  const never = new Promise<never>(() => {});
  return {
    view: {
      listActive: () => (dead ? never : store.listActive()),
      acquireLease: (...args) => (dead ? never : store.acquireLease(...args)),
      releaseLease: (...args) => (dead ? never : store.releaseLease(...args)),
    },
    kill: () => {
      dead = true;
    },
  };
}

const deskClock = () => createScaledClock({ speed: SPEED, start: REAL_T0, real: () => Date.now() });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'], now: REAL_T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

async function startHeldIteration(store: FakeStore) {
  const a = killable(store);
  const fake = createFakeIterate();
  fake.hold();
  const scheduler = createScheduler({ store: a.view, iterate: fake.iterate, clock: deskClock(), holder: 'desk-a', log: () => {} });
  void scheduler.tickNow();
  for (let i = 0; i < 5; i++) await settle();
  expect(store.holderOf('sim')).toBe('desk-a');
  return { ...a, fake };
}

describe('createScheduler: leases on real time at --speed 600', () => {
  it("takes over a killed desk's lease once its real-time TTL has run out, within 30 s", async () => {
    const store = createFakeStore([RUN]);
    const a = await startHeldIteration(store);
    a.kill();
    const restarted = createFakeIterate();
    const b = createScheduler({ store, iterate: restarted.iterate, clock: deskClock(), holder: 'desk-b', log: () => {} });
    const firstIterationAfterMs: number[] = [];
    for (let s = 1; s <= 30 && firstIterationAfterMs.length === 0; s++) {
      await vi.advanceTimersByTimeAsync(1_000);
      await b.tickNow();
      if (restarted.calls.length > 0) firstIterationAfterMs.push(Date.now() - REAL_T0);
    }
    expect(firstIterationAfterMs).toHaveLength(1);
    // Not before the dead desk's lease ran out (it might still have been alive), and not later than 30 s.
    expect(firstIterationAfterMs[0]).toBeGreaterThanOrEqual(DEFAULT_LEASE_TTL_MS);
    expect(firstIterationAfterMs[0]).toBeLessThanOrEqual(30_000);
    expect(store.leaseCalls.filter((c) => c.holder === 'desk-b' && c.granted)).toHaveLength(1);
  });

  it('never loses the lease of a live desk, however long its iteration takes', async () => {
    const store = createFakeStore([RUN]);
    const a = await startHeldIteration(store);
    const other = createFakeIterate();
    const b = createScheduler({ store, iterate: other.iterate, clock: deskClock(), holder: 'desk-b', log: () => {} });
    // Twenty minutes of real time (12,000 bars of desk time) in one iteration, the other desk trying every 5 s.
    for (let s = 0; s < 240; s++) {
      await vi.advanceTimersByTimeAsync(5_000);
      await b.tickNow();
    }
    expect(other.calls).toEqual([]);
    expect(store.holderOf('sim')).toBe('desk-a');
    // Once it is done and has let go, the next close is the other desk's to take.
    a.fake.release();
    for (let i = 0; i < 5; i++) await settle();
    expect(store.holderOf('sim')).toBeNull();
    await vi.advanceTimersByTimeAsync(1_000);
    await b.tickNow();
    expect(other.calls).toHaveLength(1);
  });
});

describe('createScheduler: missed closes at --speed 600', () => {
  it('summarises them in one line per minute of real time, counting every one', async () => {
    const store = createFakeStore([RUN]);
    const fake = createFakeIterate();
    const logs: string[] = [];
    const scheduler = createScheduler({ store, iterate: fake.iterate, clock: deskClock(), holder: 'desk-a', log: (l) => logs.push(l) });
    // A desk that only gets to tick every 250 ms real: 2.5 bars of desk time, so most ticks skip a close or two.
    for (let i = 0; i < 1_200; i++) {
      await vi.advanceTimersByTimeAsync(250);
      await scheduler.tickNow();
    }
    await scheduler.stop();
    const ran = fake.calls.map((c) => Date.parse(c.close));
    const missed = (ran.at(-1)! - ran[0]!) / 60_000 + 1 - ran.length;
    expect(missed).toBeGreaterThan(1_000);
    // Five minutes of real time: the first gap at once, then one summary per minute (and what is left at stop).
    expect(logs.length).toBeLessThanOrEqual(7);
    const counted = logs.reduce((sum, line) => sum + [...line.matchAll(/(?:missed |Run #2 \(local\) )(\d+)/g)].reduce((s, m) => s + Number(m[1]), 0), 0);
    expect(counted).toBe(missed);
    expect(logs[0]).toMatch(/^Run #2 \(local\): missed \d bar\(s\) between /);
    expect(logs[1]).toMatch(/^missed bars in the last 60 s \(the desk fell behind its clock; each run trades at its latest close\): Run #2 \(local\) \d+$/);
  });
});
