import type { Env } from '../config/env.js';
import { quoteInput, safeMessage } from '../core/domain/quote-input.js';
import { LIMITS } from '../core/limits.js';
import type { CliIo, ExitCode } from './cli/io.js';
import { codeVersion } from './version.js';
import { helpFor, SUBCOMMANDS, usage, type TopCommand } from './cli/usage.js';

export { SUBCOMMANDS, usage };
export { endOnClosedPipe } from './cli/closed-pipe.js';

type Handler = (argv: readonly string[], io: CliIo, env: Env) => Promise<ExitCode>;

/**
 * What runCli dispatches on: exactly the first words of SUBCOMMANDS (the type checks both ways). Each command's module
 * is imported only when that command runs, so a command loads what it uses and nothing else: `--help` never loads zod,
 * a backtest never loads the database client, the chat platforms, the analyst or the MCP SDK.
 */
export const DISPATCH: { readonly [K in TopCommand]: Handler } = {
  start: async (argv, io, env) => (await import('./cli/start-command.js')).startCommand(argv, io, env),
  console: async (argv, io, env) => (await import('./cli/console-command.js')).consoleCommand(argv, io, env),
  backtest: async (argv, io, env) => (await import('./cli/backtest-command.js')).backtestCommand(argv, io, env),
  strategies: async (argv, io) => (await import('./cli/strategies-command.js')).strategiesCommand(argv, io),
  data: async (argv, io, env) => (await import('./cli/data-command.js')).dataCommand(argv, io, env),
  db: async (argv, io, env) => (await import('./cli/db-command.js')).dbCommand(argv, io, env),
  discord: async (argv, io, env) => (await import('./cli/platform-command.js')).discordCommand(argv, io, env),
  slack: async (argv, io) => (await import('./cli/platform-command.js')).slackCommand(argv, io),
  mcp: async (argv, io, env) => (await import('./cli/mcp-command.js')).mcpCommand(argv, io, env),
};

const isTopCommand = (word: string): word is TopCommand => Object.hasOwn(DISPATCH, word);

export async function runCli(argv: readonly string[], rawIo: CliIo): Promise<ExitCode> {
  // Every message on stderr is bounded and free of raw control characters, whichever command wrote it: input echoed
  // in an error is already quoted where it is echoed (quoteInput); this is the bound behind it.
  // The desk's log lines are bounded and escaped by the logger itself (src/main/log), and go out whole.
  const io: CliIo = {
    ...rawIo,
    err: (text) => rawIo.err(safeMessage(text, LIMITS.errorChars)),
    logSink: rawIo.logSink ?? { write: (line) => rawIo.err(line), tty: rawIo.stderrTty !== undefined },
  };
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
  const help = await helpFor(command === 'help' ? [...rest, '--help'] : argv);
  if (help !== null) {
    io.out(help);
    return 0;
  }
  if (!isTopCommand(command)) {
    io.err(`tradedesk: unknown command ${quoteInput(command)}; commands: ${SUBCOMMANDS.map((c) => c.name).join(', ')}`);
    return 2;
  }
  // The environment's schema (zod) is loaded only by a command that reads it.
  const { loadEnv } = await import('../config/env.js');
  const env = loadEnv(io.env);
  if (!env.ok) {
    io.err(`tradedesk: ${env.error.message}`);
    return 2;
  }
  return DISPATCH[command](rest, io, env.value);
}
