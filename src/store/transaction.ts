import type { Db, PrismaClient } from './client.js';
import { Prisma } from './generated/client.js';

/**
 * Runs `fn` in a transaction: a fresh one on a client, or the caller's when handed a transaction client (so a
 * use-case can fold a store write into a larger transaction of its own).
 */
export function inTransaction<T>(db: PrismaClient | Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  // Short write transactions, but they may queue behind another process's write lock on the SQLite file.
  return '$transaction' in db ? db.$transaction(fn, { maxWait: 10_000, timeout: 20_000 }) : fn(db);
}

/** Prisma's unique-constraint error (P2002): an expected outcome (duplicate key), not an outage. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
