import { describe, expect, it } from 'vitest';
import { createScheduler } from '../../src/scheduler/scheduler.js';
import { createFakeIterate, createFakeStore, createManualClock, sampleRun, settle } from './fakes.js';

const EQ = sampleRun({ id: 'eq', number: 1, symbols: ['AAPL'], dataSource: 'csv', timeframe: '1h' });
const SIM = sampleRun({ id: 'sim', number: 2, symbols: ['SIM'], dataSource: 'sim', timeframe: '1h' });

describe('createScheduler: guards across processes and failures', () => {
  it('never lets two desk processes run the same (run, close) at once, whichever ticks first', async () => {
    const store = createFakeStore([EQ, SIM]);
    const clock = createManualClock('2024-01-02T15:31:00Z');
    const desks = ['desk-a', 'desk-b'].map((holder) => {
      const fake = createFakeIterate();
      const logs: string[] = [];
      return { holder, fake, logs, scheduler: createScheduler({ store, iterate: fake.iterate, clock, holder, log: (l) => logs.push(l), order: (runs) => runs }) };
    });
    const [a, b] = [desks[0]!, desks[1]!];
    const closes = ['15:30', '16:30', '17:30', '18:30'].map((hm) => `2024-01-02T${hm}:00.000Z`);
    for (const [i, close] of closes.entries()) {
      clock.set(Date.parse(close) + 60_000);
      const [first, second] = i % 2 === 0 ? [a, b] : [b, a];
      first.fake.hold();
      const running = first.scheduler.tickNow();
      await settle();
      const before = second.fake.calls.length;
      await second.scheduler.tickNow();
      // While the first desk iterates, the second cannot: it keeps the close for its next tick.
      expect(second.fake.calls.slice(before).filter((c) => c.runId === 'eq')).toEqual([]);
      first.fake.release();
      await running;
      // The lease is free again: the second desk tries the close once more (the real iteration finds it decided).
      await second.scheduler.tickNow();
      expect(second.fake.calls.slice(before).filter((c) => c.runId === 'eq')).toEqual([{ runId: 'eq', close }]);
      // And then it is done with it.
      await second.scheduler.tickNow();
      expect(second.fake.calls.slice(before).filter((c) => c.runId === 'eq')).toHaveLength(1);
    }
    expect(b.logs[0]).toBe("Run #1 (local): its lease is held elsewhere at the 2024-01-02T15:30:00Z close (another desk process, or a person's change to the run); trying again at the next tick");
  });

  it('does not skip a close whose lease a person\'s change held (a stop, a pause): it iterates it once the lease is free', async () => {
    const store = createFakeStore([EQ]);
    const fake = createFakeIterate();
    const scheduler = createScheduler({ store, iterate: fake.iterate, clock: createManualClock('2024-01-02T15:45:00Z'), holder: 'desk-a', log: () => {} });
    expect(await store.acquireLease('eq', 'desk-a/change-1', Date.parse('2024-01-02T15:30:00Z'), 30_000, Date.now())).toBe(true);
    await scheduler.tickNow();
    expect(fake.calls).toEqual([]);
    await store.releaseLease('eq', 'desk-a/change-1');
    await scheduler.tickNow();
    expect(fake.calls).toEqual([{ runId: 'eq', close: '2024-01-02T15:30:00.000Z' }]);
  });

  it('retries a close whose lease could not be taken, logging the failure once', async () => {
    const store = createFakeStore([EQ]);
    const fake = createFakeIterate();
    const logs: string[] = [];
    const scheduler = createScheduler({ store, iterate: fake.iterate, clock: createManualClock('2024-01-02T15:45:00Z'), holder: 'a', log: (l) => logs.push(l) });
    store.failing.acquireLease = new Error('SQLITE_BUSY');
    await scheduler.tickNow();
    await scheduler.tickNow();
    expect(fake.calls).toEqual([]);
    expect(logs).toEqual(['Run #1 (local): could not take the lease for the 2024-01-02T15:30:00Z close: SQLITE_BUSY; retrying']);
    store.failing = {};
    await scheduler.tickNow();
    expect(fake.calls).toEqual([{ runId: 'eq', close: '2024-01-02T15:30:00.000Z' }]);
  });

  it('logs a multi-line store error (call site, code frame, reason last) as one line with its reason', async () => {
    const store = createFakeStore([EQ]);
    const fake = createFakeIterate();
    const logs: string[] = [];
    const scheduler = createScheduler({ store, iterate: fake.iterate, clock: createManualClock('2024-01-02T15:45:00Z'), holder: 'a', log: (l) => logs.push(l) });
    store.failing.acquireLease = new Error(
      '\nInvalid `tx.runLease.updateMany()` invocation in\n/app/dist/cli.js:123:45\n\n  120 const x = 1;\n→ 123   await tx.runLease.updateMany(\ndatabase is locked',
    );
    await scheduler.tickNow();
    store.failing = {};
    fake.failWith(new Error('Could not commit\n  the iteration:\nOperation has timed out'));
    await scheduler.tickNow();
    expect(logs).toEqual([
      'Run #1 (local): could not take the lease for the 2024-01-02T15:30:00Z close: database is locked; retrying',
      'Run #1 (local): iteration at the 2024-01-02T15:30:00Z close failed: Operation has timed out; retrying',
    ]);
  });

  it('logs a failing run list once, keeps ticking, and says when it works again', async () => {
    const store = createFakeStore([EQ]);
    const fake = createFakeIterate();
    const logs: string[] = [];
    const scheduler = createScheduler({ store, iterate: fake.iterate, clock: createManualClock('2024-01-02T15:45:00Z'), holder: 'a', log: (l) => logs.push(l) });
    store.failing.listActive = new Error('database is locked');
    await scheduler.tickNow();
    await scheduler.tickNow();
    store.failing = {};
    await scheduler.tickNow();
    expect(logs).toEqual([
      'scheduler: listing active runs failed: database is locked; retrying every tick',
      'scheduler: listing active runs works again',
    ]);
    expect(fake.calls).toHaveLength(1);
  });

  it('logs a run whose closes cannot be computed once and still serves the other runs', async () => {
    const store = createFakeStore([EQ, SIM]);
    const fake = createFakeIterate();
    const logs: string[] = [];
    // The exchange calendar covers 1990-2100; the 24/7 one has no such limit.
    const clock = createManualClock('2101-06-01T12:30:00Z');
    const scheduler = createScheduler({ store, iterate: fake.iterate, clock, holder: 'a', log: (l) => logs.push(l) });
    await scheduler.tickNow();
    clock.set('2101-06-01T13:30:00Z');
    await scheduler.tickNow();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^Run #1 \(local\): cannot work out its bar closes: /);
    expect(fake.calls.map((c) => c.runId)).toEqual(['sim', 'sim']);
  });

  it('stop() waits for in-flight iterations and later ticks do nothing', async () => {
    const store = createFakeStore([EQ]);
    const clock = createManualClock('2024-01-02T15:45:00Z');
    const fake = createFakeIterate();
    const scheduler = createScheduler({ store, iterate: fake.iterate, clock, holder: 'a', log: () => {} });
    fake.hold();
    const tick = scheduler.tickNow();
    await settle();
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await settle();
    expect(stopped).toBe(false);
    fake.release();
    await Promise.all([tick, stopping]);
    expect(stopped).toBe(true);
    clock.set('2024-01-02T16:45:00Z');
    await scheduler.tickNow();
    expect(fake.calls).toHaveLength(1);
    expect(() => scheduler.start()).toThrow(/after stop/);
  });
});
