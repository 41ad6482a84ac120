import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { isPostgresUrl } from './database-kind.js';
import { ReleasingPrismaPg } from './postgres-adapter.js';
import { ensureDatabaseFolder, resolveDatabasePath } from './database-url.js';
import { PrismaClient, type Prisma } from '../generated/client.js';
import { PrismaClient as PostgresPrismaClient } from '../generated-pg/client.js';

export { PrismaClient } from '../generated/client.js';

/** A Prisma client or the client of an interactive transaction: store functions that need no transaction
 * of their own accept either. */
export type Db = Prisma.TransactionClient;

export interface Store {
  readonly prisma: PrismaClient;
  readonly kind: 'sqlite' | 'postgresql';
  close(): Promise<void>;
}

/** The clients that talk to PostgreSQL (their transactions run Serializable: see transaction.ts). */
const postgresClients = new WeakSet<object>();

/** True for a client (or one of its transactions' clients is never passed here) opened on PostgreSQL. */
export const isPostgresClient = (db: object): boolean => postgresClients.has(db);

export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

export interface StoreOptions {
  /** `file:` URL; relative paths are resolved against the current directory (default file:./data/tradedesk.db). */
  readonly databaseUrl: string;
  /**
   * How long one statement waits for another process's write lock (SQLite busy_timeout) before it fails as busy
   * and the store's retry with backoff takes over (transaction.ts). better-sqlite3 waits synchronously, so a long
   * wait would freeze the whole desk (its lease renewals too): a few seconds at most.
   */
  readonly busyTimeoutMs?: number;
}

/**
 * Opens the database: a `file:` URL through Prisma's better-sqlite3 adapter (creating its folder if needed), a
 * `postgresql://` URL through its pg adapter. Run `migrateDatabase` first: the store assumes the schema is current.
 * Throws on any other URL, which the environment schema rejects before this is ever reached.
 */
export function createStore(options: StoreOptions): Store {
  if (isPostgresUrl(options.databaseUrl)) {
    // The PostgreSQL client is generated from the same models (prisma/postgresql/schema.prisma is written from
    // prisma/schema.prisma), so the store's one typed API serves both: only the provider differs.
    const pg = new PostgresPrismaClient({ adapter: new ReleasingPrismaPg({ connectionString: options.databaseUrl }) });
    postgresClients.add(pg);
    const prisma = pg as unknown as PrismaClient;
    return { prisma, kind: 'postgresql', close: () => pg.$disconnect() };
  }
  const dbPath = resolveDatabasePath(options.databaseUrl);
  if (!dbPath.ok) throw new Error(dbPath.error.message);
  ensureDatabaseFolder(dbPath.value);
  // Hand the adapter the resolved path so it opens the very file the migration runner migrated (in WAL mode, set by
  // the migration runner: readers never wait for a writer, so only writes can find the file busy).
  const adapter = new PrismaBetterSQLite3({ url: `file:${dbPath.value}`, timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
  const prisma = new PrismaClient({ adapter });
  return { prisma, kind: 'sqlite', close: () => prisma.$disconnect() };
}
