// A desk wired as `npm start` wires it (createDeskDeps) on a freshly migrated SQLite file.
import type { DeskDeps } from '../../src/app/desk-deps.js';
import { loadEnv } from '../../src/config/env.js';
import { createDeskDeps } from '../../src/main/desk-deps.js';
import { createStore, type Store } from '../../src/store/client.js';
import { migrateDatabase } from '../../src/store/migrate.js';

export async function openSqliteDesk(url: string): Promise<{ store: Store; deps: DeskDeps }> {
  const migrated = await migrateDatabase(url);
  if (!migrated.ok) throw new Error(migrated.error.message);
  const store = createStore({ databaseUrl: url });
  const env = loadEnv({ DATABASE_URL: url });
  if (!env.ok) throw new Error(env.error.message);
  return { store, deps: createDeskDeps(env.value, store) };
}
