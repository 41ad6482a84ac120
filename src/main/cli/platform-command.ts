import { COMMANDS } from '../../../commands/index.js';
import type { CliIo, ExitCode } from './io.js';

/**
 * `tradedesk discord commands --json`: the exact slash-command registration payload, generated from the registry,
 * without calling Discord. `tradedesk slack manifest [--http <request-url>]`: the Slack app manifest (Socket Mode by
 * default). Both are loaded lazily: they pull in the platform libraries.
 */
export async function discordCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  if (argv[0] !== 'commands' || argv.length !== 2 || argv[1] !== '--json') {
    io.err(`tradedesk discord: expected 'commands --json' (got '${argv.join(' ')}'); registering with Discord arrives with the Discord desk`);
    return 2;
  }
  const { discordCommandPayload } = await import('../../adapters/discord/command-payload.js');
  io.out(JSON.stringify(discordCommandPayload(COMMANDS), null, 2));
  return 0;
}

export async function slackCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [sub, ...rest] = argv;
  let requestUrl: string | undefined;
  if (rest.length === 2 && rest[0] === '--http') requestUrl = rest[1];
  else if (rest.length > 0) {
    io.err(`tradedesk slack manifest: unknown arguments '${rest.join(' ')}' (only --http <request-url>)`);
    return 2;
  }
  if (sub !== 'manifest') {
    io.err(`tradedesk slack: expected 'manifest [--http <request-url>]' (got '${argv.join(' ')}')`);
    return 2;
  }
  if (requestUrl !== undefined && !/^https:\/\/\S+$/.test(requestUrl)) {
    io.err(`tradedesk slack manifest: --http '${requestUrl}': expected an https:// URL where Slack can reach the desk`);
    return 2;
  }
  const { slackManifest } = await import('../../adapters/slack/manifest.js');
  io.out(JSON.stringify(slackManifest(COMMANDS, requestUrl === undefined ? { socketMode: true } : { socketMode: false, requestUrl }), null, 2));
  return 0;
}
