import { Client, Events, GatewayIntentBits, REST, Routes, type ButtonInteraction, type ChatInputCommandInteraction, type Interaction } from 'discord.js';
import type { AnyCommand, CommandContext, Role } from '../../app/command.js';
import { dispatch, runCommand } from '../../app/dispatch.js';
import { errorReply, type Reply } from '../../app/reply.js';
import { createButtonIds, type ButtonIds } from './button-ids.js';
import { discordCommandPayload } from './command-payload.js';
import { commandInput, memberOf, type DiscordMember } from './interaction-input.js';
import { editOptions, renderDiscordReply, replyOptions } from './render.js';

export interface DiscordDeskOptions<Deps> {
  readonly token: string;
  readonly applicationId: string;
  /** REST base without the version, e.g. `http://127.0.0.1:PORT/api` (tests); Discord's own when absent. */
  readonly apiBaseUrl?: string;
  readonly deps: Deps;
  readonly registry: readonly AnyCommand<Deps>[];
  /** Maps a guild member to a desk role (e.g. from the workspace's member table); deny by default. */
  readonly resolveRole: (guildId: string | null, member: DiscordMember) => Role | undefined | Promise<Role | undefined>;
  readonly clock: { now(): number };
  /** A command still running after this long is deferred ("thinking…") and edited when done (Discord allows 3 s). */
  readonly deferAfterMs?: number;
  /** discord.js REST retries (tests pass 0: the client retries 5xx by default). */
  readonly restRetries?: number;
  readonly log?: (line: string) => void;
}

export interface DiscordDesk {
  readonly client: Client;
  /** Logs in and resolves once the gateway is ready. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const DEFAULT_DEFER_AFTER_MS = 1500;

/**
 * The Discord desk: slash commands and button presses in, registry commands run with the caller's role, replies
 * rendered as embeds. Intents are the fewest that work: interactions need none, Guilds gives guild names and
 * channels, DirectMessages lets the bot receive DMs later (the analyst).
 */
export function createDiscordDesk<Deps>(o: DiscordDeskOptions<Deps>): DiscordDesk {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
    rest: { ...(o.apiBaseUrl === undefined ? {} : { api: o.apiBaseUrl }), ...(o.restRetries === undefined ? {} : { retries: o.restRetries }) },
  });
  const ids = createButtonIds();
  const log = o.log ?? (() => undefined);
  client.on(Events.InteractionCreate, (interaction) => {
    handle(o, ids, interaction).catch((err: unknown) => log(`interaction ${interaction.id} failed: ${err instanceof Error ? err.message : String(err)}`));
  });
  return {
    client,
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
  if (i.isChatInputCommand()) {
    const input = commandInput(i);
    const command = o.registry.find((c) => c.name === input.name);
    await respond(o, ids, i, async (ctx) =>
      command === undefined ? errorReply(`unknown command '/${input.name}'; the bot's commands may need re-registering`) : runCommand(command, input.options, ctx));
  } else if (i.isButton()) {
    const line = ids.lineFor(i.customId);
    await respond(o, ids, i, async (ctx) =>
      line === null ? errorReply('This button has expired; run the command again.') : dispatch(o.registry, line, ctx));
  }
}

/** Runs with the interaction user's own role (for a button: the presser's, not the original asker's). */
async function respond<Deps>(o: DiscordDeskOptions<Deps>, ids: ButtonIds, i: ChatInputCommandInteraction | ButtonInteraction,
  run: (ctx: CommandContext<Deps>) => Promise<Reply>): Promise<void> {
  const work = (async (): Promise<Reply> => {
    if (i.guildId === null) return errorReply('tradedesk commands work in a server channel, not in direct messages.');
    const member = memberOf(i.user, i.member);
    const role = (await o.resolveRole(i.guildId, member)) ?? 'viewer';
    return run({
      workspace: { platform: 'discord', externalId: i.guildId, name: i.guild?.name ?? i.guildId },
      actor: { id: i.user.id, name: member.name, role },
      channelId: i.channelId,
      now: () => o.clock.now(),
      deps: o.deps,
    });
  })().catch((err: unknown) => errorReply(`failed unexpectedly: ${err instanceof Error ? err.message : String(err)}`));
  const early = await within(work, o.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS);
  if (early !== null) {
    await i.reply(replyOptions(renderDiscordReply(early, ids)));
    return;
  }
  await i.deferReply();
  const message = renderDiscordReply(await work, ids);
  if (!message.ephemeral) {
    await i.editReply(editOptions(message));
    return;
  }
  // A deferred reply's visibility is fixed when deferring; to keep an error private, drop the public
  // "thinking…" message and send the error as an ephemeral follow-up.
  await i.deleteReply();
  await i.followUp(replyOptions(message));
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
