import type { Env } from '../../config/env.js';
import { STRATEGY_IDS } from '../../core/strategies/registry.js';
import { createMarketData } from '../market-data.js';
import { codeVersion } from '../version.js';
import type { CliIo, ExitCode } from './io.js';
import { usage } from './usage.js';

/**
 * `npm start`. Until the runs/scheduler issue lands there is no live desk loop: this applies migrations and prints
 * the desk's status and the commands that exist, and says plainly what is not there yet.
 */
export async function startCommand(argv: readonly string[], io: CliIo, env: Env): Promise<ExitCode> {
  if (argv.length > 0) {
    io.err(`tradedesk start: takes no arguments yet (got '${argv.join(' ')}')`);
    return 2;
  }
  const { migrateDatabase } = await import('../../store/migrate.js');
  const migrated = await migrateDatabase(env.DATABASE_URL);
  if (!migrated.ok) {
    io.err(`tradedesk start: database: ${migrated.error.message}`);
    return 1;
  }
  const market = createMarketData(env, undefined);
  io.out([
    `tradedesk ${codeVersion()}`,
    `  database     ${env.DATABASE_URL} (${migrated.value.applied.length === 0 ? 'up to date' : `applied ${migrated.value.applied.join(', ')}`})`,
    `  market data  ${market.label}`,
    `  strategies   ${STRATEGY_IDS.length}: ${STRATEGY_IDS.join(', ')}`,
    '  broker       paper fill model (backtests); live runs and the scheduler are not built yet',
    '  chat         none yet: the console desk, Discord and Slack arrive with the runs and chat issues',
    '',
    usage(),
    '',
    'try: npx tradedesk backtest --strategy trend-following --symbols SIM',
  ].join('\n'));
  return 0;
}
