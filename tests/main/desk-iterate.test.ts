// The desk's iterate for the scheduler: an iteration that committed nothing rejects (so its close is tried again,
// never dropped) with a one-line message; with TRADEDESK_DEBUG=1 each close's outcome is logged.
import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../src/core/domain/result.js';
import { createDeskIterate } from '../../src/main/desk-iterate.js';
import { Prisma } from '../../src/store/generated/client.js';
import { createMemoryRunStore } from '../helpers/memory-run-store.js';
import { sampleRun } from '../scheduler/fakes.js';
import { paperBrokerFor } from '../../src/broker/paper/paper-broker.js';

const RUN = sampleRun({ id: 'run-1', number: 1, symbols: ['SIM-A'], dataSource: 'sim', timeframe: '1m' });
const CLOSE = Date.parse('2024-01-02T15:31:00Z');

function setup(loadSnapshot: () => Promise<never>) {
  const store = { ...createMemoryRunStore(), loadSnapshot };
  const logs: string[] = [];
  const iterate = createDeskIterate({
    store, marketData: () => fail('data.none', 'no market in this test'), brokerFor: paperBrokerFor, clock: { now: () => CLOSE + 5 }, log: (l) => logs.push(l), debug: true,
  });
  return { iterate, logs };
}

describe('createDeskIterate', () => {
  it('rejects when the store could not read or write the run, so the scheduler retries the close', async () => {
    const { iterate, logs } = setup(async () => fail('db.read_failed', 'Could not load run run-1: database is locked') as never);
    await expect(iterate(RUN, CLOSE)).rejects.toThrow('Could not load run run-1: database is locked');
    expect(logs).toEqual(['debug: Run #1 (local) at the 2024-01-02T15:31:00.000Z close: failed (Could not load run run-1: database is locked)']);
  });

  it("rejects with the reason of a store error's multi-line text, on one line", async () => {
    const { iterate } = setup(async () => {
      throw new Prisma.PrismaClientKnownRequestError('\nInvalid `prisma.run.findUnique()` invocation in\n/app/x.js:1:2\n\n→ 1 prisma.run.findUnique(\nOperation has timed out', {
        code: 'P1008', clientVersion: Prisma.prismaVersion.client,
      });
    });
    await expect(iterate(RUN, CLOSE)).rejects.toThrow(/^Operation has timed out$/);
  });

  it('resolves on a close that is already decided, and says so in debug', async () => {
    const store = createMemoryRunStore();
    const created = await store.createRun({ workspace: RUN.workspace, manifest: RUN.manifest, createdBy: 't', channelId: 'console', now: CLOSE - 600_000 });
    if (!created.ok) throw new Error(created.error.message);
    await store.transition(created.value.id, 'paused', 't', 'test', CLOSE);
    const logs: string[] = [];
    const iterate = createDeskIterate({ store, marketData: () => ok(undefined as never), brokerFor: paperBrokerFor, clock: { now: () => CLOSE }, log: (l) => logs.push(l), debug: true });
    await iterate(created.value, CLOSE);
    expect(logs).toEqual(['debug: Run #1 (local) at the 2024-01-02T15:31:00.000Z close: skipped (Run #1 is paused)']);
  });
});
