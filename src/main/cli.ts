import { loadEnv, type Env } from '../config/env.js';
import { quoteInput, safeMessage } from '../core/domain/quote-input.js';
import { LIMITS } from '../core/limits.js';
import { backtestCommand } from './cli/backtest-command.js';
import { consoleCommand } from './cli/console-command.js';
import { dataCommand } from './cli/data-command.js';
import { dbCommand } from './cli/db-command.js';
import { discordCommand, slackCommand } from './cli/platform-command.js';
import type { CliIo, ExitCode } from './cli/io.js';
import { mcpCommand } from './cli/mcp-command.js';
import { startCommand } from './cli/start-command.js';
import { strategiesCommand } from './cli/strategies-command.js';
import { codeVersion } from './version.js';
import { helpFor, SUBCOMMANDS, usage, type TopCommand } from './cli/usage.js';

export { SUBCOMMANDS, usage };
export { endOnClosedPipe } from './cli/closed-pipe.js';

type Handler = (argv: readonly string[], io: CliIo, env: Env) => Promise<ExitCode>;

/** What runCli dispatches on: exactly the first words of SUBCOMMANDS (the type checks both ways). */
export const DISPATCH: { readonly [K in TopCommand]: Handler } = {
  start: startCommand,
  console: (argv, io, env) => consoleCommand(argv, io, env),
  backtest: backtestCommand,
  strategies: (argv, io) => strategiesCommand(argv, io),
  data: dataCommand,
  db: dbCommand,
  discord: discordCommand,
  slack: (argv, io) => slackCommand(argv, io),
  mcp: mcpCommand,
};

const isTopCommand = (word: string): word is TopCommand => Object.hasOwn(DISPATCH, word);

export async function runCli(argv: readonly string[], rawIo: CliIo): Promise<ExitCode> {
  // Every message on stderr is bounded and free of raw control characters, whichever command wrote it: input echoed
  // in an error is already quoted where it is echoed (quoteInput); this is the bound behind it.
  const io: CliIo = { ...rawIo, err: (text) => rawIo.err(safeMessage(text, LIMITS.errorChars)) };
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || (command === 'help' && rest.length === 0)) {
    io.out(usage());
    return 0;
  }
  if (command === '--version' || command === '-v') {
    io.out(codeVersion());
    return 0;
  }
  // `<command> --help` (or -h, or `help <command>`) is answered before the environment is even read.
  const help = helpFor(command === 'help' ? [...rest, '--help'] : argv);
  if (help !== null) {
    io.out(help);
    return 0;
  }
  if (!isTopCommand(command)) {
    io.err(`tradedesk: unknown command ${quoteInput(command)}; commands: ${SUBCOMMANDS.map((c) => c.name).join(', ')}`);
    return 2;
  }
  const env = loadEnv(io.env);
  if (!env.ok) {
    io.err(`tradedesk: ${env.error.message}`);
    return 2;
  }
  return DISPATCH[command](rest, io, env.value);
}
