import { Client, Events, GatewayIntentBits, Partials, REST, Routes, Status } from 'discord.js';
import type { AskAnalyst, Autocomplete, PostNotification, ResolveRole } from '../../app/chat/ports.js';
import type { AnyCommand } from '../../app/chat/command.js';
import { handleAnalystMessage } from './analyst.js';
import { createButtonIds } from './button-ids.js';
import { discordCommandPayload } from './command-payload.js';
import { handleInteraction } from './commands.js';
import { createDmMembership } from './dm-membership.js';
import { createDiscordNotifier } from './notifier.js';

export interface DiscordDeskOptions<Deps> {
  readonly token: string;
  readonly applicationId: string;
  /** REST base without the version, e.g. `http://127.0.0.1:PORT/api` (tests); Discord's own when absent. */
  readonly apiBaseUrl?: string;
  readonly deps: Deps;
  readonly registry: readonly AnyCommand<Deps>[];
  /** The asker's desk role from their guild roles (ids and names) and permissions; deny by default. */
  readonly resolveRole: ResolveRole;
  /** Suggestions for autocompleted options (AUTOCOMPLETED); without it they get no suggestions. */
  readonly autocomplete?: Autocomplete;
  /**
   * The system analyst, for mentions of the bot, DMs (in the one served guild the author is in) and channel chat;
   * without it they get a short "not set up".
   */
  readonly ask?: AskAnalyst;
  /** Every message in a chat channel goes to the analyst, not only mentions (needs the privileged MessageContent intent). */
  readonly channelChat?: boolean;
  /** Whether a channel is a chat channel (the desk channel or a run thread); used only with channelChat. */
  readonly isChatChannel?: (guildId: string, channelId: string) => Promise<boolean>;
  /** The desk's clock (epoch ms), the same option on every chat adapter: command contexts, the analyst, caches. */
  readonly now: () => number;
  /** A command still running after this long is deferred ("thinking…") and edited when done (Discord allows 3 s). */
  readonly deferAfterMs?: number;
  /** discord.js REST retries (tests pass 0: the client retries 5xx by default). */
  readonly restRetries?: number;
  readonly log?: (line: string) => void;
}

export interface DiscordDesk {
  /** The gateway client of the current session (or of the last one, or the one the next start logs in with). */
  readonly client: Client;
  /**
   * Posts one outbox notification (run thread, desk channel) over REST alone: it works without a gateway session, so
   * a desk process standing by while another owns the gateway still delivers its notifications.
   */
  readonly postNotification: PostNotification;
  /** Logs in to the gateway and resolves once it is ready; after a stop, a fresh session with a fresh client. */
  start(): Promise<void>;
  /** Closes the gateway session, if any (REST keeps working). */
  stop(): Promise<void>;
  /** Whether the gateway connection is up now (false before start, while discord.js reconnects, after stop), and why not. */
  connection(): { readonly connected: boolean; readonly detail: string };
  /** Whether a gateway session is open and ready now. */
  gatewayReady(): boolean;
  /** Checks the token and Discord's REST API without opening a gateway session (one GET /gateway/bot). */
  checkRest(): Promise<void>;
}

/**
 * The gateway intents, the fewest that work. Interactions (slash commands, buttons, autocomplete, /ask) need none;
 * Guilds gives guild names, roles, channels and threads; DirectMessages receives DMs. Talking to the analyst in
 * server channels (mentions of the bot, plain messages in the desk channel and run threads) is opt-in channel chat:
 * it needs GuildMessages, which delivers guild messages at all, and the privileged MessageContent.
 */
export function discordIntents(channelChat: boolean): number {
  const base = GatewayIntentBits.Guilds | GatewayIntentBits.DirectMessages;
  return channelChat ? base | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent : base;
}

/**
 * The Discord desk: slash commands, buttons and autocomplete in (commands.ts), registry commands run with the
 * caller's role in the guild's workspace, replies rendered as embeds; mentions and DMs go to the analyst
 * (analyst.ts); notifications out to run threads through `postNotification` (notifier.ts). Everything the desk
 * posts goes over one REST client of its own, with the token from the start: only the gateway session (what
 * Discord sends us) needs a login, so several desk processes can post while one of them holds the session.
 */
