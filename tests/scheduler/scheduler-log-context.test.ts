// Every line an iteration logs (the scheduler's own about the lease or a failure, the run's, its broker's) names the
// run and its workspace: the scheduler runs each iteration in the run's log context.
import { describe, expect, it } from 'vitest';
import { currentLogContext, type LogContext } from '../../src/app/log/log-context.js';
import { createScheduler } from '../../src/scheduler/scheduler.js';
import { createFakeStore, createManualClock, sampleRun } from './fakes.js';

const RUN = sampleRun({ id: 'run-7', number: 7, symbols: ['SIM'], dataSource: 'sim', timeframe: '1h' });

describe('the scheduler and the log context', () => {
  it('runs each iteration, and logs its failure, in the run\'s context; the tick itself has none', async () => {
    const seen: (LogContext | undefined)[] = [];
    const logged: { line: string; context: LogContext | undefined }[] = [];
    const scheduler = createScheduler({
      store: createFakeStore([RUN]),
      clock: createManualClock('2024-01-02T15:45:00Z'),
      holder: 'desk-a',
      iterate: async () => {
        seen.push(currentLogContext());
        throw new Error('database is locked');
      },
      log: (line) => logged.push({ line, context: currentLogContext() }),
    });
    await scheduler.tickNow();
    const context = { workspaceId: 'console:local', workspace: 'local', runId: 'run-7', run: 7 };
    expect(seen).toEqual([context]);
    expect(logged).toEqual([{ line: expect.stringMatching(/^Run #7 \(local\): iteration at the 2024-01-02T15:00:00Z close failed: database is locked; retrying$/), context }]);
    expect(currentLogContext()).toBeUndefined();
    await scheduler.stop();
  });
});
