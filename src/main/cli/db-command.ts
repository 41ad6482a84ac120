import type { Env } from '../../config/env.js';
import type { CliIo, ExitCode } from './io.js';
import { quoteInput } from '../../core/domain/quote-input.js';

export async function dbCommand(argv: readonly string[], io: CliIo, env: Env): Promise<ExitCode> {
  const [sub, ...rest] = argv;
  // Bad input is one line on stderr, like every other command.
  if (sub === undefined) {
    io.err('tradedesk db: missing subcommand (usage: tradedesk db migrate)');
    return 2;
  }
  if (sub !== 'migrate' || rest.length > 0) {
    io.err(`tradedesk db: unknown arguments ${quoteInput(argv.join(' '))} (usage: tradedesk db migrate)`);
    return 2;
  }
  const { migrateDatabase } = await import('../../store/migrations/migrate.js');
  const { redactUrl } = await import('../../store/db/database-kind.js');
  const res = await migrateDatabase(env.DATABASE_URL);
  // Never the password of a postgresql:// URL.
  const where = redactUrl(env.DATABASE_URL);
  if (!res.ok) {
    io.err(`tradedesk db migrate: ${res.error.message}`);
    return 1;
  }
  io.out(res.value.applied.length === 0
    ? `database ${where} is up to date`
    : `applied ${res.value.applied.length} migration(s) to ${where}: ${res.value.applied.join(', ')}`);
  return 0;
}
