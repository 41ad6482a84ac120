// `tradedesk db copy` (the `postgresql` test project): a desk's history made on SQLite the way a user makes it (a
// paper run started, traded and stopped in the console desk), copied into an empty PostgreSQL database and verified
// row for row; the desk then answers the same on PostgreSQL. A target that is not empty is refused, and bad input
// is one line.
import { describe, expect, it } from 'vitest';
import { createStore } from '../../../src/store/db/client.js';
import { COPY_ORDER } from '../../../src/store/db/copy.js';
import { Prisma } from '../../../src/store/generated/client.js';
import { freshDatabase } from '../../helpers/postgres-server.js';
import { runInProcess, tempDatabaseUrl } from '../../helpers/cli.js';
import { requirePostgresUrl } from '../helpers/repo.js';

const server = requirePostgresUrl;

describe('tradedesk db copy', () => {
  it('knows every model of the schema, parents first', () => {
    expect(COPY_ORDER.map((t) => t.model).sort()).toEqual(Object.values(Prisma.ModelName).sort());
  });

  it('copies a SQLite desk into an empty PostgreSQL database, verified row for row, and the desk answers the same there', async () => {
    const sqlite = tempDatabaseUrl();
    const made = await runInProcess(['console'], {
      env: { DATABASE_URL: sqlite },
      stdin: ['/run start strategy:mean-reversion symbols:SIM-A,SIM-B timeframe:1m', '/rules add type:max-position-pct params:pct=20', '/run stop run:1'],
    });
    expect(made.code).toBe(0);
    // A saved backtest too: its trade ledger (a base64 blob) and equity curve.
    const backtest = await runInProcess(['backtest', '--strategy', 'trend-following', '--symbols', 'SIM', '--save'], { env: { DATABASE_URL: sqlite } });
    expect(backtest.code).toBe(0);
    const postgres = await freshDatabase(server(), 'copy');
    const copied = await runInProcess(['db', 'copy', '--from', sqlite, '--to', postgres]);
    expect(copied.err).toContain('  Run: 2 row(s)');
    expect(copied.code).toBe(0);
    expect(copied.out).toMatch(/^copied \d+ row\(s\) in 31 tables from file:.* to postgresql:\/\/desk:\*\*\*@127\.0\.0\.1:\d+\/t_copy_\d+_\d+ in [\d.]+ s, verified row for row$/);

    // Row counts on both sides, table by table.
    const a = createStore({ databaseUrl: sqlite });
    const b = createStore({ databaseUrl: postgres });
    try {
      for (const { model } of COPY_ORDER) {
        const name = model.charAt(0).toLowerCase() + model.slice(1);
        const count = (s: typeof a) => (s.prisma as unknown as Record<string, { count(): Promise<number> }>)[name]!.count();
        expect(await count(b), model).toBe(await count(a));
      }
      expect(await b.prisma.run.count()).toBe(2);
      expect(await b.prisma.tradeLedger.count()).toBe(1);
      expect(await b.prisma.equitySnapshot.count()).toBeGreaterThan(0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    const question = ['/runs status:all', '/run summary run:1', '/run show run:2'];
    const there = await runInProcess(['console'], { env: { DATABASE_URL: postgres }, stdin: question });
    const here = await runInProcess(['console'], { env: { DATABASE_URL: sqlite }, stdin: question });
    expect(there.code).toBe(0);
    const body = (out: string) => out.split('\n').filter((l) => !/^(tradedesk|  database|chart:)/.test(l) && !l.includes('database'));
    expect(body(there.out)).toEqual(body(here.out));

    const again = await runInProcess(['db', 'copy', '--from', sqlite, '--to', postgres]);
    expect(again.code).toBe(1);
    expect(again.err.at(-1)).toMatch(/^tradedesk db copy: the target database already holds data \(\d+ Workspace row\(s\)\): db copy writes only into an empty, freshly migrated database$/);
  }, 120_000);

  it('refuses bad input in one line', async () => {
    const line = async (argv: string[]) => {
      const run = await runInProcess(['db', 'copy', ...argv]);
      return [run.code, run.err.at(-1)];
    };
    expect(await line(['--from', 'file:/tmp/a.db'])).toEqual([2, 'tradedesk db copy: needs both --from and --to (usage: tradedesk db migrate | tradedesk db copy --from <database URL> --to <database URL>)']);
    expect(await line(['--from', 'file:/tmp/a.db', '--to', 'mysql://u:secret@h/d'])).toEqual([2, "tradedesk db copy: 'mysql://u:***@h/d' is neither a SQLite file: URL nor a postgresql:// URL"]);
    expect(await line(['--from', 'file:/tmp/a.db', '--to', 'file:/tmp/a.db'])).toEqual([2, 'tradedesk db copy: --from and --to name the same database']);
    expect((await line(['--to']))[0]).toBe(2);
  });
});
