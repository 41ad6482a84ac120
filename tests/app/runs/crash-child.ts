// A desk process for the crash test: iterates one paper run over the given closes on a SQLite file and is killed
// with SIGKILL by the test. With `hold`, it stops dead after the n-th write of that bar's commit (inside the open
// transaction) and announces it, so the kill lands mid-transaction; without, the test kills it at a random moment.
// Usage: node --import tsx crash-child.ts '<json: { url, runId, closes, nowOffsetMs, hold?: { barTime, afterWrites } }>'
import { z } from 'zod';
import { iterateRun } from '../../../src/app/runs/iterate.js';
import type { RunStore } from '../../../src/app/runs/ports.js';
import { ok } from '../../../src/core/domain/result.js';
import { createSimMarketData } from '../../../src/market-data/sim/sim-market-data.js';
import { createStore, type PrismaClient } from '../../../src/store/db/client.js';
import { createPrismaRunStore } from '../../../src/store/runs/store.js';
import { paperBrokerFor } from '../../../src/broker/paper/paper-broker.js';

const argsSchema = z.object({
  url: z.string(),
  runId: z.string(),
  closes: z.array(z.number()),
  nowOffsetMs: z.number(),
  seed: z.number().int(),
  hold: z.object({ barTime: z.number(), afterWrites: z.number().int().min(1) }).optional(),
});
const args = argsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
const WRITES = new Set(['create', 'createMany', 'update', 'updateMany', 'upsert', 'delete', 'deleteMany']);
// Stdout to a pipe is synchronous on Linux: a line is with the test before the next statement runs.
const say = (line: string): void => void process.stdout.write(`${line}\n`);

/** Never settles; the interval keeps the event loop (and so the open transaction) alive until the kill. */
function freeze(): Promise<never> {
  setInterval(() => {}, 1_000);
  return new Promise<never>(() => {});
}

const store = createStore({ databaseUrl: args.url });
let committing: number | null = null;
let writes = 0;
// Query extensions also run inside interactive transactions: every write of the commit passes through here.
const hooked = store.prisma.$extends({
  query: {
    $allModels: {
      async $allOperations({ model, operation, args: queryArgs, query }) {
        const result: unknown = await query(queryArgs);
        if (args.hold !== undefined && committing === args.hold.barTime && WRITES.has(operation) && ++writes === args.hold.afterWrites) {
          say(`hold ${committing} in-transaction ${model}.${operation}`);
          await freeze();
        }
        return result;
      },
    },
  },
});
// The extended client has the same model and transaction API (it only lacks $on, which the store never calls).
const base = createPrismaRunStore(hooked as unknown as PrismaClient);
const runStore: RunStore = {
  ...base,
  commitIteration: async (commit) => {
    committing = commit.barTime;
    writes = 0;
    say(`committing ${commit.barTime}`);
    const res = await base.commitIteration(commit);
    committing = null;
    if (args.hold !== undefined && commit.barTime === args.hold.barTime) {
      // Fewer writes than asked: the commit went through; die right after it instead, before the next bar.
      say(`hold ${commit.barTime} after-commit ${writes} writes`);
      await freeze();
    }
    return res;
  },
};

const sim = createSimMarketData({ seed: args.seed });
say('ready');
for (const close of args.closes) {
  const res = await iterateRun({ store: runStore, marketData: () => ok(sim), brokerFor: paperBrokerFor }, args.runId, close, close + args.nowOffsetMs);
  if (!res.ok) throw new Error(res.error.message);
  say(`done ${close} ${res.value.kind}`);
}
say(JSON.stringify({ finished: true }));
await store.close();
