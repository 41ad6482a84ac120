import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { redactUrl } from './database-kind.js';

/**
 * Resolves a SQLite `file:` URL to an absolute path, relative to the current directory like Prisma's
 * better-sqlite3 adapter does (`file:./data/tradedesk.db`). Both the migration runner and the client use this,
 * so they always open the same file. `file::memory:` stays `:memory:`.
 */
export function resolveDatabasePath(databaseUrl: string): Result<string> {
  if (!databaseUrl.startsWith('file:')) {
    return fail('db.url', `DATABASE_URL must be a SQLite file: URL (e.g. file:./data/tradedesk.db) or a postgresql:// URL, got "${redactUrl(databaseUrl)}"`);
  }
  // Query parameters (?connection_limit=1 ...) are Prisma-classic options that mean nothing to better-sqlite3.
  const raw = databaseUrl.slice('file:'.length).split('?')[0] ?? '';
  if (raw === '') return fail('db.url', 'DATABASE_URL has an empty file path');
  if (raw === ':memory:') return ok(raw);
  return ok(path.resolve(raw));
}

/** Creates the folder that will hold the database file (e.g. ./data) if it is missing. */
export function ensureDatabaseFolder(databasePath: string): void {
  if (databasePath === ':memory:') return;
  mkdirSync(path.dirname(databasePath), { recursive: true });
}
