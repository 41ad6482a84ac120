import type { AskAnalyst, PostNotification } from '../app/chat/ports.js';
import type { DeskDeps } from '../app/desk/desk-deps.js';
import { createAutocomplete } from '../app/desk/autocomplete.js';
import { createRoleResolver } from '../app/workspace/roles.js';
import type { Env } from '../config/env.js';
import type { Clock } from '../scheduler/clock.js';
import type { PrismaClient } from '../store/db/client.js';
import { startDiscordGateway, type DiscordGatewayOptions } from './discord-gateway.js';

/** The chat platforms this process is connected to, by the workspace platform they serve. */
export interface ConnectedPlatforms {
  readonly posters: Readonly<Partial<Record<'discord' | 'slack', PostNotification>>>;
  /** One line per platform for the start banner. */
  readonly lines: readonly string[];
  /** Each platform's connection now (readiness: /readyz). */
  states(): readonly PlatformConnection[];
  stop(): Promise<void>;
}

export interface PlatformConnection {
  readonly name: 'discord' | 'slack';
  readonly connected: boolean;
  readonly detail: string;
}

export const NO_PLATFORMS: ConnectedPlatforms = { posters: {}, lines: [], states: () => [], stop: async () => undefined };

/** The platforms `startPlatforms` connects with this environment (both tokens of Discord; Slack's bot token). */
export function configuredPlatforms(env: Env): readonly PlatformConnection['name'][] {
  return [
    ...(env.DISCORD_TOKEN !== undefined && env.DISCORD_APPLICATION_ID !== undefined ? ['discord' as const] : []),
    ...(env.SLACK_BOT_TOKEN !== undefined ? ['slack' as const] : []),
  ];
}

/** A platform could not connect (bad token, unreachable, port in use): the start stops with this one line. */
export class PlatformStartError extends Error {}

export interface PlatformOptions {
  readonly env: Env;
  readonly deps: DeskDeps;
  readonly clock: Clock;
  readonly ask: AskAnalyst;
  readonly log: (line: string) => void;
  /** The database the desk processes share: Discord's gateway owner is elected through it. */
  readonly prisma: PrismaClient;
  /** This process's lease holder id (processLeaseHolder). */
  readonly holder: string;
  /** The gateway lease's timing (tests shorten it); 20 s renewed every 5 s by default. */
  readonly gatewayLease?: Pick<DiscordGatewayOptions, 'ttlMs' | 'everyMs' | 'retryMs' | 'lease'>;
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
  const states: (() => PlatformConnection)[] = [];
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
      // One process owns the gateway session (elected through the database); with one process, this one.
      const gateway = await startDiscordGateway({ desk, prisma: o.prisma, holder: o.holder, log: (line) => o.log(`discord: ${line}`), ...o.gatewayLease });
      stops.push(() => gateway.stop());
      posters.discord = desk.postNotification;
      states.push(() => {
        const state = gateway.state();
        if (state === 'owner-ready') return { name: 'discord', ...desk.connection() };
        if (state === 'standby') return { name: 'discord', connected: true, detail: 'standby: another desk process owns the gateway; this one posts over REST' };
        return { name: 'discord', connected: false, detail: state === 'connecting' ? 'logging in to the gateway' : 'stopped' };
      });
      const election = gateway.election();
      lines.push(election.kind === 'following'
        ? `discord      standby: ${election.holder === null ? 'another process' : `process ${election.holder}`} owns the gateway; this one posts notifications over REST and takes over if it goes`
        : `discord      connected as ${desk.client.user?.tag ?? 'the bot'} (owns the gateway${election.kind === 'leading' ? `, lease token ${election.token}` : ''})${channelChat ? ' (channel chat with the analyst on)' : ''}`);
    }
    // No election for Slack: Socket Mode hands each event to one of the app's open connections, and HTTP mode each
    // request to one listener, so with several desk processes every command and mention is answered once already.
    // Nothing in the Slack desk needs the process that posted a message: a button's value carries its command line,
    // the directory caches are lookups, and its notifications go through the outbox claims like Discord's (the
    // notifier's memory of a thread it started only spares a second thread when the same process retries).
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
      states.push(() => ({ name: 'slack', ...desk.connection() }));
      lines.push(socketMode ? 'slack        connected (Socket Mode)' : `slack        listening for Slack on port ${started.port ?? env.SLACK_PORT} (POST /slack/events)`);
    }
  } catch (err) {
    await stopAll();
    throw new PlatformStartError(`${starting} did not start: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { posters, lines, states: () => states.map((state) => state()), stop: stopAll };
}
