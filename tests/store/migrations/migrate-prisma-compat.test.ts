import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../../src/store/migrations/migrate.js';
import { readdirSync } from 'node:fs';
import { createTempDir, MIGRATIONS_DIR, runPrisma } from '../helpers/repo.js';

// The runner and the Prisma CLI must be able to take turns on one database (the CLI spawns cost ~1-2 s each).
/** Every committed migration folder (the runner and `prisma migrate deploy` both apply all of them). */
const MIGRATION_COUNT = readdirSync(MIGRATIONS_DIR).filter((d) => /^\d{14}_/.test(d)).length;

describe('migrateDatabase alongside the Prisma CLI', () => {
  const tmp = createTempDir('migrate-compat');
  afterAll(() => tmp.remove());

  it('leaves a database that prisma migrate status calls up to date', async () => {
    const url = tmp.url('ours.db');
    expect((await migrateDatabase(url)).ok).toBe(true);
    const status = runPrisma(['migrate', 'status'], url);
    expect(status.output).toContain('Database schema is up to date');
    expect(status.status).toBe(0);
  });

  it('applies nothing to a database that prisma migrate deploy migrated', async () => {
    const url = tmp.url('theirs.db');
    const deploy = runPrisma(['migrate', 'deploy'], url);
    expect(deploy.status, deploy.output).toBe(0);
    expect(await migrateDatabase(url)).toEqual({ ok: true, value: { applied: [], pending: 0 } });
    const db = new Database(tmp.file('theirs.db'));
    expect(db.prepare('SELECT COUNT(*) AS n FROM _prisma_migrations').get()).toEqual({ n: MIGRATION_COUNT });
    db.close();
  });
});
