import type { Env } from '../../config/env.js';
import type { CliIo, ExitCode } from './io.js';
import { quoteInput } from '../../core/domain/quote-input.js';

const USAGE = 'usage: tradedesk db migrate | tradedesk db copy --from <database URL> --to <database URL>';

export async function dbCommand(argv: readonly string[], io: CliIo, env: Env): Promise<ExitCode> {
  const [sub, ...rest] = argv;
  // Bad input is one line on stderr, like every other command.
  if (sub === undefined) {
    io.err(`tradedesk db: missing subcommand (${USAGE})`);
    return 2;
  }
  if (sub === 'copy') return copyCommand(rest, io);
  if (sub !== 'migrate' || rest.length > 0) {
    io.err(`tradedesk db: unknown arguments ${quoteInput(argv.join(' '))} (${USAGE})`);
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

/** `db copy --from <url> --to <url>`: both migrated, the target empty; every table copied, then verified row for row. */
async function copyCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const urls: Record<string, string | undefined> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if ((flag === '--from' || flag === '--to') && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) urls[flag] = argv[++i];
    else {
      io.err(`tradedesk db copy: unknown or incomplete argument ${quoteInput(flag)} (${USAGE})`);
      return 2;
    }
  }
  const { databaseKind, redactUrl } = await import('../../store/db/database-kind.js');
  const from = urls['--from'];
  const to = urls['--to'];
  if (from === undefined || to === undefined) {
    io.err(`tradedesk db copy: needs both --from and --to (${USAGE})`);
    return 2;
  }
  for (const url of [from, to]) {
    if (databaseKind(url) === null) {
      io.err(`tradedesk db copy: ${quoteInput(redactUrl(url))} is neither a SQLite file: URL nor a postgresql:// URL`);
      return 2;
    }
  }
  if (from === to) {
    io.err('tradedesk db copy: --from and --to name the same database');
    return 2;
  }
  const { migrateDatabase } = await import('../../store/migrations/migrate.js');
  const { createStore } = await import('../../store/db/client.js');
  const { copyDatabase } = await import('../../store/db/copy.js');
  for (const url of [from, to]) {
    const migrated = await migrateDatabase(url);
    if (!migrated.ok) {
      io.err(`tradedesk db copy: ${redactUrl(url)}: ${migrated.error.message}`);
      return 1;
    }
  }
  const source = createStore({ databaseUrl: from });
  const target = createStore({ databaseUrl: to });
  try {
    const started = Date.now();
    const copied = await copyDatabase(source.prisma, target.prisma, (line) => io.err(`  ${line}`));
    if (!copied.ok) {
      io.err(`tradedesk db copy: ${copied.error.message}`);
      return 1;
    }
    io.out(`copied ${copied.value.rows} row(s) in ${copied.value.tables.length} tables from ${redactUrl(from)} to ${redactUrl(to)} `
      + `in ${((Date.now() - started) / 1000).toFixed(1)} s, verified row for row`);
    return 0;
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
}
