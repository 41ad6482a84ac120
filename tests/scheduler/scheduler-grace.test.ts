import { describe, expect, it } from 'vitest';
import { createScheduler } from '../../src/scheduler/scheduler.js';
import { createFakeIterate, createFakeStore, createManualClock, sampleRun } from './fakes.js';

describe('the grace delay of a real provider', () => {
  it('waits the grace after a bar close before deciding it, then decides that close', async () => {
    const run = sampleRun({ id: 'aapl', number: 1, symbols: ['AAPL'], dataSource: 'sim', timeframe: '1m' });
    const clock = createManualClock('2024-01-02T15:00:30Z');
    const fake = createFakeIterate();
    const scheduler = createScheduler({ store: createFakeStore([run]), iterate: fake.iterate, clock, holder: 'a', log: () => {}, graceMs: () => 15_000 });
    await scheduler.tickNow(); // 15:00 close decided (first tick after a start: the latest close that had its grace)
    clock.set('2024-01-02T15:01:10Z');
    await scheduler.tickNow(); // 15:01 closed 10 s ago: not yet
    expect(fake.calls.map((c) => c.close)).toEqual(['2024-01-02T15:00:00.000Z']);
    clock.set('2024-01-02T15:01:16Z');
    await scheduler.tickNow();
    expect(fake.calls.map((c) => c.close)).toEqual(['2024-01-02T15:00:00.000Z', '2024-01-02T15:01:00.000Z']);
    await scheduler.stop();
  });

  it('gives runs without a grace (simulated or CSV bars) their close at once', async () => {
    const run = sampleRun({ id: 'sim', number: 2, symbols: ['SIM'], dataSource: 'sim', timeframe: '1m' });
    const clock = createManualClock('2024-01-02T15:00:30Z');
    const fake = createFakeIterate();
    const scheduler = createScheduler({ store: createFakeStore([run]), iterate: fake.iterate, clock, holder: 'a', log: () => {}, graceMs: () => 0 });
    await scheduler.tickNow();
    clock.set('2024-01-02T15:01:01Z');
    await scheduler.tickNow();
    expect(fake.calls.map((c) => c.close)).toEqual(['2024-01-02T15:00:00.000Z', '2024-01-02T15:01:00.000Z']);
    await scheduler.stop();
  });
});
