// Runs at Alpaca on the simulated market, for the tests and the benchmark that drive the fake Alpaca: the simulated
// bars served as a real source (a run at a real broker needs one), a 24/7 calendar with daily closes at midnight UTC,
// the close where a run first orders, and a market session at the fake Alpaca for the bar a close decides.
import type { MarketData } from '../../src/app/market-data/ports.js';
import { createSourceChain } from '../../src/app/market-data/source-chain.js';
import { iterateRun } from '../../src/app/runs/iterate.js';
import { startRun, type StartRunInput } from '../../src/app/runs/start-run.js';
import { paperBrokerFor } from '../../src/broker/paper/paper-broker.js';
import { calendarForSymbol } from '../../src/core/calendar/calendar.js';
import { fail, ok } from '../../src/core/domain/result.js';
import { createSimMarketData } from '../../src/market-data/sim/sim-market-data.js';
import { createDeskBrokers, type DeskBrokers } from '../../src/main/desk-brokers.js';
import { createStore, type Store } from '../../src/store/db/client.js';
import { migrateDatabase } from '../../src/store/migrations/migrate.js';
import { startFakeAlpaca, type FakeAlpaca } from '../fakes/alpaca/fake-alpaca.js';
import { createMemoryRunStore } from './memory-run-store.js';

export const DAY = 86_400_000;
export const START = Date.UTC(2000, 0, 21);
export const WORKSPACE = { platform: 'console', externalId: 'local', name: 'Local' } as const;
export const sim = createSimMarketData({ seed: 42 });

/** `sim`, and `yahoo` serving the simulated bars (a real source as far as a run is concerned). */
const yahoo: MarketData = { kind: 'yahoo', label: 'yahoo (test)', simulated: false, adjustment: 'split', getBars: (r) => sim.getBars(r) };
export const marketData = (source: string) => {
  if (source === 'sim') return ok(sim);
  return source === 'yahoo' ? ok(createSourceChain([{ name: 'yahoo', market: yahoo }])) : fail('data.not_configured', source);
};

/** Every run here closes its daily bars at midnight UTC, whatever its symbols. */
export const calendars = () => calendarForSymbol('SIM', { simulated: true });

export const startDeps = { activeRules: async () => ok([]), codeVersion: 'test', defaults: { startCash: 100_000, costs: { commissionRate: 0, slippageBps: 0 } }, marketData };

/** trend-following 5/20 on `symbols`, daily, percent-sized, started at START. */
export function runInput(symbols: readonly string[], dataSource: string, pct = 20): StartRunInput {
  return {
    workspace: WORKSPACE, actor: { id: 'u', name: 'ann', role: 'trader' }, channelId: 'console',
    strategyId: 'trend-following', params: { fast: 5, slow: 20 }, symbols, timeframe: '1d', dataSource,
    sizing: { kind: 'percent', pct }, now: START,
  };
}

/** The first close at which a run of `symbol` plans an order (the same bars decide it wherever it trades). */
export async function firstOrderClose(symbol: string, pct = 20): Promise<number> {
  const memory = createMemoryRunStore();
  const started = await startRun({ ...startDeps, store: memory }, runInput([symbol], 'sim', pct));
  if (!started.ok) throw new Error(started.error.message);
  const runId = started.value.run.id;
  for (let close = START + DAY; close < START + 300 * DAY; close += DAY) {
    const res = await iterateRun({ store: memory, marketData, brokerFor: paperBrokerFor, calendars }, runId, close, close + 1_000);
    if (!res.ok) throw new Error(res.error.message);
    const snap = await memory.loadSnapshot(runId);
    if (snap.ok && snap.value.pending.length > 0) return close;
  }
  throw new Error(`no order for ${symbol}`);
}

/** The simulated daily bar of `symbol` opening at `time`. */
export async function simBar(symbol: string, time: number): Promise<{ open: number; close: number }> {
  const bars = await sim.getBars({ symbol, timeframe: '1d', from: time, to: time });
  if (!bars.ok || bars.value.length !== 1) throw new Error(`no ${symbol} bar at ${time}`);
  return { open: bars.value.open[0]!, close: bars.value.close[0]! };
}

/**
 * The session of the bar decided at `close` at the fake Alpaca: its market opens at the bar's opens (what orders sent
 * at the previous close fill at; with `partial`, that many units each for now), then closes at the bar's closes.
 */
export async function session(fake: FakeAlpaca, symbols: readonly string[], close: number, options: { partial?: number } = {}): Promise<void> {
  const prices: Record<string, number> = {};
  for (const s of symbols) prices[s] = (await simBar(s, close - DAY)).open;
  fake.trading.open(prices, options);
  fake.trading.closeMarket();
  for (const s of symbols) fake.trading.setLastPrice(s, (await simBar(s, close - DAY)).close);
}

export const ALPACA_KEYS = { keyId: 'key-id', secretKey: 'secret' } as const;

export interface AlpacaBrokerDesk {
  readonly store: Store;
  readonly fake: FakeAlpaca;
  /** The desk's Alpaca wiring (src/main/desk-brokers.ts) on the fake: the adapter, the ledger. */
  readonly brokers: DeskBrokers;
  close(): Promise<void>;
}

/** A freshly migrated SQLite desk at `url`, a fake Alpaca whose account holds 100,000 in cash, and the desk's wiring on it. */
export async function openAlpacaBrokerDesk(url: string, log: (line: string) => void = () => undefined): Promise<AlpacaBrokerDesk> {
  const migrated = await migrateDatabase(url);
  if (!migrated.ok) throw new Error(migrated.error.message);
  const store = createStore({ databaseUrl: url });
  const fake = await startFakeAlpaca(ALPACA_KEYS);
  fake.trading.setCash(100_000);
  const brokers = createDeskBrokers({ APCA_API_KEY_ID: ALPACA_KEYS.keyId, APCA_API_SECRET_KEY: ALPACA_KEYS.secretKey, APCA_API_BASE_URL: fake.url, ALPACA_ACCOUNT: 'paper' },
    store.prisma, { log, now: () => Date.now(), alpaca: { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined } } });
  return {
    store, fake, brokers,
    async close() {
      brokers.close();
      await store.close();
      await fake.close();
    },
  };
}
