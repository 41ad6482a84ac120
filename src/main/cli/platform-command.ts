import { COMMANDS } from '../../../commands/index.js';
import type { Env } from '../../config/env.js';
import type { CliIo, ExitCode } from './io.js';
import { quoteInput } from '../../core/domain/quote-input.js';

const DISCORD_USAGE = "expected 'commands --json' or 'register-commands [--guild <id>]'";

/**
 * `tradedesk discord commands --json`: the exact slash-command registration payload, generated from the registry,
 * without calling Discord. `tradedesk discord register-commands [--guild <id>]`: sends it (globally, or to one
 * server, where it shows at once). `tradedesk slack manifest [--http <request-url>]`: the Slack app manifest
 * (Socket Mode by default). All load the platform libraries lazily.
 */
export async function discordCommand(argv: readonly string[], io: CliIo, env: Env): Promise<ExitCode> {
  const [sub, ...rest] = argv;
  if (sub === 'commands') {
    if (rest.length !== 1 || rest[0] !== '--json') {
      io.err(`tradedesk discord commands: expected --json (got ${quoteInput(rest.join(' '))})`);
      return 2;
    }
    const { discordCommandPayload } = await import('../../adapters/discord/command-payload.js');
    io.out(JSON.stringify(discordCommandPayload(COMMANDS), null, 2));
    return 0;
  }
  if (sub !== 'register-commands') {
    io.err(`tradedesk discord: ${DISCORD_USAGE} (got ${quoteInput(argv.join(' '))})`);
    return 2;
  }
  let guildId: string | undefined;
  if (rest.length === 2 && rest[0] === '--guild' && /^\d{5,25}$/.test(rest[1] ?? '')) guildId = rest[1];
  else if (rest.length > 0) {
    io.err(`tradedesk discord register-commands: expected [--guild <server id>] with a numeric id (got ${quoteInput(rest.join(' '))})`);
    return 2;
  }
  if (env.DISCORD_TOKEN === undefined || env.DISCORD_APPLICATION_ID === undefined) {
    io.err('tradedesk discord register-commands: set DISCORD_TOKEN and DISCORD_APPLICATION_ID (see .env.example)');
    return 2;
  }
  const { registerCommands } = await import('../../adapters/discord/desk.js');
  try {
    const count = await registerCommands({
      token: env.DISCORD_TOKEN,
      applicationId: env.DISCORD_APPLICATION_ID,
      registry: COMMANDS,
      ...(guildId === undefined ? {} : { guildId }),
      ...(env.DISCORD_API_BASE_URL === undefined ? {} : { apiBaseUrl: env.DISCORD_API_BASE_URL }),
      restRetries: 1,
    });
    io.out(guildId === undefined
      ? `registered ${count} slash commands globally (they can take a while to show in every server; --guild <id> shows them in one at once)`
      : `registered ${count} slash commands in server ${guildId} (they show at once)`);
    return 0;
  } catch (err) {
    io.err(`tradedesk discord register-commands: Discord refused: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

export async function slackCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [sub, ...rest] = argv;
  let requestUrl: string | undefined;
  if (rest.length === 2 && rest[0] === '--http') requestUrl = rest[1];
  else if (rest.length > 0) {
    io.err(`tradedesk slack manifest: unknown arguments ${quoteInput(rest.join(' '))} (only --http <request-url>)`);
    return 2;
  }
  if (sub !== 'manifest') {
    io.err(`tradedesk slack: expected 'manifest [--http <request-url>]' (got ${quoteInput(argv.join(' '))})`);
    return 2;
  }
  if (requestUrl !== undefined && !/^https:\/\/\S+$/.test(requestUrl)) {
    io.err(`tradedesk slack manifest: --http ${quoteInput(requestUrl)}: expected an https:// URL where Slack can reach the desk`);
    return 2;
  }
  const { slackManifest } = await import('../../adapters/slack/manifest.js');
  io.out(JSON.stringify(slackManifest(COMMANDS, requestUrl === undefined ? { socketMode: true } : { socketMode: false, requestUrl }), null, 2));
  return 0;
}
