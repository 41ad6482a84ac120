// A desk process for the Alpaca crash test: on a SQLite file and the test's fake Alpaca, it recovers the orders a
// previous process left unconfirmed, iterates one run at Alpaca over the given closes, then stays up following the
// broker's trade updates until the test kills it with SIGKILL. It prints one line per step.
// With `stream: false` it hears of its orders only from Alpaca's answers (no trade-updates stream, no polling).
// Usage: node --import tsx alpaca-crash-child.ts '<json: { url, fakeUrl, runId, closes, stream }>'
import { z } from 'zod';
import type { MarketData } from '../../../src/app/market-data/ports.js';
import { createSourceChain } from '../../../src/app/market-data/source-chain.js';
import { iterateRun } from '../../../src/app/runs/iterate.js';
import { calendarForSymbol } from '../../../src/core/calendar/calendar.js';
import { fail, ok } from '../../../src/core/domain/result.js';
import { createDeskBrokers } from '../../../src/main/desk-brokers.js';
import { dispatchBrokerFor } from '../../../src/main/run-brokers.js';
import { createSimMarketData } from '../../../src/market-data/sim/sim-market-data.js';
import { createStore } from '../../../src/store/db/client.js';
import { createPrismaRunStore } from '../../../src/store/runs/store.js';

const args = z.object({ url: z.string(), fakeUrl: z.string(), runId: z.string(), closes: z.array(z.number()), stream: z.boolean() }).parse(JSON.parse(process.argv[2] ?? '{}'));
const say = (line: string): void => void process.stdout.write(`${line}\n`);

const sim = createSimMarketData({ seed: 42 });
const yahoo: MarketData = { kind: 'yahoo', label: 'yahoo (test)', simulated: false, adjustment: 'split', getBars: (r) => sim.getBars(r) };
const marketData = (source: string) => (source === 'yahoo' ? ok(createSourceChain([{ name: 'yahoo', market: yahoo }])) : fail('data.not_configured', source));

const store = createStore({ databaseUrl: args.url });
const runStore = createPrismaRunStore(store.prisma);
const brokers = createDeskBrokers({ APCA_API_KEY_ID: 'key-id', APCA_API_SECRET_KEY: 'secret', APCA_API_BASE_URL: args.fakeUrl, ALPACA_ACCOUNT: 'paper' },
  store.prisma, { log: (line) => process.stderr.write(`${line}\n`), now: () => Date.now(), alpaca: args.stream ? {} : { stream: false, pollMs: 3_600_000 } });
const recovered = await brokers.recover(runStore);
say(`recovered ${JSON.stringify(recovered)}`);
const deps = {
  store: runStore, marketData, brokerFor: dispatchBrokerFor(brokers.real), ledger: brokers.ledger,
  calendars: () => calendarForSymbol('SIM', { simulated: true }),
};
for (const close of args.closes) {
  say(`iterating ${close}`);
  const res = await iterateRun(deps, args.runId, close, close + 1_000);
  say(`done ${close} ${res.ok ? res.value.kind : `failed ${res.error.message}`}`);
}
say('idle');
setInterval(() => {}, 1_000);
