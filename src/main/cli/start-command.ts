import type { Env } from '../../config/env.js';
import { STRATEGY_IDS } from '../../core/strategies/registry.js';
import { formatSourceSpec } from '../../core/domain/data-source.js';
import { marketDataFor } from '../market-data.js';
import { defaultDataSpec } from './data-option.js';
import { codeVersion } from '../version.js';
import { consoleCommand, deskOptions } from './console-command.js';
import { databaseNote } from '../desk-database.js';
import type { CliIo, ExitCode } from './io.js';
import { usage } from './usage.js';
import { redactUrl } from '../../store/db/database-kind.js';

/**
 * `npm start`: prints the desk's status, then runs the desk: the console desk (commands, the scheduler trading
 * running runs, notifications as they happen), plus Discord and/or Slack when their tokens are set. Accepts the
 * console's options (`--speed <x>`).
 */
export async function startCommand(argv: readonly string[], io: CliIo, env: Env): Promise<ExitCode> {
  const options = deskOptions(argv, io, env, 'start');
  if (options === null) return 2;
  const { speed, db } = options;
  const spec = defaultDataSpec(env);
  const market = marketDataFor(env, spec);
  io.out([
    `tradedesk ${codeVersion()}`,
    `  database     ${redactUrl(db.url)} (${databaseNote(db, speed)})`,
    `  clock        ${speed === 1 ? 'real time' : `sped up ${speed}x: a demo (runs, decisions and notifications in demo time; the audit log in real time)`}`,
    `  market data  ${market.ok ? market.value.label : `${formatSourceSpec(spec)}: ${market.error.message}`}`,
    `  calendar     ${calendarLine(env)}`,
    `  strategies   ${STRATEGY_IDS.length}: ${STRATEGY_IDS.join(', ')}`,
    '  broker       paper (the backtest fill model); live trading is not available yet',
    `  chat         ${chatLine(env)}`,
    `  analyst      ${env.ANTHROPIC_API_KEY === undefined ? 'the offline analyst (set ANTHROPIC_API_KEY for Claude over the desk\'s MCP tools)' : `Claude (${env.ANTHROPIC_MODEL}) over the desk's read-only MCP tools`}`,
    '',
    usage(),
    '',
    'In the desk: /help lists the commands; try /run start strategy:mean-reversion symbols:SIM-A,SIM-B timeframe:1m',
  ].join('\n'));
  return consoleCommand(argv, io, env, true);
}

function calendarLine(env: Env): string {
  return env.APCA_API_KEY_ID === undefined || env.APCA_API_SECRET_KEY === undefined
    ? `the built-in NYSE calendar (weekends, holidays, half days); set APCA_API_KEY_ID and APCA_API_SECRET_KEY to follow Alpaca's published calendar and clock`
    : `Alpaca's published calendar and market clock (${env.APCA_API_BASE_URL}), the built-in NYSE rules outside its days`;
}

function chatLine(env: Env): string {
  const platforms = [
    ...(env.DISCORD_TOKEN === undefined ? [] : ['Discord']),
    ...(env.SLACK_BOT_TOKEN === undefined ? [] : [env.SLACK_APP_TOKEN === undefined ? 'Slack (HTTP)' : 'Slack (Socket Mode)']),
  ];
  return platforms.length === 0
    ? 'the console desk (set DISCORD_TOKEN or SLACK_BOT_TOKEN to serve a team: README, "Install")'
    : `the console desk and ${platforms.join(' and ')}`;
}
