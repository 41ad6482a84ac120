import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { ensureDatabaseFolder, resolveDatabasePath } from '../db/database-url.js';
import { isPostgresUrl } from '../db/database-kind.js';
import { findMigrationsDir, loadMigrations } from './migration-files.js';
import { migratePostgres } from './migrate-postgres.js';
import { planMigrations, type MigrationFile, type MigrationReport } from './migration-plan.js';

export interface MigrateOptions {
  /** Defaults to the package's prisma/migrations. */
  readonly migrationsDir?: string;
  /** How long to wait for another process that is migrating the same file. */
  readonly busyTimeoutMs?: number;
}

export type { MigrationReport } from './migration-plan.js';

// Exactly the table `prisma migrate deploy` creates on SQLite, so the two can take turns on one database.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

// Timestamps are TEXT when written by Prisma's JS engine; older native engines wrote integers (ms).
const timestamp = z.union([z.string(), z.number(), z.bigint()]).transform(String);
const appliedRowsSchema = z.array(
  z.object({
    migration_name: z.string(),
    checksum: z.string(),
    started_at: timestamp,
    finished_at: timestamp.nullable(),
    rolled_back_at: timestamp.nullable(),
  }),
);

/** Prisma's JS engine writes timestamps as ISO 8601 with an explicit offset: 2026-01-02T03:04:05.678+00:00. */
const prismaTimestamp = (): string => new Date().toISOString().replace('Z', '+00:00');

/**
 * Applies the pending Prisma migrations with better-sqlite3, recording them in `_prisma_migrations` as
 * `prisma migrate deploy` would (no CLI needed at start-up). Each migration runs in its own
 * `BEGIN IMMEDIATE` transaction that also re-reads the table, so concurrent starters apply each one once.
 */
export async function migrateDatabase(
  databaseUrl: string,
  options: MigrateOptions = {},
): Promise<Result<MigrationReport>> {
  if (isPostgresUrl(databaseUrl)) {
    // PostgreSQL: its own migrations, generated from the same schema source (prisma/postgresql).
    const dir = options.migrationsDir === undefined ? findMigrationsDir('postgresql') : ok(options.migrationsDir);
    if (!dir.ok) return dir;
    const files = await loadMigrations(dir.value, 'postgresql');
    return files.ok ? migratePostgres(databaseUrl, files.value) : files;
  }
  const dbPath = resolveDatabasePath(databaseUrl);
  if (!dbPath.ok) return dbPath;
  const dir = options.migrationsDir === undefined ? findMigrationsDir() : ok(options.migrationsDir);
  if (!dir.ok) return dir;
  const files = await loadMigrations(dir.value);
  if (!files.ok) return files;

  let db: Database.Database;
  try {
    ensureDatabaseFolder(dbPath.value);
    db = new Database(dbPath.value, { timeout: options.busyTimeoutMs ?? 30_000 });
  } catch (error) {
    return fail('db.open_failed', `Cannot open the database ${dbPath.value}: ${message(error)}`);
  }
  try {
    // Inside a transaction `PRAGMA foreign_keys=OFF` is a no-op, and Prisma's table redefinitions (DROP TABLE
    // of a parent) would then cascade-delete child rows. Switch it off for the connection; the integrity
    // check after each script stands in for the deferred checks.
    db.pragma('foreign_keys = OFF');
    // Write-ahead logging (a property of the file, so every later connection uses it): readers never wait for
    // the desk's iteration commits, and a commit costs a fraction of a rollback-journal one. Still atomic.
    // A second process starting at the same moment may hold a lock: it switches the file itself, so a busy
    // database here is not an error.
    try {
      db.pragma('journal_mode = WAL');
    } catch {
      /* another process is switching it */
    }
    return applyPending(db, files.value);
  } catch (error) {
    return fail('db.migration_failed', `Migrating ${dbPath.value} failed: ${message(error)}`);
  } finally {
    db.close();
  }
}

// Synchronous on purpose: no await may happen while this connection holds the write lock.
function applyPending(db: Database.Database, files: readonly MigrationFile[]): Result<MigrationReport> {
  const applied: string[] = [];
  for (;;) {
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      return fail('db.busy', `The database stayed locked by another process: ${message(error)}`, { applied });
    }
    let step: Result<string | null>;
    try {
      step = applyNext(db, files);
      if (step.ok && step.value !== null) db.exec('COMMIT');
    } catch (error) {
      step = fail('db.migration_failed', message(error));
    }
    if (db.inTransaction) db.exec(step.ok ? 'COMMIT' : 'ROLLBACK');
    if (!step.ok) return fail(step.error.code, step.error.message, { ...step.error.details, applied });
    if (step.value === null) return ok({ applied, pending: 0 });
    applied.push(step.value);
  }
}

/** Inside the open transaction: validates the history, applies the first pending migration. Null when none. */
function applyNext(db: Database.Database, files: readonly MigrationFile[]): Result<string | null> {
  const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
  if (hasTable === undefined) {
    const other = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 1`)
      .get();
    if (other !== undefined) {
      return fail(
        'db.not_managed',
        'The database has tables but no migration history (made by `prisma db push`?). Use a fresh file, ' +
          'or baseline it with `prisma migrate resolve --applied <init migration>`.',
      );
    }
    db.exec(CREATE_MIGRATIONS_TABLE);
  }

  const rows = appliedRowsSchema.safeParse(
    db
      .prepare(
        `SELECT migration_name, checksum, started_at, finished_at, rolled_back_at
           FROM _prisma_migrations ORDER BY started_at`,
      )
      .all(),
  );
  if (!rows.success) return fail('db.migration_table', `_prisma_migrations is malformed: ${rows.error.message}`);
  const plan = planMigrations(files, rows.data);
  if (!plan.ok) return plan;
  const next = plan.value[0];
  if (next === undefined) return ok(null);

  const startedAt = prismaTimestamp();
  try {
    db.exec(next.script);
    const broken = db.prepare('PRAGMA foreign_key_check').all();
    if (broken.length > 0) throw new Error(`${broken.length} row(s) violate foreign keys afterwards`);
  } catch (error) {
    return fail('db.migration_failed', `Migration ${next.name} failed and was rolled back: ${message(error)}`, {
      migration: next.name,
    });
  }
  db.prepare(
    `INSERT INTO _prisma_migrations
       (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
     VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
  ).run(randomUUID(), next.checksum, prismaTimestamp(), next.name, startedAt);
  return ok(next.name);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
