import { createHash } from 'node:crypto';
import { fail, ok, type Result } from '../../core/domain/result.js';

/** One `prisma/migrations/<name>/migration.sql`. */
export interface MigrationReport {
  readonly applied: string[];
  readonly pending: 0;
}

export interface MigrationFile {
  readonly name: string;
  readonly script: string;
  /** sha256 hex of the file's bytes: what Prisma records in `_prisma_migrations.checksum`. */
  readonly checksum: string;
}

/** The `_prisma_migrations` columns the runner reads. */
export interface AppliedMigrationRow {
  readonly migration_name: string;
  readonly checksum: string;
  readonly started_at: string;
  readonly finished_at: string | null;
  readonly rolled_back_at: string | null;
}

export function sha256Hex(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * A checkout on another OS may differ only in line endings (git autocrlf); that is not an edit. Prisma tolerates
 * it too, so accept the recorded checksum if it matches the script with LF or CRLF endings.
 */
function matchesChecksum(file: MigrationFile, recorded: string): boolean {
  if (file.checksum === recorded) return true;
  const lf = file.script.replace(/\r\n/g, '\n');
  return sha256Hex(lf) === recorded || sha256Hex(lf.replace(/\n/g, '\r\n')) === recorded;
}

/**
 * Decides which migrations to apply, or refuses when the database and the folder disagree in a way only a human
 * should resolve. Rows marked rolled back (`prisma migrate resolve --rolled-back`) are ignored, as Prisma does.
 */
export function planMigrations(
  files: readonly MigrationFile[],
  rows: readonly AppliedMigrationRow[],
): Result<readonly MigrationFile[]> {
  const live = rows.filter((r) => r.rolled_back_at === null);

  const unfinished = live.find((r) => r.finished_at === null);
  if (unfinished) {
    return fail(
      'db.migration_failed',
      `Migration ${unfinished.migration_name} started at ${unfinished.started_at} but never finished (it failed or ` +
        'was interrupted). Repair the database, then run `prisma migrate resolve --rolled-back ' +
        `${unfinished.migration_name}\` (or --applied) before starting tradedesk again.`,
      { migration: unfinished.migration_name },
    );
  }

  const byName = new Map(files.map((f) => [f.name, f]));
  const unknown = [...new Set(live.map((r) => r.migration_name).filter((n) => !byName.has(n)))];
  if (unknown.length > 0) {
    return fail(
      'db.migration_unknown',
      `The database has migration(s) ${unknown.join(', ')} that are not in prisma/migrations: it was migrated by a ` +
        'newer or different build of tradedesk. Use that build, or restore a matching database.',
      { migrations: unknown },
    );
  }

  for (const row of live) {
    const file = byName.get(row.migration_name);
    if (file && !matchesChecksum(file, row.checksum)) {
      return fail(
        'db.migration_modified',
        `Migration ${row.migration_name} was edited after it was applied to this database (checksum differs). ` +
          'Restore the original migration.sql and put the change in a new migration.',
        { migration: row.migration_name, recorded: row.checksum, file: file.checksum },
      );
    }
  }

  const applied = new Set(live.map((r) => r.migration_name));
  return ok(files.filter((f) => !applied.has(f.name)));
}
