/**
 * Prisma's pg adapter, with one fix. Prisma 6.19's client engine commits an interactive transaction by sending COMMIT
 * and only then calling the transaction's `commit()`, which releases its pooled connection. When COMMIT itself fails
 * (a Serializable transaction PostgreSQL refuses at commit, SQLSTATE 40001: the store's usual retry case) `commit()`
 * is never called, so the connection never goes back to the pool: each such retry leaks one, and closing the client
 * then waits forever. PostgreSQL has already ended a transaction whose COMMIT failed, so the connection is released
 * here, and the failure goes on to the store's retry as before.
 */
import { PrismaPg } from '@prisma/adapter-pg';

type Adapter = Awaited<ReturnType<PrismaPg['connect']>>;
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>;

export class ReleasingPrismaPg extends PrismaPg {
  override async connect(): Promise<Adapter> {
    const adapter = await super.connect();
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => releaseOnFailedCommit(await start(isolationLevel));
    return adapter;
  }
}

function releaseOnFailedCommit(tx: Transaction): Transaction {
  const executeRaw = tx.executeRaw.bind(tx);
  tx.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      if (query.sql.trim().toUpperCase() === 'COMMIT') await tx.rollback().catch(() => undefined);
      throw error;
    }
  };
  return tx;
}
