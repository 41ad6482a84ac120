import { loadEnv } from '../config/env.js';
import { backtestCommand } from './cli/backtest-command.js';
import { dbCommand } from './cli/db-command.js';
import type { CliIo, ExitCode } from './cli/io.js';
import { startCommand } from './cli/start-command.js';
import { strategiesCommand } from './cli/strategies-command.js';
import { codeVersion } from './version.js';

/** Subcommands of `tradedesk`, listed by --help in this order. */
export const SUBCOMMANDS = [
  { name: 'start', summary: 'start the desk (applies migrations, prints its status)' },
  { name: 'backtest', summary: 'backtest a strategy on CSV or simulated data' },
  { name: 'strategies', summary: 'list the strategies and their parameters' },
  { name: 'db migrate', summary: 'apply pending database migrations' },
] as const;

export function usage(): string {
  const width = Math.max(...SUBCOMMANDS.map((c) => c.name.length));
  return [
    'usage: tradedesk <command> [options]',
    '',
    'commands:',
    ...SUBCOMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'tradedesk <command> --help shows the options of a command.',
  ].join('\n');
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(usage());
    return 0;
  }
  if (command === '--version' || command === '-v') {
    io.out(codeVersion());
    return 0;
  }
  const env = loadEnv(io.env);
  if (!env.ok) {
    io.err(`tradedesk: ${env.error.message}`);
    return 2;
  }
  switch (command) {
    case 'backtest':
      return backtestCommand(rest, io, env.value);
    case 'strategies':
      return strategiesCommand(rest, io);
    case 'db':
      return dbCommand(rest, io, env.value);
    case 'start':
      return startCommand(rest, io, env.value);
    default:
      io.err(`tradedesk: unknown command '${command}'; commands: ${SUBCOMMANDS.map((c) => c.name).join(', ')}`);
      return 2;
  }
}
