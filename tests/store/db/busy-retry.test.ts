// A busy database (another desk process holds the SQLite write lock, or wrote under a transaction's read snapshot)
// is tried again with backoff instead of failing the caller.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { errorLine } from '../../../src/store/db/errors.js';
import { Prisma } from '../../../src/store/generated/client.js';
import { busyBackoffMs, inTransaction, isBusyError, withBusyRetry } from '../../../src/store/db/transaction.js';
import { ensureWorkspace } from '../../../src/store/workspace/workspaces.js';
import { useMigratedStore } from '../helpers/repo.js';

// A short busy timeout: the retries, not the driver's wait, get the write through.
const db = useMigratedStore('busy', { busyTimeoutMs: 10 });

/** Runs `fn`, then lets go of the other connection (and any lock it still holds) whatever happened. */
async function using<T>(other: Database.Database, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
  }
}

const prismaError = (code: string, message: string) => new Prisma.PrismaClientKnownRequestError(message, { code, clientVersion: Prisma.prismaVersion.client });
const SNAPSHOT = prismaError('SQLITE_BUSY_SNAPSHOT', '\nInvalid `tx.run.update()` invocation in\n/app/x.js:1:2\n\n→ 1 tx.run.update(\ndatabase is locked');

describe('withBusyRetry', () => {
  it('tries a busy failure again after growing, jittered waits, and returns what the try that worked returned', async () => {
    const waits: number[] = [];
    let calls = 0;
    const got = await withBusyRetry(
      async () => {
        calls++;
        if (calls === 1) throw SNAPSHOT;
        if (calls < 4) throw prismaError('P1008', 'Operation has timed out');
        return 'written';
      },
      { attempts: 5, baseMs: 20, maxMs: 1_000, sleep: async (ms) => void waits.push(ms), random: () => 0.5 },
    );
    expect(got).toBe('written');
    expect(calls).toBe(4);
    expect(waits).toEqual([15, 30, 60]);
  });

  it('throws the last busy failure once its attempts are spent, and anything else at once', async () => {
    let calls = 0;
    const busy = withBusyRetry(async () => {
      calls++;
      throw SNAPSHOT;
    }, { attempts: 3, baseMs: 1, maxMs: 1, sleep: async () => {} });
    await expect(busy).rejects.toBe(SNAPSHOT);
    expect(calls).toBe(3);
    const unique = prismaError('P2002', 'Unique constraint failed');
    calls = 0;
    await expect(withBusyRetry(async () => {
      calls++;
      throw unique;
    })).rejects.toBe(unique);
    expect(calls).toBe(1);
  });

  it.each([
    ['SQLITE_BUSY (P1008)', true, prismaError('P1008', 'Operation has timed out')],
    ['BUSY_SNAPSHOT', true, SNAPSHOT],
    ['a write conflict', true, prismaError('P2034', 'Transaction failed due to a write conflict or a deadlock')],
    ['a transaction that could not start', true, prismaError('P2028', 'Transaction API error: Unable to start a transaction in the given time.')],
    ['a transaction rolled back on its timeout', true, prismaError('P2028', 'Transaction API error: A commit cannot be executed on an expired transaction. The timeout for this transaction was 20000 ms')],
    ['a transaction used after commit (a bug)', false, prismaError('P2028', 'Transaction API error: Transaction already closed: A query cannot be executed on a committed transaction.')],
    ['a busy raw statement', true, prismaError('P2010', 'Raw query failed. Code: `SQLITE_BUSY`. Message: `database is locked`')],
    ['a unique violation', false, prismaError('P2002', 'Unique constraint failed')],
    ['a plain error', false, new Error('database is locked')],
  ])('%s: busy %s', (_what, busy, error) => {
    expect(isBusyError(error)).toBe(busy);
  });

  it('waits base * 2^(n-1), capped, jittered down to half at most', () => {
    const policy = { attempts: 8, baseMs: 20, maxMs: 1_000 };
    expect([1, 2, 3, 7, 8].map((n) => busyBackoffMs(n, policy, () => 0.999999))).toEqual([20, 40, 80, 1_000, 1_000]);
    expect([1, 2, 3, 7, 8].map((n) => busyBackoffMs(n, policy, () => 0))).toEqual([10, 20, 40, 500, 500]);
  });
});

describe('inTransaction on a busy database file', () => {
  it('runs a transaction again once another process lets go of the write lock', async () => {
    const other = new Database(db.file);
    other.exec('BEGIN IMMEDIATE');
    let waits = 0;
    const ws = await using(other, () => inTransaction(
      db.store.prisma,
      (tx) => tx.workspace.create({ data: { platform: 'console', externalId: 'after-lock', name: 'after lock' }, select: { externalId: true } }),
      {
        attempts: 4, baseMs: 1, maxMs: 1,
        sleep: async () => {
          waits++;
          if (other.inTransaction) other.exec('COMMIT');
        },
      },
    ));
    expect(ws).toEqual({ externalId: 'after-lock' });
    expect(waits).toBe(1);
  });

  it('holds the write lock from its first statement: another process cannot write under its reads', async () => {
    // No busy wait on the other side: it fails at once while our transaction holds the lock.
    const other = new Database(db.file, { timeout: 0 });
    const id = (await ensureWorkspace(db.store.prisma, { platform: 'console', externalId: 'snapshot', name: 'v0' })).id;
    let tries = 0;
    let otherWrite = 'not tried';
    const renamed = await using(other, () => inTransaction(db.store.prisma, async (tx) => {
      tries++;
      const before = await tx.workspace.findUniqueOrThrow({ where: { id }, select: { name: true } });
      try {
        other.prepare('UPDATE "Workspace" SET name = ? WHERE id = ?').run('changed elsewhere', id);
        otherWrite = 'written';
      } catch (error) {
        otherWrite = error instanceof Error && 'code' in error ? String(error.code) : 'failed';
      }
      return tx.workspace.update({ where: { id }, data: { name: `${before.name} +1` }, select: { name: true } });
    }));
    expect([tries, otherWrite, renamed]).toEqual([1, 'SQLITE_BUSY', { name: 'v0 +1' }]);
  });
});

describe('errorLine', () => {
  it("keeps the reason of Prisma's multi-line message, on one line", async () => {
    const other = new Database(db.file);
    other.exec('BEGIN IMMEDIATE');
    let caught: unknown;
    try {
      await db.store.prisma.workspace.create({ data: { platform: 'console', externalId: 'locked', name: 'locked' } });
    } catch (error) {
      caught = error;
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(caught instanceof Error && caught.message.split('\n').length).toBeGreaterThan(3);
    expect(errorLine(caught)).toBe('Operation has timed out');
    expect(errorLine(new Error('first\n\n  second\u001b[31m red'))).toBe('first second [31m red');
  });
});
