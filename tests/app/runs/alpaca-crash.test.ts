// A desk trading at Alpaca killed with SIGKILL at the worst moments: after its order was recorded as intended but before
// it was sent, after it was sent but before Alpaca's answer arrived, and after a partial fill. A restart looks every
// unconfirmed order up by client order id before sending anything: every case ends with exactly one order at the
// broker, and the run's book equal to the broker's position once it has applied the fills.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { iterateRun, type RunDeps } from '../../../src/app/runs/iterate.js';
import { startRun } from '../../../src/app/runs/start-run.js';
import { createDeskBrokers } from '../../../src/main/desk-brokers.js';
import { createBrokerAccounts, dispatchBrokerFor } from '../../../src/main/run-brokers.js';
import { createStore, type Store } from '../../../src/store/db/client.js';
import { migrateDatabase } from '../../../src/store/migrations/migrate.js';
import { createPrismaRunStore } from '../../../src/store/runs/store.js';
import type { RecordedRequest } from '../../fakes/alpaca/fake-alpaca.js';
import { startFakeAlpaca, type FakeAlpaca } from '../../fakes/alpaca/fake-alpaca.js';
import { createTempDir, REPO_ROOT } from '../../store/helpers/repo.js';
import { calendars, DAY, firstOrderClose, marketData, runInput, session as openSession, simBar as bar, START, startDeps } from '../../helpers/alpaca-runs.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'alpaca-crash-child.ts');
const KEYS = { keyId: 'key-id', secretKey: 'secret' };
const tmp = createTempDir('alpaca-crash');
let url = '';

let fake: FakeAlpaca;
let store: Store;

async function startAlpacaRun(symbol: string): Promise<string> {
  const brokers = createBrokerAccounts({ APCA_API_KEY_ID: KEYS.keyId, APCA_API_SECRET_KEY: KEYS.secretKey }, { alpaca: { account: 'paper', broker: {} as never } });
  const started = await startRun({ ...startDeps, store: createPrismaRunStore(store.prisma), brokers }, { ...runInput([symbol], 'yahoo'), broker: 'alpaca' });
  if (!started.ok) throw new Error(started.error.message);
  return started.value.run.id;
}

const closesUpTo = (last: number): number[] => Array.from({ length: Math.round((last - START) / DAY) }, (_, i) => START + (i + 1) * DAY);

/** Runs the child over `closes`; kills it when `killWhen` says so (given its output so far). Resolves with its output. */
function runChildUntilKilled(runId: string, closes: readonly number[], killWhen: (out: string) => boolean | Promise<boolean>, stream = true): Promise<string> {
  const config = { url, fakeUrl: fake.url, runId, closes, stream };
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(config)], {
    cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_PROXY: '127.0.0.1,localhost' },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    let checking = false;
    const check = async (): Promise<void> => {
      if (checking || child.exitCode !== null || child.signalCode !== null) return;
      checking = true;
      try {
        if (await killWhen(out)) child.kill('SIGKILL');
      } finally {
        checking = false;
      }
    };
    const timer = setInterval(() => void check(), 50);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      void check();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(timer);
      if (signal !== 'SIGKILL') reject(new Error(`the child was not killed (exit ${code}): ${err}\n${out}`));
      else resolve(out);
    });
  });
}

/** A request held at the fake: resolves when it arrives, and its answer is never sent. */
function holdAt(method: string, pathname: string): Promise<RecordedRequest> {
  return new Promise((arrived) => {
    fake.holdAnswer = (r) => {
      if (r.method !== method || r.path !== pathname) return;
      arrived(r);
      return new Promise<void>(() => {});
    };
  });
}

/** The restarted desk in this process: recovery first, then iterations at the next closes after each session. */
async function restart(runId: string, symbol: string, afterClose: number, sessions = 2) {
  fake.holdAnswer = null;
  const brokers = createDeskBrokers({ APCA_API_KEY_ID: KEYS.keyId, APCA_API_SECRET_KEY: KEYS.secretKey, APCA_API_BASE_URL: fake.url, ALPACA_ACCOUNT: 'paper' },
    store.prisma, { log: () => undefined, now: () => Date.now(), alpaca: { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } } });
  try {
    const runStore = createPrismaRunStore(store.prisma);
    const recovered = await brokers.recover(runStore);
    if (!recovered.ok) throw new Error(recovered.error.message);
    const deps: RunDeps = { store: runStore, marketData, brokerFor: dispatchBrokerFor(brokers.real), ledger: brokers.ledger, calendars };
    for (let close = afterClose + DAY; close <= afterClose + sessions * DAY; close += DAY) {
      await session(symbol, close);
      const res = await iterateRun(deps, runId, close, close + 1_000);
      if (!res.ok) throw new Error(res.error.message);
    }
    return recovered.value;
  } finally {
    brokers.close();
  }
}

const session = (symbol: string, close: number, options: { partial?: number } = {}) => openSession(fake, [symbol], close, options);

async function brokerQty(symbol: string): Promise<number> {
  const res = await fetch(`${fake.url}/v2/positions`, { headers: { 'APCA-API-KEY-ID': KEYS.keyId, 'APCA-API-SECRET-KEY': KEYS.secretKey } });
  const rows = (await res.json()) as { symbol: string; qty: string }[];
  return Number(rows.find((r) => r.symbol === symbol)?.qty ?? 0);
}

async function bookQty(runId: string, symbol: string): Promise<number> {
  const snap = await createPrismaRunStore(store.prisma).loadSnapshot(runId);
  if (!snap.ok) throw new Error(snap.error.message);
  return snap.value.positions.find((p) => p.symbol === symbol)?.qty ?? 0;
}

