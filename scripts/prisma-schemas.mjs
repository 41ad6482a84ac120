#!/usr/bin/env node
// One schema source, two databases: writes prisma/postgresql/schema.prisma from prisma/schema.prisma (the SQLite
// schema, the one people edit). Only the datasource's provider and the generated client's folder differ: every model,
// field and index is the same, so one store (src/store) runs on both. `--check` exits 2 when the written file is out
// of date (a test runs it).
//
//   node scripts/prisma-schemas.mjs           write prisma/postgresql/schema.prisma
//   node scripts/prisma-schemas.mjs --check   exit 0: in sync, 2: out of date
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const SQLITE_SCHEMA = path.join(root, 'prisma', 'schema.prisma');
export const POSTGRES_SCHEMA = path.join(root, 'prisma', 'postgresql', 'schema.prisma');

// The generated PostgreSQL client's folder, as the PostgreSQL schema (one folder deeper) names it.
const PG_CLIENT = path.relative(path.dirname(POSTGRES_SCHEMA), path.join(root, 'src', 'store', 'generated-pg')).split(path.sep).join('/');

const HEADER = '// GENERATED from prisma/schema.prisma by scripts/prisma-schemas.mjs: edit that file, then run `node scripts/prisma-schemas.mjs`.\n';

/** The PostgreSQL schema for a SQLite schema text. */
export function postgresSchema(sqlite) {
  const swaps = [
    [/provider\s*=\s*"sqlite"/, 'provider = "postgresql"'],
    [/output\s*=\s*"\.\.\/src\/store\/generated"/, `output     = "${PG_CLIENT}"`],
  ];
  let out = sqlite;
  for (const [from, to] of swaps) {
    if (!from.test(out)) throw new Error(`prisma/schema.prisma: expected ${from} (the datasource provider and the generator output)`);
    out = out.replace(from, to);
  }
  return HEADER + out;
}

/** Whether prisma/postgresql/schema.prisma is out of date; with `write`, brings it up to date. */
export function syncPostgresSchema({ write }) {
  const want = postgresSchema(readFileSync(SQLITE_SCHEMA, 'utf8'));
  const stale = !existsSync(POSTGRES_SCHEMA) || readFileSync(POSTGRES_SCHEMA, 'utf8') !== want;
  if (stale && write) {
    mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
    writeFileSync(POSTGRES_SCHEMA, want);
  }
  return stale;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  if (syncPostgresSchema({ write: !check }) && check) {
    console.error('prisma/postgresql/schema.prisma is out of date: run `node scripts/prisma-schemas.mjs`');
    process.exit(2);
  }
}
