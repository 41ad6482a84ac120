// A desk wired as `npm start` wires it (createDeskDeps) on a freshly migrated SQLite file. `vars` adds environment
// variables to DATABASE_URL (e.g. APCA_* pointing at a fake Alpaca on 127.0.0.1), read through the desk's own schema.
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { loadEnv, type Env } from '../../src/config/env.js';
import { createDeskDeps } from '../../src/main/desk-deps.js';
import { createStore, type Store } from '../../src/store/db/client.js';
import { migrateDatabase } from '../../src/store/migrations/migrate.js';

export async function openSqliteDesk(url: string, vars: Readonly<Record<string, string>> = {}): Promise<{ store: Store; deps: DeskDeps; env: Env }> {
  const migrated = await migrateDatabase(url);
  if (!migrated.ok) throw new Error(migrated.error.message);
  const store = createStore({ databaseUrl: url });
  const env = loadEnv({ ...vars, DATABASE_URL: url });
  if (!env.ok) throw new Error(env.error.message);
  return { store, deps: createDeskDeps(env.value, store), env: env.value };
}