const ordersAtBroker = (symbol: string) => fake.trading.orders.filter((o) => o.symbol === symbol);
const posts = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v2/orders').length;

/** Each case has a desk database of its own (a restart recovers every unconfirmed order of its database). */
async function freshDesk(name: string): Promise<void> {
  url = tmp.url(`${name}.db`);
  const migrated = await migrateDatabase(url);
  if (!migrated.ok) throw new Error(migrated.error.message);
  store = createStore({ databaseUrl: url });
}

beforeAll(async () => {
  fake = await startFakeAlpaca(KEYS);
  fake.trading.setCash(1_000_000);
});

afterEach(async () => {
  fake.holdAnswer = null;
  await store.close();
});

afterAll(async () => {
  await fake.close();
  tmp.remove();
});

describe('a desk at Alpaca killed with SIGKILL', () => {
  it('before the send: the restart finds nothing at Alpaca and sends the order once', async () => {
    const symbol = 'SIMC';
    await freshDesk('before-send');
    const first = await firstOrderClose(symbol);
    const runId = await startAlpacaRun(symbol);
    for (const c of closesUpTo(first)) fake.trading.setLastPrice(symbol, (await bar(symbol, c - DAY)).close);
    // The adapter's first call (it checks the account) is held: the order is recorded as intended, not yet sent.
    const held = holdAt('GET', '/v2/account');
    let arrived = false;
    void held.then(() => (arrived = true));
    await runChildUntilKilled(runId, closesUpTo(first), () => arrived);
    const row = await store.prisma.order.findFirstOrThrow({ where: { runId, brokerStatus: { not: null } } });
    expect(row.brokerStatus).toBe('intended');
    expect(ordersAtBroker(symbol)).toHaveLength(0);
    const recovered = await restart(runId, symbol, first);
    expect(recovered).toMatchObject({ lookedUp: 1, found: 0, sent: 1, dropped: 0, failures: [] });
    expect(ordersAtBroker(symbol).filter((o) => o.client_order_id === row.clientOrderId)).toHaveLength(1);
    expect(await bookQty(runId, symbol)).not.toBe(0);
    expect(await bookQty(runId, symbol)).toBe(await brokerQty(symbol));
  }, 60_000);

  it('after the send, before the answer: the restart finds the order at Alpaca and never sends it again', async () => {
    const symbol = 'SIMD';
    await freshDesk('after-send');
    const first = await firstOrderClose(symbol);
    const runId = await startAlpacaRun(symbol);
    for (const c of closesUpTo(first)) fake.trading.setLastPrice(symbol, (await bar(symbol, c - DAY)).close);
    const held = holdAt('POST', '/v2/orders');
    let arrived = false;
    void held.then(() => (arrived = true));
    // Without the trade-updates stream, the held answer is the only way the child could have learnt of its order.
    await runChildUntilKilled(runId, closesUpTo(first), () => arrived, false);
    expect(ordersAtBroker(symbol)).toHaveLength(1);
    const row = await store.prisma.order.findFirstOrThrow({ where: { runId, brokerStatus: { not: null } } });
    expect(row.brokerStatus).toBe('intended');
    const before = posts();
    const recovered = await restart(runId, symbol, first);
    expect(recovered).toMatchObject({ lookedUp: 1, found: 1, sent: 0, dropped: 0, failures: [] });
    expect(posts()).toBe(before);
    expect(ordersAtBroker(symbol)).toHaveLength(1);
    expect(await bookQty(runId, symbol)).not.toBe(0);
    expect(await bookQty(runId, symbol)).toBe(await brokerQty(symbol));
  }, 60_000);

  it('after a partial fill: the restart reads the rest of the fill and the book applies all of it', async () => {
    const symbol = 'SIME';
    await freshDesk('partial');
    const first = await firstOrderClose(symbol);
    const runId = await startAlpacaRun(symbol);
    for (const c of closesUpTo(first)) fake.trading.setLastPrice(symbol, (await bar(symbol, c - DAY)).close);
    let opened = false;
    await runChildUntilKilled(runId, closesUpTo(first), async (out) => {
      if (!out.includes('idle')) return false;
      if (!opened) {
        // The next session opens: one share fills now; the child records it from the trade-updates stream.
        opened = true;
        fake.trading.open({ [symbol]: (await bar(symbol, first)).open }, { partial: 1 });
      }
      const row = await store.prisma.order.findFirst({ where: { runId, brokerStatus: 'partially_filled' } });
      return row !== null;
    });
    // While the desk is down the rest fills.
    fake.trading.open({ [symbol]: (await bar(symbol, first)).open });
    fake.trading.closeMarket();
    const before = posts();
    const recovered = await restart(runId, symbol, first, 1);
    expect(recovered).toMatchObject({ lookedUp: 1, found: 1, sent: 0, failures: [] });
    const row = await store.prisma.order.findFirstOrThrow({ where: { runId, brokerStatus: { not: null } }, orderBy: { createdAt: 'asc' } });
    const order = ordersAtBroker(symbol).find((o) => o.client_order_id === row.clientOrderId)!;
    expect(order.status).toBe('filled');
    expect(row).toMatchObject({ status: 'filled', brokerStatus: 'filled', brokerFilledQty: order.filled_qty });
    // Every POST since the restart made a new order (the run's next one, if it decided one): none was the old one again.
    const ids = ordersAtBroker(symbol).map((o) => o.client_order_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(posts() - before).toBe(ids.length - 1);
    expect(await bookQty(runId, symbol)).toBe(await brokerQty(symbol));
    expect(await bookQty(runId, symbol)).not.toBe(0);
  }, 60_000);
});
