import type { Env } from '../config/env.js';
import { ok, type Result } from '../core/domain/result.js';
import { createBarCache } from '../store/market-data/bar-cache.js';
import { createStore } from '../store/db/client.js';
import { migrateDatabase } from '../store/migrations/migrate.js';
import { claimDatabase } from './desk-database.js';
import type { ProviderCache } from './market-data.js';

/**
 * The bar cache of the desk's database (DATABASE_URL, migrated first) for a command that is not the desk, such as
 * `tradedesk backtest --data yahoo`: a second backtest of the same window then makes no provider request. The CLI
 * runs in real time, so a sped-up demo's database is refused. `close()` releases it.
 */
export async function openBarCacheStore(env: Env, wallNow: number, log: (line: string) => void): Promise<Result<{ provider: ProviderCache; close: () => Promise<void> }>> {
  const migrated = await migrateDatabase(env.DATABASE_URL);
  if (!migrated.ok) return migrated;
  const store = createStore({ databaseUrl: env.DATABASE_URL });
  const claimed = await claimDatabase(store, env.DATABASE_URL, 1, wallNow);
  if (!claimed.ok) {
    await store.close();
    return claimed;
  }
  const cache = createBarCache(store.prisma, { databaseUrl: env.DATABASE_URL });
  return ok({
    provider: { cache: () => cache, log },
    close: async () => {
      cache.close();
      await store.close();
    },
  });
}

/** For a CLI command: the opened cache, or null after printing one line why it could not be opened. */
export async function openCliBarCache(
  command: string,
  env: Env,
  io: { now(): number; err(text: string): void },
): Promise<{ provider: ProviderCache; close: () => Promise<void> } | null> {
  const opened = await openBarCacheStore(env, io.now(), (line) => io.err(`${command}: ${line}`));
  if (opened.ok) return opened.value;
  io.err(`${command}: the bar cache: ${opened.error.message}`);
  return null;
}
