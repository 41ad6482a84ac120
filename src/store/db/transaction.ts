import { isPostgresClient, type Db, type PrismaClient } from './client.js';
import { Prisma } from '../generated/client.js';
import { driverAdapterCause } from './errors.js';

/** How a statement or transaction that found the database busy is tried again. */
export interface BusyRetryPolicy {
  /** Tries in all, the first included. */
  readonly attempts: number;
  /** Wait before the second try; doubled for each further one, capped at `maxMs`, then jittered down to half. */
  readonly baseMs: number;
  readonly maxMs: number;
  /** Tests pass a fake. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** [0, 1); tests pass a constant. */
  readonly random?: () => number;
}

// Each busy attempt may already have waited the connection's busy timeout; a handful of tries with a short backoff
// rides out another desk process's write burst without making a caller wait minutes.
export const DEFAULT_BUSY_RETRY: BusyRetryPolicy = { attempts: 8, baseMs: 20, maxMs: 1_000 };

/** The wait before try `attempt + 1` (attempt >= 1): base * 2^(attempt-1), capped, scaled by 0.5-1 (jitter). */
export function busyBackoffMs(attempt: number, policy: BusyRetryPolicy, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  // Jitter: two desk processes that collided once do not retry in lockstep.
  return Math.round(cap * (0.5 + 0.5 * random()));
}

/**
 * Runs `fn`, trying again with backoff while it fails because the database is busy (another process holds the
 * SQLite write lock, our read snapshot went stale, or Prisma gave up waiting for a transaction). Such a failure
 * wrote nothing, so trying again is safe. Any other error, or the last busy one, is thrown.
 */
export async function withBusyRetry<T>(fn: () => Promise<T>, policy: BusyRetryPolicy = DEFAULT_BUSY_RETRY): Promise<T> {
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= policy.attempts || !isBusyError(error)) throw error;
      await sleep(busyBackoffMs(attempt, policy, policy.random));
    }
  }
}

/**
 * Runs `fn` in a transaction: a fresh one on a client, or the caller's when handed a transaction client (so a
 * use-case can fold a store write into a larger transaction of its own). A fresh transaction holds the database's
 * write lock from its start; one that finds the database busy is rolled back and run again from the start (see
 * withBusyRetry), so `fn` must only touch `tx`.
 */
export function inTransaction<T>(db: PrismaClient | Db, fn: (tx: Db) => Promise<T>, retry: BusyRetryPolicy = DEFAULT_BUSY_RETRY): Promise<T> {
  if (!('$transaction' in db)) return fn(db);
  if (isPostgresClient(db)) {
    // PostgreSQL runs transactions side by side: Serializable gives the store what SQLite's single writer gives it
    // (a transaction decided on what it read, or none), and a serialization failure (P2034) is tried again.
    return withBusyRetry(() => db.$transaction(fn, { isolationLevel: 'Serializable', maxWait: 10_000, timeout: 20_000 }), retry);
  }
  const immediate = async (tx: Db): Promise<T> => {
    await tx.$executeRawUnsafe(TAKE_WRITE_LOCK);
    return fn(tx);
  };
  // Short write transactions, but they may queue behind another process's write lock on the SQLite file.
  return withBusyRetry(() => db.$transaction(immediate, { maxWait: 10_000, timeout: 20_000 }), retry);
}

/**
 * BEGIN IMMEDIATE by hand: the driver adapter opens a deferred transaction, whose first read pins a snapshot that
 * any other process's commit makes stale (SQLITE_BUSY_SNAPSHOT at our first write, the whole transaction lost). A
 * no-op write as the first statement takes the write lock before any read: another desk's write waits for ours
 * (SQLite's busy handler) instead of invalidating it. The table is the migration runner's, always there.
 */
const TAKE_WRITE_LOCK = 'UPDATE "_prisma_migrations" SET "id" = "id" WHERE 0';

/** Prisma's unique-constraint error (P2002): an expected outcome (duplicate key), not an outage. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

// P1008: the driver adapter's name for SQLITE_BUSY once the busy timeout ran out. P2034: write conflict.
const BUSY_PRISMA_CODES = new Set(['P1008', 'P2034']);
// P2028 also covers bugs (a transaction used after commit): only these two mean "nothing happened, try again".
const TRANSACTION_NOT_RUN = /Unable to start a transaction in the given time|cannot be executed on an expired transaction/;
const RAW_BUSY = /Code: `SQLITE_(BUSY|LOCKED)/;
const BUSY_TEXT = /\bdatabase is locked\b|\bdatabase table is locked\b|\bSQLITE_BUSY/;

/**
 * True when `error` means the database was busy and nothing was written: SQLITE_BUSY and its extended codes
 * (BUSY_SNAPSHOT: a deferred transaction read, then another process wrote before it could), SQLITE_LOCKED, or a
 * Prisma transaction that could not start (maxWait) or was rolled back on its timeout.
 */
export function isBusyError(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (BUSY_PRISMA_CODES.has(error.code) || /^SQLITE_(BUSY|LOCKED)/.test(error.code)) return true;
    if (error.code === 'P2028') return TRANSACTION_NOT_RUN.test(error.message);
    // A raw statement's failure carries the driver's code in its text ("Raw query failed. Code: `SQLITE_BUSY`").
    if (error.code === 'P2010') return RAW_BUSY.test(error.message);
    return false;
  }
  if (error instanceof Prisma.PrismaClientUnknownRequestError) return BUSY_TEXT.test(error.message);
  // PostgreSQL: a Serializable transaction another one conflicted with (SQLSTATE 40001), or a deadlock (40P01), as the
  // pg adapter reports it when Prisma passes its error on unwrapped. Nothing was committed: try again.
  const cause = driverAdapterCause(error);
  if (cause !== null) return cause.kind === 'TransactionWriteConflict' || cause.originalCode === '40001' || cause.originalCode === '40P01';
  // better-sqlite3's own error (the migration runner, raw connections).
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return /^SQLITE_(BUSY|LOCKED)/.test(error.code);
  return false;
}
