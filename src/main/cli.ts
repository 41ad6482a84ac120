import { loadEnv } from '../config/env.js';
import { quoteInput, safeMessage } from '../core/domain/quote-input.js';
import { LIMITS } from '../core/limits.js';
import { backtestCommand } from './cli/backtest-command.js';
import { consoleCommand } from './cli/console-command.js';
import { dbCommand } from './cli/db-command.js';
import { discordCommand, slackCommand } from './cli/platform-command.js';
import type { CliIo, ExitCode } from './cli/io.js';
import { mcpCommand } from './cli/mcp-command.js';
import { startCommand } from './cli/start-command.js';
import { strategiesCommand } from './cli/strategies-command.js';
import { codeVersion } from './version.js';
import { SUBCOMMANDS, usage } from './cli/usage.js';

export { SUBCOMMANDS, usage };

export async function runCli(argv: readonly string[], rawIo: CliIo): Promise<ExitCode> {
  // Every message on stderr is bounded and free of raw control characters, whichever command wrote it: input echoed
  // in an error is already quoted where it is echoed (quoteInput); this is the bound behind it.
  const io: CliIo = { ...rawIo, err: (text) => rawIo.err(safeMessage(text, LIMITS.errorChars)) };
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
    case 'console':
      return consoleCommand(rest, io, env.value);
    case 'discord':
      return discordCommand(rest, io, env.value);
    case 'slack':
      return slackCommand(rest, io);
    case 'start':
      return startCommand(rest, io, env.value);
    case 'mcp':
      return mcpCommand(rest, io, env.value);
    default:
      io.err(`tradedesk: unknown command ${quoteInput(command)}; commands: ${SUBCOMMANDS.map((c) => c.name).join(', ')}`);
      return 2;
  }
}
