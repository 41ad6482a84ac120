import type { BacktestOutcome } from '../app/backtest/backtest.js';
import { backtestRunRecord } from '../app/backtest/run-record.js';
import type { Env } from '../config/env.js';
import type { Result } from '../core/domain/result.js';
import { migrateDatabase } from '../store/migrations/migrate.js';
import { createStore } from '../store/db/client.js';
import { saveBacktestRun } from '../store/runs/backtest-runs.js';
import { claimDatabase } from './desk-database.js';
import { LOCAL_WORKSPACE } from './local-workspace.js';

/**
 * Saves a finished backtest as a run of the local console workspace (migrating the database first). The CLI runs in
 * real time, so a sped-up demo's database is refused (see desk-database.ts).
 */
export async function saveBacktestAsRun(env: Env, outcome: BacktestOutcome, wallNow: number): Promise<Result<{ number: number }>> {
  const migrated = await migrateDatabase(env.DATABASE_URL);
  if (!migrated.ok) return migrated;
  const store = createStore({ databaseUrl: env.DATABASE_URL });
  try {
    const claimed = await claimDatabase(store, env.DATABASE_URL, 1, wallNow);
    if (!claimed.ok) return claimed;
    return await saveBacktestRun(store.prisma, backtestRunRecord(outcome, LOCAL_WORKSPACE, 'cli'));
  } finally {
    await store.close();
  }
}
