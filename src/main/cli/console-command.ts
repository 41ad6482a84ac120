import path from 'node:path';
import { runConsoleDesk } from '../../adapters/console/console-desk.js';
import type { Env } from '../../config/env.js';
import { createDeskDeps } from '../desk-deps.js';
import { LOCAL_WORKSPACE } from '../local-workspace.js';
import type { CliIo, ExitCode } from './io.js';

/** `tradedesk console`: the chat desk in this terminal (interactive on a TTY, line by line when piped). */
export async function consoleCommand(argv: readonly string[], io: CliIo, env: Env): Promise<ExitCode> {
  if (argv.length > 0) {
    io.err(`tradedesk console: takes no arguments (got '${argv.join(' ')}')`);
    return 2;
  }
  const { migrateDatabase } = await import('../../store/migrate.js');
  const { createStore } = await import('../../store/client.js');
  const migrated = await migrateDatabase(env.DATABASE_URL);
  if (!migrated.ok) {
    io.err(`tradedesk console: database: ${migrated.error.message}`);
    return 1;
  }
  const store = createStore({ databaseUrl: env.DATABASE_URL });
  try {
    const deps = createDeskDeps(env, store);
    await runConsoleDesk({
      input: io.stdin,
      output: io.stdout,
      interactive: io.interactive,
      registry: deps.commands,
      context: () => ({ workspace: LOCAL_WORKSPACE, actor: { id: 'local', name: 'local', role: 'admin' }, channelId: 'console', now: io.now, deps }),
      imageDir: path.resolve(io.cwd, 'data', 'charts'),
    });
    return 0;
  } finally {
    await store.close();
  }
}
