import type { Env } from '../../config/env.js';
import { parseDecimal } from '../../core/domain/decimal.js';
import { quoteInput } from '../../core/domain/quote-input.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { runDesk } from '../desk.js';
import { claimDatabase, deskDatabase, type DeskDatabase } from '../desk-database.js';
import { PlatformStartError } from '../platforms.js';
import { OpsHttpStartError } from '../ops/http.js';
import type { CliIo, ExitCode } from './io.js';
import { redactUrl } from '../../store/db/database-kind.js';

/** A desk's options (`--speed <x>`, of `tradedesk console` and `tradedesk start`) and its database; null after saying what is wrong. */
export function deskOptions(argv: readonly string[], io: CliIo, env: Env, command: 'console' | 'start'): { speed: number; db: DeskDatabase } | null {
  const parsed = parseSpeed(argv);
  if (!parsed.ok) {
    io.err(`tradedesk ${command}: ${parsed.error.message}`);
    return null;
  }
  return { speed: parsed.value, db: deskDatabase(io.env, env, parsed.value) };
}

function parseSpeed(argv: readonly string[]): Result<number> {
  let speed = 1;
  const args = [...argv];
  while (args.length > 0) {
    const a = args.shift()!;
    if (a === '--speed' || a.startsWith('--speed=')) {
      const text = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args.shift();
      const x = text === undefined ? Number.NaN : parseDecimal(text);
      if (!Number.isFinite(x) || x < 1 || x > 100_000) return fail('cli.args', `--speed ${quoteInput(text ?? '')}: expected a number from 1 to 100000`);
      speed = x;
    } else {
      return fail('cli.args', `unknown argument ${quoteInput(a)} (options: --speed <x>)`);
    }
  }
  return ok(speed);
}

/**
 * `tradedesk console [--speed <x>]`: the desk in this terminal: commands, the scheduler trading running runs, and
 * notifications as they happen (interactive on a terminal; line by line when piped, exiting at the end of input).
 * `withPlatforms` (npm start, which has printed the status): also Discord and Slack when their tokens are set.
 * A sped-up desk is a demo: its own database unless DATABASE_URL is set, and never one written in real time.
 */
export async function consoleCommand(argv: readonly string[], io: CliIo, env: Env, withPlatforms = false): Promise<ExitCode> {
  const options = deskOptions(argv, io, env, 'console');
  if (options === null) return 2;
  const { speed, db } = options;
  const deskEnv = { ...env, DATABASE_URL: db.url };
  const { createDeskLogger } = await import('../log/logger.js');
  const logger = createDeskLogger(deskEnv, io.logSink ?? { write: io.err, tty: false });
  if (speed !== 1 && !withPlatforms) {
    logger.log(`--speed ${speed}: a sped-up demo on ${redactUrl(db.url)}${db.demoDefault ? ' (its own database; DATABASE_URL chooses another)' : ''}`);
  }
  const { migrateDatabase } = await import('../../store/migrations/migrate.js');
  const { createStore } = await import('../../store/db/client.js');
  const migrated = await migrateDatabase(db.url);
  if (!migrated.ok) {
    io.err(`tradedesk console: database: ${migrated.error.message}`);
    return 1;
  }
  const store = createStore({ databaseUrl: db.url });
  try {
    // Before the desk writes anything: a database belongs to one kind of clock.
    const claimed = await claimDatabase(store, db.url, speed, io.now());
    if (!claimed.ok) {
      io.err(`tradedesk console: ${claimed.error.message}`);
      return claimed.error.code === 'db.clock_mismatch' ? 2 : 1;
    }
    await runDesk(deskEnv, io, store, { speed, platforms: withPlatforms, logger });
    return 0;
  } catch (err) {
    if (!(err instanceof PlatformStartError || err instanceof OpsHttpStartError)) throw err;
    io.err(`tradedesk: ${err.message}`);
    return 1;
  } finally {
    await store.close();
  }
}
