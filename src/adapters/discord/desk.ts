import { Client, Events, GatewayIntentBits, Partials, REST, Routes, type ButtonInteraction, type ChatInputCommandInteraction, type Interaction } from 'discord.js';
import type { AskAnalyst, Autocomplete, PostNotification, ResolveRole } from '../../app/chat/ports.js';
import type { AnyCommand, CommandContext } from '../../app/chat/command.js';
import { parseCommandLine } from '../../app/chat/command-line.js';
import { dispatch, findCommand, runCommand } from '../../app/chat/dispatch.js';
import { errorReply, type Reply } from '../../app/chat/reply.js';
import { handleAnalystMessage } from './analyst.js';
import { answerAutocomplete } from './autocomplete.js';
import { createButtonIds, type ButtonIds } from './button-ids.js';
import { createDmMembership } from './dm-membership.js';
import { discordCommandPayload } from './command-payload.js';
import { commandInput } from './interaction-input.js';
import { createDiscordNotifier } from './notifier.js';
import { editOptions, renderDiscordReply, replyOptions } from './render.js';
import { guildWorkspace, roleQueryOf } from './identify.js';
import { splitReply } from './split-reply.js';

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
  readonly clock: { now(): number };
  /** A command still running after this long is deferred ("thinking…") and edited when done (Discord allows 3 s). */
  readonly deferAfterMs?: number;
  /** discord.js REST retries (tests pass 0: the client retries 5xx by default). */
  readonly restRetries?: number;
  readonly log?: (line: string) => void;
}

export interface DiscordDesk {
  readonly client: Client;
  /** Posts one outbox notification (run thread, desk channel); usable once started. */
  readonly postNotification: PostNotification;
  /** Logs in and resolves once the gateway is ready. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const DEFAULT_DEFER_AFTER_MS = 1500;

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
 * The Discord desk: slash commands, buttons and autocomplete in, registry commands run with the caller's role in
 * the guild's workspace, replies rendered as embeds; mentions and DMs go to the analyst; notifications out to run
 * threads through `postNotification`.
 */
export function createDiscordDesk<Deps>(o: DiscordDeskOptions<Deps>): DiscordDesk {
  const client = new Client({
    intents: discordIntents(o.channelChat === true),
    // DM channels are never cached in advance; without the partial discord.js drops DMs.
    partials: [Partials.Channel],
    rest: { ...(o.apiBaseUrl === undefined ? {} : { api: o.apiBaseUrl }), ...(o.restRetries === undefined ? {} : { retries: o.restRetries }) },
  });
  const ids = createButtonIds();
  const log = o.log ?? (() => undefined);
  const failed = (what: string) => (err: unknown): void => log(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
  client.on(Events.InteractionCreate, (interaction) => {
    handle(o, ids, interaction).catch(failed(`interaction ${interaction.id}`));
  });
  const chat = {
    rest: client.rest, ids, resolveRole: o.resolveRole, channelChat: o.channelChat === true, clock: o.clock,
    dmMembership: createDmMembership({ guilds: () => client.guilds.cache.values(), clock: o.clock, log }),
    ...(o.ask === undefined ? {} : { ask: o.ask }), ...(o.isChatChannel === undefined ? {} : { isChatChannel: o.isChatChannel }),
  };
  client.on(Events.MessageCreate, (message) => {
    handleAnalystMessage(chat, message).catch(failed(`message ${message.id}`));
  });
  // An 'error' event without a listener would throw and take the whole desk down; discord.js reconnects by itself.
  client.on(Events.Error, failed('the Discord client'));
  client.on(Events.ShardError, failed('the Discord gateway connection'));
  return {
    client,
    postNotification: createDiscordNotifier(client.rest, ids),
    async start() {
      // The ready listener goes on before login: it can fire before login() resolves.
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(o.token);
      await ready;
    },
    async stop() {
      await client.destroy();
    },
  };
}

async function handle<Deps>(o: DiscordDeskOptions<Deps>, ids: ButtonIds, i: Interaction): Promise<void> {
  if (i.isAutocomplete()) {
    if (i.guildId === null) await i.respond([]);
    else await answerAutocomplete(i, guildWorkspace(i.guildId, i.guild), o.autocomplete);
  } else if (i.isChatInputCommand()) {
    const input = commandInput(i);
    const command = o.registry.find((c) => c.name === input.name);
    await respond(o, ids, i, async (ctx) =>
      command === undefined ? errorReply(`unknown command '/${input.name}'; the bot's commands may need re-registering`) : runCommand(command, input.options, ctx),
    command?.slow === true);
  } else if (i.isButton()) {
    const line = ids.lineFor(i.customId);
    await respond(o, ids, i, async (ctx) =>
      line === null ? errorReply('This button has expired; run the command again.') : dispatch(o.registry, line, ctx),
    line !== null && isSlow(o.registry, line));
  }
}

/**
 * Runs with the interaction user's own role in the interaction's guild (for a button: the presser's role and
 * guild, never the card author's), so a button can only act in the workspace it is pressed in.
 */
async function respond<Deps>(o: DiscordDeskOptions<Deps>, ids: ButtonIds, i: ChatInputCommandInteraction | ButtonInteraction,
  run: (ctx: CommandContext<Deps>) => Promise<Reply>, slow: boolean): Promise<void> {
  // A slow command is acknowledged before it starts: CPU-bound work would hold up a defer timer past Discord's 3 s.
  if (slow) await i.deferReply();
  const work = (async (): Promise<Reply> => {
    if (i.guildId === null) return errorReply('tradedesk commands work in a server channel, not in direct messages.');
    const query = roleQueryOf({ guildId: i.guildId, guild: i.guild, user: i.user, member: i.member, permissions: i.memberPermissions });
    const role = await o.resolveRole(query);
    return run({
      workspace: query.workspace,
      actor: { id: i.user.id, name: query.displayName, role },
      channelId: i.channelId,
      now: () => o.clock.now(),
      deps: o.deps,
    });
  })().catch((err: unknown) => errorReply(`failed unexpectedly: ${err instanceof Error ? err.message : String(err)}`));
  const early = slow ? null : await within(work, o.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS);
  // A reply too long for one message goes on in follow-ups (same visibility), never cut short.
  const render = (reply: Reply) => splitReply(reply).map((part) => renderDiscordReply(part, ids));
  if (early !== null) {
    const [first, ...rest] = render(early);
    await i.reply(replyOptions(first!));
    for (const m of rest) await i.followUp(replyOptions(m));
    return;
  }
  if (!slow) await i.deferReply();
  const [first, ...rest] = render(await work);
  if (!first!.ephemeral) {
    await i.editReply(editOptions(first!));
    for (const m of rest) await i.followUp(replyOptions(m));
    return;
  }
  // A deferred reply's visibility is fixed when deferring; to keep an error private, drop the public
  // "thinking…" message and send the error as ephemeral follow-ups.
  await i.deleteReply();
  for (const m of [first!, ...rest]) await i.followUp(replyOptions(m));
}

/** Whether a button's command line names a slow command (a line that does not parse is answered at once). */
function isSlow<Deps>(registry: readonly AnyCommand<Deps>[], line: string): boolean {
  const parsed = parseCommandLine(line);
  return parsed.ok && findCommand(registry, parsed.value.words)?.command.slow === true;
}

/** The value if the promise settles within `ms`, else null (the promise keeps running). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
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
