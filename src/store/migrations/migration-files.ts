import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { sha256Hex, type MigrationFile } from './migration-plan.js';

/**
 * The package's `prisma/migrations`, found from this module's location rather than the current directory: the
 * `tradedesk` CLI may be started from anywhere (and from src/ under tsx or from a build folder).
 */
export function findMigrationsDir(database: 'sqlite' | 'postgresql' = 'sqlite'): Result<string> {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = database === 'sqlite' ? path.join(dir, 'prisma', 'migrations') : path.join(dir, 'prisma', 'postgresql', 'migrations');
    if (existsSync(path.join(dir, 'package.json')) && existsSync(candidate)) return ok(candidate);
    const parent = path.dirname(dir);
    if (parent === dir) return fail('db.migrations_missing', `Could not find ${database === 'sqlite' ? 'prisma/migrations' : 'prisma/postgresql/migrations'} above the store module`);
    dir = parent;
  }
}

/** Reads every `<dir>/<name>/migration.sql`, sorted by name (the order `prisma migrate deploy` applies them). */
export async function loadMigrations(dir: string, database: 'sqlite' | 'postgresql' = 'sqlite'): Promise<Result<readonly MigrationFile[]>> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return fail('db.migrations_missing', `Migrations folder ${dir} cannot be read`);
  }

  const lockPath = path.join(dir, 'migration_lock.toml');
  if (existsSync(lockPath)) {
    const lock = await readFile(lockPath, 'utf8');
    const provider = /^\s*provider\s*=\s*"([^"]*)"/m.exec(lock)?.[1];
    if (provider !== undefined && provider !== database) {
      return fail('db.migrations_provider', `${dir} was made for ${provider}, not ${database}`);
    }
  }

  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const files: MigrationFile[] = [];
  for (const name of names) {
    const sqlPath = path.join(dir, name, 'migration.sql');
    // Prisma refuses such a folder too (P3015), so a half-deleted migration never goes unnoticed.
    if (!existsSync(sqlPath)) {
      return fail('db.migration_file_missing', `${sqlPath} is missing: restore it or delete the folder ${name}`);
    }
    const bytes = await readFile(sqlPath);
    files.push({ name, script: bytes.toString('utf8'), checksum: sha256Hex(bytes) });
  }
  return ok(files);
}
