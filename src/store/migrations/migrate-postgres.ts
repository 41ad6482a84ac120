/**
 * Applies the pending PostgreSQL migrations (prisma/postgresql/migrations) with `pg`, recorded in `_prisma_migrations`
 * as `prisma migrate deploy` records them, so the two can take turns on one database. Each migration runs in its own
 * transaction (PostgreSQL's DDL is transactional: a failed migration leaves nothing behind) under an advisory lock,
 * which also re-reads the history: several desk processes starting at once apply each migration once.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { z } from 'zod';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { redactUrl } from '../db/database-kind.js';
import { planMigrations, type MigrationFile, type MigrationReport } from './migration-plan.js';

/** Any constant shared by every tradedesk process: the key of the migration lock. */
const MIGRATION_LOCK = 7_106_584_231;

// The table `prisma migrate deploy` creates on PostgreSQL.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

const appliedRowsSchema = z.array(z.object({
  migration_name: z.string(), checksum: z.string(), started_at: z.string(), finished_at: z.string().nullable(), rolled_back_at: z.string().nullable(),
}));

export async function migratePostgres(url: string, files: readonly MigrationFile[]): Promise<Result<MigrationReport>> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    return fail('db.open_failed', `Cannot connect to ${redactUrl(url)}: ${message(error)}`);
  }
  const applied: string[] = [];
  try {
    for (;;) {
      await client.query('BEGIN');
      let step: Result<string | null>;
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        step = await applyNext(client, files);
      } catch (error) {
        step = fail('db.migration_failed', message(error));
      }
      await client.query(step.ok ? 'COMMIT' : 'ROLLBACK');
      if (!step.ok) return fail(step.error.code, step.error.message, { ...step.error.details, applied });
      if (step.value === null) return ok({ applied, pending: 0 });
      applied.push(step.value);
    }
  } catch (error) {
    return fail('db.migration_failed', `Migrating ${redactUrl(url)} failed: ${message(error)}`, { applied });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Inside the open transaction, holding the lock: validates the history, applies the first pending migration. */
async function applyNext(client: pg.Client, files: readonly MigrationFile[]): Promise<Result<string | null>> {
  const table = await client.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
  if (table.rows[0]?.present !== true) {
    const other = await client.query(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LIMIT 1`);
    if (other.rowCount !== 0) {
      return fail('db.not_managed', 'The database has tables but no migration history (made by `prisma db push`?). Use an empty database.');
    }
    await client.query(CREATE_MIGRATIONS_TABLE);
  }
  const rows = appliedRowsSchema.safeParse((await client.query(
    `SELECT migration_name, checksum, started_at::text AS started_at, finished_at::text AS finished_at, rolled_back_at::text AS rolled_back_at
       FROM "_prisma_migrations" ORDER BY started_at`,
  )).rows);
  if (!rows.success) return fail('db.migration_table', `_prisma_migrations is malformed: ${rows.error.message}`);
  const plan = planMigrations(files, rows.data);
  if (!plan.ok) return plan;
  const next = plan.value[0];
  if (next === undefined) return ok(null);
  const startedAt = new Date();
  try {
    await client.query('SAVEPOINT migration');
    await client.query(next.script);
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT migration');
    return fail('db.migration_failed', `Migration ${next.name} failed and was rolled back: ${message(error)}`, { migration: next.name });
  }
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
     VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
    [randomUUID(), next.checksum, next.name, startedAt],
  );
  return ok(next.name);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
