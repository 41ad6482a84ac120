// A paper run on CSV data trades the rows appended to its file: the CSV source reads a file again when it grew,
// instead of halting the run on "no new bar" with the rows it read at the start.
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { iterateRun, type RunDeps } from '../../../src/app/runs/iterate.js';
import { runCalendar } from '../../../src/app/runs/calendar.js';
import { startRun, type StartRunDeps } from '../../../src/app/runs/start-run.js';
import { nextBarClose } from '../../../src/core/calendar/bar-schedule.js';
import { ok } from '../../../src/core/domain/result.js';
import { createCsvMarketData } from '../../../src/market-data/csv/csv-market-data.js';
import { createMemoryRunStore } from '../../helpers/memory-run-store.js';
import { paperBrokerFor } from '../../../src/broker/paper/paper-broker.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tradedesk-csv-paper-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DAY = 86_400_000;

/** Weekdays from 2023-01-02 on, one CSV row each, a gentle zigzag so the strategy has something to decide on. */
function weekdays(count: number): number[] {
  const days: number[] = [];
  for (let t = Date.UTC(2023, 0, 2); days.length < count; t += DAY) if (![0, 6].includes(new Date(t).getUTCDay())) days.push(t);
  return days;
}
const row = (t: number, i: number): string => {
  const close = 100 + 10 * Math.sin(i / 5);
  return `${new Date(t).toISOString().slice(0, 10)},${close},${close + 1},${close - 1},${close},1000\n`;
};

describe('a paper run on CSV data', () => {
  it('commits the bar of a row appended to the file after the run started', async () => {
    const days = weekdays(61);
    writeFileSync(path.join(dir, 'ACME.csv'), `Date,Open,High,Low,Close,Volume\n${days.slice(0, 60).map(row).join('')}`);
    const store = createMemoryRunStore();
    const market = createCsvMarketData({ dir }); // one source for the life of the desk, as the desk has
    const deps: StartRunDeps & RunDeps = {
      store, marketData: () => ok(market), brokerFor: paperBrokerFor, activeRules: async () => ok([]), codeVersion: 'test',
      defaults: { startCash: 100_000, costs: { commissionRate: 0, slippageBps: 0 } },
    };
    const started = await startRun(deps, {
      workspace: { platform: 'console', externalId: 'local', name: 'Local' }, actor: { id: 'u', name: 'ann', role: 'trader' }, channelId: 'console',
      strategyId: 'trend-following', params: { fast: 5, slow: 20 }, symbols: ['ACME'], timeframe: '1d', dataSource: 'csv', now: days[59]! + 12 * 3_600_000,
    });
    if (!started.ok) throw new Error(started.error.message);
    const { run, nextIterationAt } = started.value;
    const first = await iterateRun(deps, run.id, nextIterationAt, nextIterationAt + 1000);
    expect(first.ok && first.value.kind, first.ok ? JSON.stringify(first.value) : first.error.message).toBe('committed');

    appendFileSync(path.join(dir, 'ACME.csv'), row(days[60]!, 60));
    const close = nextBarClose(runCalendar(run.manifest), '1d', nextIterationAt + 1);
    const second = await iterateRun(deps, run.id, close, close + 1000);
    expect(second.ok && second.value.kind, second.ok ? JSON.stringify(second.value) : second.error.message).toBe('committed');
    expect(store.commits.map((c) => c.barTime)).toEqual([days[59], days[60]]);
  });
});
