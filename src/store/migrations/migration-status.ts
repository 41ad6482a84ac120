// Whether a running desk's database still has every migration of this build applied (a readiness check): the same
// files and the same planning as `tradedesk db migrate` (migrate.ts), read through the store's own client, writing
// nothing.
import { z } from 'zod';
import { fail, ok, type Result } from '../../core/domain/result.js';
import type { Store } from '../db/client.js';
import { errorLine } from '../db/errors.js';
import { findMigrationsDir, loadMigrations } from './migration-files.js';
import { planMigrations, type MigrationFile } from './migration-plan.js';

export interface MigrationStatus {
  /** Migrations of this build recorded as applied. */
  readonly applied: number;
  /** Names of the migrations of this build the database has not applied, in order. */
  readonly pending: readonly string[];
}

// CAST(... AS TEXT) reads the timestamps alike on SQLite (text or integer ms) and PostgreSQL (timestamptz).
const HISTORY_SQL = `SELECT migration_name, checksum, CAST(started_at AS TEXT) AS started_at, CAST(finished_at AS TEXT) AS finished_at,
  CAST(rolled_back_at AS TEXT) AS rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`;

const rowsSchema = z.array(z.object({
  migration_name: z.string(), checksum: z.string(), started_at: z.string(), finished_at: z.string().nullable(), rolled_back_at: z.string().nullable(),
}));

/** This build's migration files for the store's kind of database (read once by the caller: they do not change). */
export async function migrationFilesOf(kind: Store['kind']): Promise<Result<readonly MigrationFile[]>> {
  const dir = findMigrationsDir(kind);
  return dir.ok ? loadMigrations(dir.value, kind) : dir;
}

/**
 * Reads `_prisma_migrations` and plans against `files` as the migration runner does: the pending ones, or the
 * runner's own refusal (a migration edited after it was applied, one this build does not know, one unfinished).
 */
export async function migrationStatus(store: Store, files: readonly MigrationFile[]): Promise<Result<MigrationStatus>> {
  let raw: unknown;
  try {
    raw = await store.prisma.$queryRawUnsafe(HISTORY_SQL);
  } catch (error) {
    return fail('db.migration_table', `cannot read the migration history: ${errorLine(error)}`);
  }
  const rows = rowsSchema.safeParse(raw);
  if (!rows.success) return fail('db.migration_table', '_prisma_migrations is malformed');
  const plan = planMigrations(files, rows.data);
  if (!plan.ok) return plan;
  return ok({ applied: files.length - plan.value.length, pending: plan.value.map((f) => f.name) });
}
