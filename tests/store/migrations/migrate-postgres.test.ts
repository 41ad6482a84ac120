// The migration runner on PostgreSQL (the `postgresql` test project: a real embedded PostgreSQL): the committed
// prisma/postgresql/migrations applied to a fresh database once, recorded as `prisma migrate deploy` records them,
// once however many desk processes start together; a database it does not manage, or an edited migration, refused.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../../src/store/migrations/migrate.js';
import { freshDatabase } from '../../helpers/postgres-server.js';
import { REPO_ROOT, requirePostgresUrl } from '../helpers/repo.js';

const PG_MIGRATIONS = path.join(REPO_ROOT, 'prisma', 'postgresql', 'migrations');
const server = requirePostgresUrl;

async function query<T>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as T[];
  } finally {
    await c.end();
  }
}

describe('migrateDatabase on PostgreSQL', () => {
  it('applies the committed migrations to a fresh database once, as prisma migrate deploy records them', async () => {
    const url = await freshDatabase(server(), 'migrate');
    const names = readdirSync(PG_MIGRATIONS).filter((d) => /^\d{14}_/.test(d)).sort();
    expect(await migrateDatabase(url)).toEqual({ ok: true, value: { applied: names, pending: 0 } });
    expect(await migrateDatabase(url)).toEqual({ ok: true, value: { applied: [], pending: 0 } });
    const rows = await query<{ migration_name: string; finished: boolean; applied_steps_count: number }>(url,
      'SELECT migration_name, finished_at IS NOT NULL AS finished, applied_steps_count FROM "_prisma_migrations" ORDER BY started_at');
    expect(rows).toEqual(names.map((migration_name) => ({ migration_name, finished: true, applied_steps_count: 1 })));
    const tables = await query<{ n: string }>(url, `SELECT count(*)::text AS n FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`);
    expect(Number(tables[0]!.n)).toBeGreaterThan(25);
  });

  it('applies each migration once when several desk processes start on one fresh database at the same time', async () => {
    const url = await freshDatabase(server(), 'migrate_race');
    const results = await Promise.all([1, 2, 3, 4].map(() => migrateDatabase(url)));
    expect(results.every((r) => r.ok)).toBe(true);
    const applied = results.flatMap((r) => (r.ok ? r.value.applied : []));
    const names = readdirSync(PG_MIGRATIONS).filter((d) => /^\d{14}_/.test(d)).sort();
    expect(applied.sort()).toEqual(names);
    expect(await query(url, 'SELECT migration_name FROM "_prisma_migrations"')).toHaveLength(names.length);
  });

  it('refuses a database that has tables but no migration history, and a migration edited after it was applied', async () => {
    const unmanaged = await freshDatabase(server(), 'unmanaged');
    await query(unmanaged, 'CREATE TABLE "Mine" (id int)');
    const refused = await migrateDatabase(unmanaged);
    expect(refused.ok ? null : refused.error.code).toBe('db.not_managed');

    const url = await freshDatabase(server(), 'edited');
    const dir = mkdtempSync(path.join(tmpdir(), 'tradedesk-pgmig-'));
    cpSync(PG_MIGRATIONS, dir, { recursive: true });
    expect((await migrateDatabase(url, { migrationsDir: dir })).ok).toBe(true);
    const first = readdirSync(dir).filter((d) => /^\d{14}_/.test(d)).sort()[0]!;
    const file = path.join(dir, first, 'migration.sql');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n-- edited\n`);
    const edited = await migrateDatabase(url, { migrationsDir: dir });
    expect(edited.ok).toBe(false);
  });

  it('rolls a failing migration back completely and records nothing for it', async () => {
    const url = await freshDatabase(server(), 'failing');
    const dir = mkdtempSync(path.join(tmpdir(), 'tradedesk-pgmig-'));
    cpSync(PG_MIGRATIONS, dir, { recursive: true });
    expect((await migrateDatabase(url, { migrationsDir: dir })).ok).toBe(true);
    const bad = path.join(dir, '29990101000000_bad');
    cpSync(path.join(dir, readdirSync(dir).filter((d) => /^\d{14}_/.test(d)).sort()[0]!), bad, { recursive: true });
    writeFileSync(path.join(bad, 'migration.sql'), 'CREATE TABLE "Half" (id int);\nSELECT no_such_function();\n');
    const failed = await migrateDatabase(url, { migrationsDir: dir });
    expect(failed.ok ? null : failed.error.code).toBe('db.migration_failed');
    expect(await query(url, `SELECT 1 FROM pg_tables WHERE tablename = 'Half'`)).toEqual([]);
    expect(await query(url, `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '29990101000000_bad'`)).toEqual([]);
  });
});