export function createDiscordDesk<Deps>(o: DiscordDeskOptions<Deps>): DiscordDesk {
  const restOptions = { ...(o.apiBaseUrl === undefined ? {} : { api: o.apiBaseUrl }), ...(o.restRetries === undefined ? {} : { retries: o.restRetries }) };
  const rest = new REST(restOptions).setToken(o.token);
  const ids = createButtonIds();
  const log = o.log ?? (() => undefined);
  const failed = (what: string) => (err: unknown): void => log(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
  const commands = { ...o, ids };

  /** A gateway client with the desk's handlers; one per session, since a destroyed client is not logged in again. */
  function gatewayClient(): Client {
    const c = new Client({
      intents: discordIntents(o.channelChat === true),
      // DM channels are never cached in advance; without the partial discord.js drops DMs.
      partials: [Partials.Channel],
      rest: restOptions,
    });
    c.on(Events.InteractionCreate, (interaction) => {
      handleInteraction(commands, interaction).catch(failed(`interaction ${interaction.id}`));
    });
    const chat = {
      rest, ids, resolveRole: o.resolveRole, channelChat: o.channelChat === true, now: o.now,
      dmMembership: createDmMembership({ guilds: () => c.guilds.cache.values(), now: o.now, log }),
      ...(o.ask === undefined ? {} : { ask: o.ask }), ...(o.isChatChannel === undefined ? {} : { isChatChannel: o.isChatChannel }),
    };
    c.on(Events.MessageCreate, (message) => {
      handleAnalystMessage(chat, message).catch(failed(`message ${message.id}`));
    });
    // An 'error' event without a listener would throw and take the whole desk down; discord.js reconnects by itself.
    c.on(Events.Error, failed('the Discord client'));
    c.on(Events.ShardError, failed('the Discord gateway connection'));
    return c;
  }

  let client = gatewayClient();
  /** Whether `client` has been logged in with (a client is used for one session only). */
  let used = false;
  /** The login under way: stop() gives up on it (start rejects) and closes whatever it still opens. */
  let loggingIn: { readonly login: Promise<unknown>; readonly abandon: () => void } | null = null;
  return {
    get client() {
      return client;
    },
    postNotification: createDiscordNotifier(rest, ids),
    async start() {
      if (used) client = gatewayClient();
      used = true;
      const c = client;
      let abandon: () => void = () => undefined;
      const abandoned = new Promise<never>((_resolve, reject) => {
        abandon = () => reject(new Error('the gateway session was closed while logging in'));
      });
      // The ready listener goes on before login: it can fire before login() resolves.
      const ready = new Promise<void>((resolve) => c.once(Events.ClientReady, () => resolve()));
      const login = c.login(o.token);
      const attempt = { login, abandon };
      loggingIn = attempt;
      try {
        await Promise.race([login.then(() => ready), abandoned]);
      } finally {
        if (loggingIn === attempt) loggingIn = null;
      }
    },
    async stop() {
      const c = client;
      if (loggingIn !== null) {
        loggingIn.abandon();
        void loggingIn.login.then(() => c.destroy(), () => undefined);
        loggingIn = null;
      }
      await c.destroy();
    },
    gatewayReady: () => used && client.isReady(),
    async checkRest() {
      await rest.get(Routes.gatewayBot());
    },
    connection() {
      // The client stays "ready" through a reconnect; its shards say whether the gateway is up now.
      const down = client.ws.shards.find((shard) => shard.status !== Status.Ready);
      if (client.isReady() && down === undefined) return { connected: true, detail: `connected as ${client.user.tag}` };
      return { connected: false, detail: down === undefined ? 'not connected to the gateway' : `not connected: gateway shard ${down.id} is ${Status[down.status].toLowerCase()}` };
    },
  };
}

export interface RegisterCommandsOptions<Deps> {
  readonly token: string;
  readonly applicationId: string;
  readonly registry: readonly AnyCommand<Deps>[];
  /** Register in one guild (instant, for development) instead of globally. */
  readonly guildId?: string;
  readonly apiBaseUrl?: string;
  readonly restRetries?: number;
}

/** Replaces the application's slash commands with the registry's (one bulk PUT); returns how many were sent. */
export async function registerCommands<Deps>(o: RegisterCommandsOptions<Deps>): Promise<number> {
  const rest = new REST({ ...(o.apiBaseUrl === undefined ? {} : { api: o.apiBaseUrl }), ...(o.restRetries === undefined ? {} : { retries: o.restRetries }) })
    .setToken(o.token);
  const body = discordCommandPayload(o.registry);
  const route = o.guildId === undefined ? Routes.applicationCommands(o.applicationId) : Routes.applicationGuildCommands(o.applicationId, o.guildId);
  await rest.put(route, { body });
  return body.length;
}
