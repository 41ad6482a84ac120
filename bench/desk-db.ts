// A freshly migrated SQLite desk database in a temp folder, for a bench suite; `remove()` closes and deletes it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStore, type Store } from '../src/store/db/client.js';
import { migrateDatabase } from '../src/store/migrations/migrate.js';

export async function benchDatabase(label: string): Promise<{ readonly store: Store; remove(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `tradedesk-bench-${label}-`));
  const url = `file:${path.join(dir, 'desk.db')}`;
  const migrated = await migrateDatabase(url);
  if (!migrated.ok) throw new Error(migrated.error.message);
  const store = createStore({ databaseUrl: url });
  return {
    store,
    remove: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
