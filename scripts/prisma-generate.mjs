// Runs `prisma generate` after install, for both databases: the SQLite client (src/store/generated) and the
// PostgreSQL one (src/store/generated-pg, from prisma/postgresql/schema.prisma, written here from the one schema
// source). The CLI is preloaded with the timer shim so it exits as soon as it is done (the Wasm schema engine
// otherwise keeps the process alive for up to a minute).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { syncPostgresSchema } from './prisma-schemas.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const shim = path.join(root, 'scripts', 'unref-long-timers.cjs');

syncPostgresSchema({ write: true });

const generate = (config, databaseUrl) => spawnSync(process.execPath, [
  '--require', shim, path.join(root, 'node_modules', 'prisma', 'build', 'index.js'), 'generate', ...(config === null ? [] : ['--config', config]),
], { cwd: root, stdio: 'inherit', env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' } });

// The SQLite client keeps the caller's file URL; the PostgreSQL generate needs a postgresql:// one (never connected).
const sqlite = generate(null, process.env.DATABASE_URL?.startsWith('file:') ? process.env.DATABASE_URL : 'file:./data/tradedesk.db');
if (sqlite.status !== 0) process.exit(sqlite.status ?? 1);
const pg = generate(path.join('prisma', 'postgresql', 'prisma.config.ts'), 'postgresql://localhost/tradedesk');
process.exit(pg.status ?? 1);
