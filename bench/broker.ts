// Bar close -> order accepted at the broker (issue 13's figure): runs at Alpaca (the fake Alpaca on 127.0.0.1, through
// the real SDK and the desk's wiring: src/main/desk-brokers.ts) on a SQLite desk. Each run is taken to the close where
// its strategy orders; then the time from the start of that close's iteration (bars read, decided, committed with its
// orders recorded as intended, the send guard, the submit) to Alpaca's answer `accepted` is measured: one run alone,
// and 100 runs whose closes are iterated at once (the scheduler runs a close's iterations concurrently).
import { performance } from 'node:perf_hooks';
import { iterateRun, type RunDeps } from '../src/app/runs/iterate.js';
import { startRun } from '../src/app/runs/start-run.js';
import { createDeskBrokers } from '../src/main/desk-brokers.js';
import { createBrokerAccounts, dispatchBrokerFor } from '../src/main/run-brokers.js';
import { createPrismaRunStore } from '../src/store/runs/store.js';
// The test fakes themselves (bundled in): the figures measure what the tests run against.
import { startFakeAlpaca } from '../tests/fakes/alpaca/fake-alpaca.js';
import { calendars, DAY, firstOrderClose, marketData, runInput, START, startDeps } from '../tests/helpers/alpaca-runs.js';
import { benchDatabase } from './desk-db.js';
import { quantile, round2, type BenchFigure } from './figure.js';

const KEYS = { keyId: 'bench-key', secretKey: 'bench-secret' };
/** 5% of the equity: a simulated share is about a hundred, so every first order sizes to whole shares. */
const PCT = 5;


export async function benchBroker(): Promise<BenchFigure[]> {
  const { store, remove } = await benchDatabase('broker');
  const fake = await startFakeAlpaca(KEYS);
  fake.trading.setCash(1_000_000_000);
  const brokers = createDeskBrokers({ APCA_API_KEY_ID: KEYS.keyId, APCA_API_SECRET_KEY: KEYS.secretKey, APCA_API_BASE_URL: fake.url, ALPACA_ACCOUNT: 'paper' },
    store.prisma, { log: () => undefined, now: () => Date.now() });
  const runStore = createPrismaRunStore(store.prisma);
  const deps: RunDeps = { store: runStore, marketData, brokerFor: dispatchBrokerFor(brokers.real), ledger: brokers.ledger, calendars };
  const accounts = createBrokerAccounts({ APCA_API_KEY_ID: KEYS.keyId, APCA_API_SECRET_KEY: KEYS.secretKey }, brokers.real);
  try {
    /** A run at Alpaca iterated up to the close before its first order; returns it and that order's close. */
    const prepare = async (symbol: string): Promise<{ runId: string; close: number }> => {
      const close = await firstOrderClose(symbol, PCT);
      const started = await startRun({ ...startDeps, store: runStore, brokers: accounts }, { ...runInput([symbol], 'yahoo', PCT), broker: 'alpaca' });
      if (!started.ok) throw new Error(started.error.message);
      for (let c = START + DAY; c < close; c += DAY) {
        const res = await iterateRun(deps, started.value.run.id, c, c + 1_000);
        if (!res.ok) throw new Error(res.error.message);
      }
      fake.trading.setLastPrice(symbol, 100);
      return { runId: started.value.run.id, close };
    };
    /** Iterates the order's close and answers ms from its start to the order accepted at Alpaca. */
    const closeToAccepted = async (run: { runId: string; close: number }, t0: number): Promise<number> => {
      const res = await iterateRun(deps, run.runId, run.close, run.close + 1_000);
      if (!res.ok) throw new Error(res.error.message);
      if (res.value.kind !== 'committed' || res.value.sent !== 1) throw new Error(`run ${run.runId}: expected one order sent, got ${JSON.stringify(res.value)}`);
      return performance.now() - t0;
    };

    const single: number[] = [];
    for (let i = 0; i < 20; i++) {
      const run = await prepare(`ONE${i}`);
      single.push(await closeToAccepted(run, performance.now()));
    }
    const runs = [];
    for (let i = 0; i < 100; i++) runs.push(await prepare(`MANY${i}`));
    const t0 = performance.now();
    const each = await Promise.all(runs.map((r) => closeToAccepted(r, t0)));
    const all = performance.now() - t0;
    single.sort((a, b) => a - b);
    each.sort((a, b) => a - b);
    const accepted = fake.trading.orders.length;
    return [
      { name: 'broker.close_to_accepted.one_order.p50', value: round2(quantile(single, 0.5)), unit: 'ms', runs: single.length, store: 'sqlite', broker: 'fake Alpaca (SDK, 127.0.0.1)' },
      { name: 'broker.close_to_accepted.one_order.p95', value: round2(quantile(single, 0.95)), unit: 'ms' },
      { name: 'broker.close_to_accepted.100_orders.all', value: round2(all), unit: 'ms', orders: each.length, acceptedAtFake: accepted },
      { name: 'broker.close_to_accepted.100_orders.p50', value: round2(quantile(each, 0.5)), unit: 'ms' },
      { name: 'broker.close_to_accepted.100_orders.p95', value: round2(quantile(each, 0.95)), unit: 'ms' },
    ];
  } finally {
    brokers.close();
    await fake.close();
    await remove();
  }
}
