// Store transactions on PostgreSQL (the `postgresql` test project): Serializable, so two that each decided on what
// the other changes cannot both commit; the loser is refused (often at COMMIT) and the store's retry runs it again.
// A transaction refused at COMMIT gives its connection back to the pool (src/store/db/postgres-adapter.ts): the
// client still closes at once.
import { describe, expect, it } from 'vitest';
import { createStore } from '../../../src/store/db/client.js';
import { inTransaction } from '../../../src/store/db/transaction.js';
import { useMigratedStore } from '../helpers/repo.js';

const db = useMigratedStore('pg_tx');

describe('transactions on PostgreSQL', () => {
  it('lets only one of two write-skewed transactions commit as decided; the retry decides the other again; the pool is whole after', async () => {
    const store = createStore({ databaseUrl: db.url });
    try {
      let arrived = 0;
      let open: () => void = () => undefined;
      const bothRead = new Promise<void>((resolve) => (open = resolve));
      const decided: number[] = [];
      // Each counts the workspaces, waits for the other to have counted too (first try only), then adds one named by
      // the count it saw: under Serializable, the two cannot both commit on the same count.
      const add = (label: string) => inTransaction(store.prisma, async (tx) => {
        const seen = await tx.workspace.count({ where: { platform: 'console', externalId: { startsWith: 'skew-' } } });
        if (++arrived <= 2) {
          if (arrived === 2) open();
          await bothRead;
        }
        decided.push(seen);
        await tx.workspace.create({ data: { platform: 'console', externalId: `skew-${label}-${seen}`, name: label } });
      }, { attempts: 8, baseMs: 5, maxMs: 20 });
      await Promise.all([add('a'), add('b')]);
      const rows = await store.prisma.workspace.findMany({ where: { externalId: { startsWith: 'skew-' } }, select: { externalId: true } });
      expect(rows.map((r) => Number(r.externalId.split('-')[2])).sort()).toEqual([0, 1]);
      expect(decided.length).toBeGreaterThan(2);
    } finally {
      const closed = await Promise.race([store.close().then(() => 'closed'), new Promise((r) => setTimeout(() => r('hung'), 5_000))]);
      expect(closed).toBe('closed');
    }
  });
});
