import type { AskAnalyst, PostNotification } from '../app/chat/ports.js';
import type { DeskDeps } from '../app/desk/desk-deps.js';
import { createAutocomplete } from '../app/desk/autocomplete.js';
import { createRoleResolver } from '../app/workspace/roles.js';
import type { Env } from '../config/env.js';
import type { Clock } from '../scheduler/clock.js';

/** The chat platforms this process is connected to, by the workspace platform they serve. */
export interface ConnectedPlatforms {
  readonly posters: Readonly<Partial<Record<'discord' | 'slack', PostNotification>>>;
  /** One line per platform for the start banner. */
  readonly lines: readonly string[];
  stop(): Promise<void>;
}

export const NO_PLATFORMS: ConnectedPlatforms = { posters: {}, lines: [], stop: async () => undefined };

/** A platform could not connect (bad token, unreachable, port in use): the start stops with this one line. */
export class PlatformStartError extends Error {}

export interface PlatformOptions {
  readonly env: Env;
  readonly deps: DeskDeps;
  readonly clock: Clock;
  readonly ask: AskAnalyst;
  readonly log: (line: string) => void;
}

/**
 * Connects Discord and/or Slack when their tokens are set (both may run in one process). A platform that fails to
 * connect stops the start with its error: a desk that silently runs without the team's chat is worse than none.
 * The platform libraries are loaded only when used.
 */
export async function startPlatforms(o: PlatformOptions): Promise<ConnectedPlatforms> {
  const { env, deps } = o;
  const resolveRole = createRoleResolver(deps.settings);
  const posters: Partial<Record<'discord' | 'slack', PostNotification>> = {};
  const lines: string[] = [];
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => o.log(`stopping a platform failed: ${String(err)}`));
  };
  let starting = '';
  try {
    if (env.DISCORD_TOKEN !== undefined && env.DISCORD_APPLICATION_ID !== undefined) {
      starting = 'Discord';
      const { createDiscordDesk } = await import('../adapters/discord/desk.js');
      const channelChat = env.DISCORD_CHANNEL_CHAT === '1';
      const desk = createDiscordDesk({
        token: env.DISCORD_TOKEN,
        applicationId: env.DISCORD_APPLICATION_ID,
        ...(env.DISCORD_API_BASE_URL === undefined ? {} : { apiBaseUrl: env.DISCORD_API_BASE_URL }),
        deps,
        registry: deps.commands,
        resolveRole,
        autocomplete: createAutocomplete(deps),
        ask: o.ask,
        channelChat,
        isChatChannel: async (guildId, channelId) => {
          const desk = await deps.settings.deskChannel({ platform: 'discord', externalId: guildId, name: guildId });
          return desk.ok && desk.value === channelId;
        },
        now: () => o.clock.now(),
        log: (line) => o.log(`discord: ${line}`),
      });
      await desk.start();
      stops.push(() => desk.stop());
      posters.discord = desk.postNotification;
      lines.push(`discord      connected as ${desk.client.user?.tag ?? 'the bot'}${channelChat ? ' (channel chat with the analyst on)' : ''}`);
    }
    if (env.SLACK_BOT_TOKEN !== undefined) {
      starting = 'Slack';
      const { createSlackDesk } = await import('../adapters/slack/desk.js');
      const socketMode = env.SLACK_APP_TOKEN !== undefined;
      const desk = createSlackDesk({
        botToken: env.SLACK_BOT_TOKEN,
        ...(socketMode ? { appToken: env.SLACK_APP_TOKEN } : { signingSecret: env.SLACK_SIGNING_SECRET }),
        ...(env.SLACK_API_URL === undefined ? {} : { slackApiUrl: env.SLACK_API_URL }),
        port: env.SLACK_PORT,
        ...(env.SLACK_HOST === undefined ? {} : { host: env.SLACK_HOST }),
        deps,
        registry: deps.commands,
        resolveRole,
        ask: o.ask,
        now: () => o.clock.now(),
        // Its lines say `slack: ` themselves (Bolt's too).
        log: o.log,
      });
      const started = await desk.start();
      stops.push(() => desk.stop());
      posters.slack = desk.postNotification;
      lines.push(socketMode ? 'slack        connected (Socket Mode)' : `slack        listening for Slack on port ${started.port ?? env.SLACK_PORT} (POST /slack/events)`);
    }
  } catch (err) {
    await stopAll();
    throw new PlatformStartError(`${starting} did not start: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { posters, lines, stop: stopAll };
}
