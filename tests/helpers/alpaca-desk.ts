// A desk on a freshly migrated SQLite file in `dir`, configured for the fake Alpaca (data and trading hosts, keys, the
// grace delay) and following its market calendar: what the end-to-end tests of runs on Alpaca start from.
import path from 'node:path';
import { runCalendars, type RunCalendars } from '../../src/app/runs/calendar.js';
import type { RunStore } from '../../src/app/runs/ports.js';
import { loadEnv, type Env } from '../../src/config/env.js';
import { createMarketCalendar, type MarketCalendarKeeper } from '../../src/main/market-calendar.js';
import { createStore, type Store } from '../../src/store/db/client.js';
import { migrateDatabase } from '../../src/store/migrations/migrate.js';
import { createPrismaRunStore } from '../../src/store/runs/store.js';
import type { FakeAlpaca } from '../fakes/alpaca/fake-alpaca.js';

export interface AlpacaDesk {
  readonly env: Env;
  readonly store: Store;
  readonly runStore: RunStore;
  readonly keeper: MarketCalendarKeeper;
  readonly calendars: RunCalendars;
}

export async function openAlpacaDesk(o: {
  readonly dir: string;
  readonly fake: FakeAlpaca;
  readonly keys: { readonly keyId: string; readonly secretKey: string };
  readonly graceSeconds: number;
  readonly now: () => number;
  readonly log: (line: string) => void;
}): Promise<AlpacaDesk> {
  const url = `file:${path.join(o.dir, 'desk.db')}`;
  const migrated = await migrateDatabase(url);
  if (!migrated.ok) throw new Error(migrated.error.message);
  const env = loadEnv({
    DATABASE_URL: url, APCA_API_KEY_ID: o.keys.keyId, APCA_API_SECRET_KEY: o.keys.secretKey, APCA_API_DATA_URL: o.fake.url, APCA_API_BASE_URL: o.fake.url,
    MARKET_DATA_GRACE_SECONDS: String(o.graceSeconds),
  });
  if (!env.ok) throw new Error(env.error.message);
  const store = createStore({ databaseUrl: url });
  const keeper = createMarketCalendar(env.value, { now: o.now, log: o.log });
  await keeper.start();
  return { env: env.value, store, runStore: createPrismaRunStore(store.prisma), keeper, calendars: runCalendars(keeper.published) };
}
