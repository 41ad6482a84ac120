import { afterEach, describe, expect, it, vi } from 'vitest';
import { createScheduler } from '../../src/scheduler/scheduler.js';
import { startTicker, tickForSpeed } from '../../src/scheduler/ticker.js';
import { createFakeIterate, createFakeStore, createManualClock, sampleRun, settle } from './fakes.js';

// Fake timers only: the tests advance time by hand and never wait on the real clock.
afterEach(() => {
  vi.useRealTimers();
});

describe('startTicker', () => {
  it('ticks once a second through node-cron until stopped', async () => {
    vi.useFakeTimers({ now: Date.parse('2024-01-02T15:00:00.500Z'), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let ticks = 0;
    const logs: string[] = [];
    const ticker = startTicker('cron', () => ticks++, (l) => logs.push(l));
    await vi.advanceTimersByTimeAsync(3_000);
    expect(ticks).toBe(3);
    await ticker.stop();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(ticks).toBe(3);
    expect(logs).toEqual([]);
  });

  it('ticks every everyMs until stopped', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let ticks = 0;
    const ticker = startTicker({ everyMs: 250 }, () => ticks++, () => {});
    vi.advanceTimersByTime(1_000);
    await ticker.stop();
    vi.advanceTimersByTime(1_000);
    expect(ticks).toBe(4);
  });

  it('refuses a non-positive interval', () => {
    expect(() => startTicker({ everyMs: 0 }, () => {}, () => {})).toThrow(RangeError);
  });
});

describe('createScheduler.start', () => {
  it('iterates on its own ticks, dropping a tick while the previous one still waits on the store', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const run = sampleRun({ id: 'sim', number: 1, symbols: ['SIM'], dataSource: 'sim', timeframe: '1m' });
    const store = createFakeStore([run]);
    let listings = 0;
    const list = store.listActive;
    store.listActive = async () => {
      listings++;
      return list();
    };
    const clock = createManualClock('2024-01-02T15:00:30Z');
    const fake = createFakeIterate();
    const scheduler = createScheduler({ store, iterate: fake.iterate, clock, holder: 'a', log: () => {}, tick: { everyMs: 1_000 } });
    scheduler.start();
    scheduler.start();
    vi.advanceTimersByTime(1_000);
    vi.advanceTimersByTime(1_000); // the first listing has not resolved yet: this tick is dropped
    await settle();
    clock.set('2024-01-02T15:01:30Z');
    vi.advanceTimersByTime(1_000);
    await settle();
    await scheduler.stop();
    expect(listings).toBe(2);
    expect(fake.calls.map((c) => c.close)).toEqual(['2024-01-02T15:00:00.000Z', '2024-01-02T15:01:00.000Z']);
  });
});

describe('tickForSpeed', () => {
  it('ticks through node-cron at real time and at a quarter of a 1-minute bar on a sped-up clock', () => {
    expect(tickForSpeed(1)).toBe('cron');
    expect(tickForSpeed(600)).toEqual({ everyMs: 25 });
    expect(tickForSpeed(2)).toEqual({ everyMs: 250 });
    expect(tickForSpeed(100_000)).toEqual({ everyMs: 10 });
  });

  it('at --speed 600, ticks running up to half a bar late still decide every close (a bar-long tick skipped closes)', async () => {
    const speed = 600;
    const mode = tickForSpeed(speed);
    if (mode === 'cron') throw new Error('expected an interval');
    const run = sampleRun({ id: 'sim', number: 1, symbols: ['SIM'], dataSource: 'sim', timeframe: '1m' });
    const start = Date.parse('2024-01-02T15:00:30Z');
    const clock = createManualClock('2024-01-02T15:00:30Z');
    const fake = createFakeIterate();
    const logs: string[] = [];
    const scheduler = createScheduler({ store: createFakeStore([run]), iterate: fake.iterate, clock, holder: 'a', log: (l) => logs.push(l) });
    // Timer jitter of a loaded machine: each tick lands 0-50 real ms after it was due (a 1-minute bar is 100 ms).
    const jitter = [0, 50, 10, 45, 0, 30, 50, 5, 20, 50, 0, 40];
    const realMs = 3_000;
    for (let k = 0; k * mode.everyMs < realMs; k++) {
      clock.set(start + (k * mode.everyMs + jitter[k % jitter.length]!) * speed);
      await scheduler.tickNow();
    }
    await scheduler.stop();
    const minutes = fake.calls.map((c) => Date.parse(c.close) / 60_000);
    expect(minutes.length).toBeGreaterThan(25);
    expect(minutes.every((m, i) => i === 0 || m === minutes[i - 1]! + 1)).toBe(true);
    expect(logs.filter((l) => l.includes('missed'))).toEqual([]);
  });
});
