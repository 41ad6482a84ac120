#!/usr/bin/env node
// The PostgreSQL migrations (prisma/postgresql/migrations), made from the same schema source as SQLite's. The Prisma
// CLI with the JS engine needs a live database even for a pure datamodel diff, and its shadow database does not work
// through @prisma/adapter-pg 6.19 (the CLI refuses --shadow-database-url with engine "js"; the adapter's own shadow
// logic reuses the real database). So a throwaway embedded PostgreSQL serves the diff, and the schema the migrations
// build is kept beside them (prisma/postgresql/migrated.prisma): a new migration is the diff from it to the schema.
//
//   node scripts/postgres-migrations.mjs <name>   write the next migration (and move migrated.prisma)
//   node scripts/postgres-migrations.mjs --check  exit 0: in sync, 2: a migration is missing
// scripts/new-migration.mjs runs it after SQLite's, so `npm run db:migration -- <name>` writes both.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from './embedded-postgres.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const PG = path.join(root, 'prisma', 'postgresql');
export const PG_SCHEMA = path.join(PG, 'schema.prisma');
export const PG_MIGRATED = path.join(PG, 'migrated.prisma');
export const PG_MIGRATIONS = path.join(PG, 'migrations');

/** Starts a throwaway PostgreSQL with an empty database for the diff; resolves to its URL and a stop function. */
export async function throwawayPostgres() {
  const pg = await startEmbeddedPostgres({ user: 'diff' });
  await pg.server.createDatabase('diff');
  return { url: pg.url.replace(/\/postgres$/, '/diff'), stop: pg.stop };
}

/** `prisma migrate diff` between two datamodels (`from` null: empty) on PostgreSQL; the exit status (0 same, 2 differ) and the SQL. */
export function diffDatamodels(url, from, to) {
  const work = mkdtempSync(path.join(tmpdir(), 'tradedesk-pgdiff-'));
  const out = path.join(work, 'diff.sql');
  try {
    const res = spawnSync(process.execPath, [
      '--require', path.join(root, 'scripts', 'unref-long-timers.cjs'),
      path.join(root, 'node_modules', 'prisma', 'build', 'index.js'),
      'migrate', 'diff', '--config', path.join(PG, 'prisma.config.ts'),
      ...(from === null ? ['--from-empty'] : ['--from-schema-datamodel', from]),
      '--to-schema-datamodel', to, '--script', '--exit-code', '--output', out,
    ], { cwd: root, encoding: 'utf8', env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' } });
    return { status: res.status ?? 1, sql: existsSync(out) ? readFileSync(out, 'utf8') : '', log: `${res.stdout ?? ''}${res.stderr ?? ''}` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const utcStamp = (d) => d.toISOString().replace(/[-:T]/g, '').slice(0, 14);

export async function postgresMigration({ check, name }) {
  const pg = await throwawayPostgres();
  try {
    const diff = diffDatamodels(pg.url, existsSync(PG_MIGRATED) ? PG_MIGRATED : null, PG_SCHEMA);
    if (diff.status !== 0 && diff.status !== 2) {
      process.stderr.write(`${diff.log}\nprisma migrate diff (PostgreSQL) failed\n`);
      return 1;
    }
    if (check) {
      if (diff.status === 0) return 0;
      process.stdout.write(`Drift: prisma/postgresql/schema.prisma differs from its migrations. Missing migration:\n\n${diff.sql}\n`);
      return 2;
    }
    if (diff.status === 0) return 0;
    mkdirSync(PG_MIGRATIONS, { recursive: true });
    const last = readdirSync(PG_MIGRATIONS).filter((d) => /^\d{14}_/.test(d)).sort().at(-1);
    const stamp = utcStamp(new Date());
    if (last !== undefined && stamp <= last.slice(0, 14)) throw new Error(`clock is behind the last PostgreSQL migration ${last}`);
    const target = path.join(PG_MIGRATIONS, `${stamp}_${name}`);
    mkdirSync(target);
    writeFileSync(path.join(target, 'migration.sql'), diff.sql);
    copyFileSync(PG_SCHEMA, PG_MIGRATED);
    process.stdout.write(`Wrote ${path.relative(root, path.join(target, 'migration.sql'))}\n`);
    return 0;
  } finally {
    await pg.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const name = args.find((a) => !a.startsWith('-'));
  if (!check && name === undefined) {
    process.stderr.write('usage: node scripts/postgres-migrations.mjs <name> | --check\n');
    process.exit(1);
  }
  postgresMigration({ check, name: name?.toLowerCase().replace(/[^a-z0-9_]+/g, '_') }).then((code) => process.exit(code), (error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
