import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { migrateDatabase } from '../../../src/store/migrations/migrate.js';
import { sha256Hex } from '../../../src/store/migrations/migration-plan.js';
import { copyMigrations, createTempDir, MIGRATIONS_DIR, startTsChild } from '../helpers/repo.js';

const tmp = createTempDir('migrate');
afterAll(() => tmp.remove());

const INIT = readdirSync(MIGRATIONS_DIR).filter((d) => d.endsWith('_init'))[0]!;
/** Every committed migration, in the order they apply. */
const ALL = readdirSync(MIGRATIONS_DIR).filter((d) => /^\d{14}_/.test(d)).sort();
let seq = 0;
const fresh = (): string => tmp.url(`db-${++seq}.db`);
const codeOf = (r: { ok: boolean; error?: { code: string } }): string => (r.ok ? 'ok' : r.error!.code);

function withDb<T>(url: string, fn: (db: Database.Database) => T): T {
  const db = new Database(url.slice('file:'.length));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** A private copy of the migrations plus extra ones, so tests can add or edit files freely. */
function migrationsWith(extra: Record<string, string>): string {
  const dir = copyMigrations(tmp.file(`migrations-${++seq}`));
  for (const [name, sql] of Object.entries(extra)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

describe('migrateDatabase', () => {
  it('applies the init migration to a fresh file and nothing on the second call', async () => {
    const url = fresh();
    expect(await migrateDatabase(url)).toEqual({ ok: true, value: { applied: ALL, pending: 0 } });
    expect(await migrateDatabase(url)).toEqual({ ok: true, value: { applied: [], pending: 0 } });
    const tables = withDb(url, (db) => db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all());
    expect(tables).toContainEqual({ name: 'Run' });
  });

  it('records the migration the way prisma migrate deploy does', async () => {
    const url = fresh();
    await migrateDatabase(url);
    const rows = withDb(url, (db) => db.prepare('SELECT * FROM _prisma_migrations ORDER BY migration_name').all());
    const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;
    expect(rows).toEqual(ALL.map((name) => ({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      checksum: sha256Hex(readFileSync(path.join(MIGRATIONS_DIR, name, 'migration.sql'))),
      finished_at: expect.stringMatching(iso),
      migration_name: name,
      logs: null,
      rolled_back_at: null,
      started_at: expect.stringMatching(iso),
      applied_steps_count: 1,
    })));
  });

  it('applies only the migrations added since the last start', async () => {
    const url = fresh();
    const dir = migrationsWith({ '29990101000000_add_note': 'ALTER TABLE "Workspace" ADD COLUMN "note" TEXT;\n' });
    await migrateDatabase(url, { migrationsDir: MIGRATIONS_DIR });
    const second = await migrateDatabase(url, { migrationsDir: dir });
    expect(second).toEqual({ ok: true, value: { applied: ['29990101000000_add_note'], pending: 0 } });
  });

  it.each([
    {
      case: 'an applied migration was edited afterwards',
      code: 'db.migration_modified',
      tamper: (db: Database.Database) => db.prepare('UPDATE _prisma_migrations SET checksum = ?').run(sha256Hex('edited')),
    },
    {
      case: 'a migration is recorded as started but not finished',
      code: 'db.migration_failed',
      tamper: (db: Database.Database) => db.prepare('UPDATE _prisma_migrations SET finished_at = NULL').run(),
    },
    {
      case: 'the database has a migration the folder lacks',
      code: 'db.migration_unknown',
      tamper: (db: Database.Database) =>
        db
          .prepare(`INSERT INTO _prisma_migrations (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ('x', 'y', '29990101000000_future', '2999-01-01', 1)`)
          .run(),
    },
  ])('refuses to start when $case', async ({ code, tamper }) => {
    const url = fresh();
    await migrateDatabase(url);
    withDb(url, tamper);
    const res = await migrateDatabase(url);
    expect(codeOf(res)).toBe(code);
  });

  it('refuses when the checked-in migration.sql was edited after it was applied', async () => {
    const url = fresh();
    const dir = migrationsWith({});
    await migrateDatabase(url, { migrationsDir: dir });
    const file = path.join(dir, INIT, 'migration.sql');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n-- an innocent-looking edit\n`);
    const res = await migrateDatabase(url, { migrationsDir: dir });
    expect(res.ok ? 'ok' : res.error.message).toMatch(/was edited after it was applied/);
  });

  it('rolls a failing migration back completely and records nothing for it', async () => {
    const url = fresh();
    const dir = migrationsWith({ '29990101000000_broken': 'CREATE TABLE "Half" (id TEXT);\nINSERT INTO "Nope" VALUES (1);\n' });
    const res = await migrateDatabase(url, { migrationsDir: dir });
    expect(res.ok ? 'ok' : [res.error.code, res.error.details?.['applied']]).toEqual(['db.migration_failed', ALL]);
    const state = withDb(url, (db) => ({
      half: db.prepare(`SELECT name FROM sqlite_master WHERE name = 'Half'`).get(),
      recorded: db.prepare('SELECT migration_name FROM _prisma_migrations').all(),
    }));
    expect(state).toEqual({ half: undefined, recorded: ALL.map((m) => ({ migration_name: m })) });
  });

  it("keeps child rows when a migration redefines their parent table (Prisma's RedefineTables pattern)", async () => {
    const url = fresh();
    await migrateDatabase(url);
    withDb(url, (db) => {
      db.prepare(`INSERT INTO "Workspace" (id, platform, externalId, name, updatedAt) VALUES ('w1', 'console', 'local', 'L', '2026-01-01')`).run();
      db.prepare(`INSERT INTO "Member" (id, workspaceId, externalUserId, displayName, updatedAt) VALUES ('m1', 'w1', 'u', 'U', '2026-01-01')`).run();
    });
    // What `prisma migrate diff` writes for a column change on SQLite: copy, DROP the parent, rename.
    const redefine = `PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Workspace" ("id" TEXT NOT NULL PRIMARY KEY, "platform" TEXT NOT NULL, "externalId" TEXT NOT NULL,
  "name" TEXT NOT NULL, "runCounter" INTEGER NOT NULL DEFAULT 0, "haltedAt" DATETIME, "haltReason" TEXT NOT NULL DEFAULT '',
  "settings" JSONB, "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, "updatedAt" DATETIME NOT NULL);
INSERT INTO "new_Workspace" SELECT "id", "platform", "externalId", "name", "runCounter", "haltedAt", coalesce("haltReason", ''), "settings", "createdAt", "updatedAt" FROM "Workspace";
DROP TABLE "Workspace";
ALTER TABLE "new_Workspace" RENAME TO "Workspace";
CREATE UNIQUE INDEX "Workspace_platform_externalId_key" ON "Workspace"("platform", "externalId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
`;
    const res = await migrateDatabase(url, { migrationsDir: migrationsWith({ '29990101000000_redefine': redefine }) });
    expect(codeOf(res)).toBe('ok');
    expect(withDb(url, (db) => db.prepare('SELECT id FROM "Member"').all())).toEqual([{ id: 'm1' }]);
  });

  it('refuses a database that has tables but no migration history', async () => {
    const url = fresh();
    withDb(url, (db) => db.exec('CREATE TABLE "Workspace" (id TEXT)'));
    expect(codeOf(await migrateDatabase(url))).toBe('db.not_managed');
  });

  it('rejects a database URL that is neither a SQLite file URL nor PostgreSQL', async () => {
    expect(codeOf(await migrateDatabase('mysql://localhost/tradedesk'))).toBe('db.url');
  });

  it('creates the folder of the database file', async () => {
    const url = tmp.url(`nested-${++seq}/deeper/desk.db`);
    expect(codeOf(await migrateDatabase(url))).toBe('ok');
  });

  it('applies the init migration once when two processes start on one fresh file at the same time', async () => {
    const url = fresh();
    // Hold the write lock so both children queue up behind it, then let them race for it.
    const blocker = new Database(url.slice('file:'.length));
    blocker.exec('BEGIN IMMEDIATE');
    const children = [startTsChild('migrate-child.ts', [url]), startTsChild('migrate-child.ts', [url])];
    await Promise.all(children.map((c) => c.ready));
    blocker.exec('ROLLBACK');
    blocker.close();
    const reported = z.object({ ok: z.literal(true), value: z.object({ applied: z.array(z.string()) }) });
    const results = (await Promise.all(children.map((c) => c.done))).map((r) => reported.parse(r));

    expect(results.flatMap((r) => r.value.applied)).toEqual(ALL);
    expect(withDb(url, (db) => db.prepare('SELECT COUNT(*) AS n FROM _prisma_migrations').get())).toEqual({ n: ALL.length });
  });
});
