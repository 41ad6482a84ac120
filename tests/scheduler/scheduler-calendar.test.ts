import { describe, expect, it } from 'vitest';
import type { Timeframe } from '../../src/core/domain/bar.js';
import { createScheduler } from '../../src/scheduler/scheduler.js';
import { createFakeIterate, createFakeStore, createManualClock, sampleRun } from './fakes.js';

// 2024-01-13/14 is a weekend and Monday 2024-01-15 is Martin Luther King Jr. Day (NYSE closed). 2024-07-03 closes
// early (13:00 New York = 17:00 UTC) and 2024-07-04 is Independence Day.
const WEEKEND_TICKS = ['2024-01-12T21:05', '2024-01-13T15:00', '2024-01-14T18:00', '2024-01-15T16:00', '2024-01-16T14:29', '2024-01-16T15:31'];
const JULY_TICKS = ['2024-07-03T17:05', '2024-07-04T21:00', '2024-07-05T19:59', '2024-07-05T20:00'];

const cases: readonly { name: string; dataSource: 'sim' | 'csv'; symbol: string; timeframe: Timeframe; ticks: string[]; closes: string[]; missedLogs: number }[] = [
  {
    name: 'a us-equities 1h run gets nothing over a weekend and a holiday',
    dataSource: 'csv', symbol: 'AAPL', timeframe: '1h', ticks: WEEKEND_TICKS,
    closes: ['2024-01-12T21:00', '2024-01-16T15:30'],
    missedLogs: 0,
  },
  {
    name: 'a sim 1h run trades through the same weekend and holiday',
    dataSource: 'sim', symbol: 'AAPL', timeframe: '1h', ticks: WEEKEND_TICKS,
    closes: ['2024-01-12T21:00', '2024-01-13T15:00', '2024-01-14T18:00', '2024-01-15T16:00', '2024-01-16T14:00', '2024-01-16T15:00'],
    missedLogs: 4,
  },
  {
    name: 'a crypto 1h run on csv data follows the 24/7 calendar too',
    dataSource: 'csv', symbol: 'BTC-USD', timeframe: '1h', ticks: WEEKEND_TICKS.slice(0, 3),
    closes: ['2024-01-12T21:00', '2024-01-13T15:00', '2024-01-14T18:00'],
    missedLogs: 2,
  },
  {
    name: 'a us-equities 1d run closes early before Independence Day and skips the day itself',
    dataSource: 'csv', symbol: 'AAPL', timeframe: '1d', ticks: JULY_TICKS,
    closes: ['2024-07-03T17:00', '2024-07-05T20:00'],
    missedLogs: 0,
  },
  {
    name: 'a sim 1d run closes at every UTC midnight, holiday or not',
    dataSource: 'sim', symbol: 'AAPL', timeframe: '1d', ticks: JULY_TICKS,
    closes: ['2024-07-03T00:00', '2024-07-04T00:00', '2024-07-05T00:00'],
    missedLogs: 0,
  },
];

describe('createScheduler: the run calendar decides the closes', () => {
  it.each(cases)('$name', async ({ dataSource, symbol, timeframe, ticks, closes, missedLogs }) => {
    const run = sampleRun({ id: 'r', number: 4, symbols: [symbol], dataSource, timeframe });
    const clock = createManualClock(`${ticks[0]!}:00Z`);
    const fake = createFakeIterate();
    const logs: string[] = [];
    // No summary window: every gap is logged as it is found, so the lines count the gaps.
    const scheduler = createScheduler({ store: createFakeStore([run]), iterate: fake.iterate, clock, holder: 'a', log: (l) => logs.push(l), missedSummaryMs: 0 });
    for (const t of ticks) {
      clock.set(`${t}:00Z`);
      await scheduler.tickNow();
    }
    expect(fake.calls.map((c) => c.close)).toEqual(closes.map((c) => `${c}:00.000Z`));
    // Closed days are not missed bars; the 24/7 runs do miss bars between these sparse ticks.
    expect(logs.filter((l) => l.includes(': missed '))).toHaveLength(missedLogs);
  });
});
