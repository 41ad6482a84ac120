import type { Env } from '../../config/env.js';
import { STRATEGY_IDS } from '../../core/strategies/registry.js';
import { createMarketData } from '../market-data.js';
import { codeVersion } from '../version.js';
import { consoleCommand } from './console-command.js';
import type { CliIo, ExitCode } from './io.js';
import { usage } from './usage.js';

/**
 * `npm start`: prints the desk's status, then runs the desk. With no Discord or Slack token (the only surface
 * today) that is the console desk: commands, the scheduler trading running runs, notifications as they happen.
 * Accepts the console's options (`--speed <x>`).
 */
export async function startCommand(argv: readonly string[], io: CliIo, env: Env): Promise<ExitCode> {
  const market = createMarketData(env, undefined);
  io.out([
    `tradedesk ${codeVersion()}`,
    `  database     ${env.DATABASE_URL} (migrations apply automatically)`,
    `  market data  ${market.label}`,
    `  strategies   ${STRATEGY_IDS.length}: ${STRATEGY_IDS.join(', ')}`,
    '  broker       paper (the backtest fill model); live trading is not available yet',
    '  chat         the console desk (Discord and Slack are not built yet); the analyst is not built yet',
    '',
    usage(),
    '',
    'In the desk: /help lists the commands; try /run start strategy:mean-reversion symbols:SIM-A,SIM-B timeframe:1m',
  ].join('\n'));
  return consoleCommand(argv, io, env);
}
