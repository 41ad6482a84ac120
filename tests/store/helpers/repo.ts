// Paths and process helpers shared by the store tests. Every test file works in its own temp folder.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, inject } from 'vitest';
import { freshDatabase } from '../../helpers/postgres-server.js';
import { createStore, type Store } from '../../../src/store/db/client.js';
import { migrateDatabase } from '../../../src/store/migrations/migrate.js';
import { createBarCache, type StoreBarCache } from '../../../src/store/market-data/bar-cache.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const MIGRATIONS_DIR = path.join(REPO_ROOT, 'prisma', 'migrations');

export interface TempDir {
  readonly dir: string;
  /** `file:` URL of a database file in the folder. */
  url(name: string): string;
  file(name: string): string;
  remove(): void;
}

export function createTempDir(label: string): TempDir {
  const dir = mkdtempSync(path.join(tmpdir(), `tradedesk-${label}-`));
  return {
    dir,
    file: (name) => path.join(dir, name),
    url: (name) => `file:${path.join(dir, name)}`,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Copies the committed migrations so a test can add or edit some without touching the repository. */
export function copyMigrations(to: string): string {
  cpSync(MIGRATIONS_DIR, to, { recursive: true });
  return to;
}

export interface ProcessResult {
  readonly status: number | null;
  readonly output: string;
}

/** Runs the Prisma CLI from the repository root with the timer preload, against `databaseUrl`. */
export function runPrisma(args: readonly string[], databaseUrl: string): ProcessResult {
  const res = spawnSync(
    process.execPath,
    ['--require', path.join(REPO_ROOT, 'scripts', 'unref-long-timers.cjs'), path.join(REPO_ROOT, 'node_modules', 'prisma', 'build', 'index.js'), ...args],
    { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' } },
  );
  return { status: res.status, output: `${res.stdout}${res.stderr}` };
}

/** Runs a repository script (scripts/*.mjs) with node from the repository root; async so several can overlap. */
export function runScript(script: string, args: readonly string[]): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, script), ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

export interface ChildRun {
  /** Resolves once the child has loaded and is about to call into the store. */
  readonly ready: Promise<void>;
  /** The child's last stdout line, parsed as JSON. */
  readonly done: Promise<unknown>;
}

/** Starts `tests/store/helpers/<file>` under tsx in a separate process (a second desk starting up). */
export function startTsChild(file: string, args: readonly string[]): ChildRun {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'tests', 'store', 'helpers', file), ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    if (out.includes('ready\n')) markReady();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const done = new Promise<unknown>((resolve, reject) => {
    child.on('close', (code) => {
      markReady();
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`child exited ${code}: ${err}`));
      else resolve(JSON.parse(last));
    });
  });
  return { ready, done };
}

/**
 * A migrated SQLite store for one test file, in its own temp folder: opened before the file's tests, closed and
 * deleted after them. `store` is there from the first test on (and in beforeAll hooks registered after this call).
 */
/** The PostgreSQL server of the `postgresql` test project (tests/postgres-setup.ts); undefined in the default one. */
export const testPostgresUrl = (): string | undefined => inject('postgresUrl');

/** The postgresql project's server, for tests that run there only. */
export function requirePostgresUrl(): string {
  const url = testPostgresUrl();
  if (url === undefined) throw new Error('this test runs in the postgresql project only (vitest.config.ts)');
  return url;
}

export function useMigratedStore(label: string, options: { readonly busyTimeoutMs?: number } = {}): { readonly store: Store; readonly file: string; readonly url: string } {
  const tmp = createTempDir(label);
  let url = tmp.url(`${label}.db`);
  let store: Store | undefined;
  beforeAll(async () => {
    // In the postgresql project the same suite runs on a fresh PostgreSQL database.
    const postgres = testPostgresUrl();
    if (postgres !== undefined) url = await freshDatabase(postgres, label);
    const migrated = await migrateDatabase(url);
    if (!migrated.ok) throw new Error(migrated.error.message);
    store = createStore({ databaseUrl: url, ...options });
  });
  afterAll(async () => {
    await store?.close();
    tmp.remove();
  });
  return {
    get store(): Store {
      if (store === undefined) throw new Error('useMigratedStore: the store opens in beforeAll; use it inside hooks and tests');
      return store;
    },
    file: tmp.file(`${label}.db`),
    /** The database's URL (a `file:` URL, or the fresh PostgreSQL database's); set once beforeAll ran. */
    get url(): string {
      return url;
    },
  };
}

/** A second connection to a `useMigratedStore` file, as a second desk process on the same database would have. */
export function useSecondConnection(db: { readonly url: string }): { readonly store: Store } {
  let store: Store | undefined;
  beforeAll(() => {
    store = createStore({ databaseUrl: db.url });
  });
  afterAll(async () => {
    await store?.close();
  });
  return {
    get store(): Store {
      if (store === undefined) throw new Error('useSecondConnection: the store opens in beforeAll; use it inside hooks and tests');
      return store;
    },
  };
}

/** Bar caches over a useMigratedStore database, each closed after the file's tests. */
export function barCacheOpener(fixture: { readonly store: Store; readonly url: string }): () => StoreBarCache {
  const opened: StoreBarCache[] = [];
  afterAll(() => opened.forEach((c) => c.close()));
  return () => {
    const cache = createBarCache(fixture.store.prisma, { databaseUrl: fixture.url });
    opened.push(cache);
    return cache;
  };
}
