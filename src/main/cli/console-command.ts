import type { Env } from '../../config/env.js';
import { runDesk } from '../desk.js';
import { PlatformStartError } from '../platforms.js';
import type { CliIo, ExitCode } from './io.js';

/**
 * `tradedesk console [--speed <x>]`: the desk in this terminal: commands, the scheduler trading running runs, and
 * notifications as they happen (interactive on a TTY; line by line when piped, exiting at the end of input).
 * `withPlatforms` (npm start): also Discord and Slack when their tokens are set.
 */
export async function consoleCommand(argv: readonly string[], io: CliIo, env: Env, withPlatforms = false): Promise<ExitCode> {
  let speed = 1;
  const args = [...argv];
  while (args.length > 0) {
    const a = args.shift()!;
    if (a === '--speed' || a.startsWith('--speed=')) {
      const text = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args.shift();
      const x = Number(text);
      if (text === undefined || !Number.isFinite(x) || x < 1 || x > 100_000) {
        io.err(`tradedesk console: --speed '${text ?? ''}': expected a number from 1 to 100000`);
        return 2;
      }
      speed = x;
    } else {
      io.err(`tradedesk console: unknown argument '${a}' (options: --speed <x>)`);
      return 2;
    }
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
    await runDesk(env, io, store, { speed, platforms: withPlatforms });
    return 0;
  } catch (err) {
    if (!(err instanceof PlatformStartError)) throw err;
    io.err(`tradedesk: ${err.message}`);
    return 1;
  } finally {
    await store.close();
  }
}
