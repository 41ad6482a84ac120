import type { ButtonInteraction, ChatInputCommandInteraction, Interaction } from 'discord.js';
import type { Autocomplete, ResolveRole } from '../../app/chat/ports.js';
import type { AnyCommand, CommandContext } from '../../app/chat/command.js';
import { parseCommandLine } from '../../app/chat/command-line.js';
import { dispatch, findCommand, runCommand } from '../../app/chat/dispatch.js';
import { errorReply, type Reply } from '../../app/chat/reply.js';
import { answerAutocomplete } from './autocomplete.js';
import type { ButtonIds } from './button-ids.js';
import { guildWorkspace, requestLogContext, roleQueryOf } from './identify.js';
import { withLogContext } from '../../app/log/log-context.js';
import { commandInput } from './interaction-input.js';
import { editOptions, renderDiscordReply, replyOptions } from './render.js';
import { splitReply } from './split-reply.js';

/** What running commands needs from the desk. */
export interface CommandWiring<Deps> {
  readonly deps: Deps;
  readonly registry: readonly AnyCommand<Deps>[];
  readonly resolveRole: ResolveRole;
  readonly autocomplete?: Autocomplete;
  readonly ids: ButtonIds;
  readonly now: () => number;
  /** A command still running after this long is deferred ("thinking…") and edited when done (Discord allows 3 s). */
  readonly deferAfterMs?: number;
}

const DEFAULT_DEFER_AFTER_MS = 1500;

/**
 * Slash commands, buttons and autocomplete: a slash command arrives with its options apart and runs as it came
 * (runCommand); a button carries a command line (kept by `ids`) and runs it through dispatch.
 */
export function handleInteraction<Deps>(o: CommandWiring<Deps>, i: Interaction): Promise<void> {
  return withLogContext(requestLogContext(i.id, i.guildId, i.guild), () => handle(o, i));
}

async function handle<Deps>(o: CommandWiring<Deps>, i: Interaction): Promise<void> {
  if (i.isAutocomplete()) {
    if (i.guildId === null) await i.respond([]);
    else await answerAutocomplete(i, guildWorkspace(i.guildId, i.guild), o.autocomplete);
  } else if (i.isChatInputCommand()) {
    const input = commandInput(i);
    const command = o.registry.find((c) => c.name === input.name);
    await respond(o, i, async (ctx) =>
      command === undefined ? errorReply(`unknown command '/${input.name}'; the bot's commands may need re-registering`) : runCommand(command, input.options, ctx),
    command?.slow === true);
  } else if (i.isButton()) {
    const line = o.ids.lineFor(i.customId);
    await respond(o, i, async (ctx) =>
      line === null ? errorReply('This button has expired; run the command again.') : dispatch(o.registry, line, ctx),
    line !== null && isSlow(o.registry, line));
  }
}

/**
 * Runs with the interaction user's own role in the interaction's guild (for a button: the presser's role and
 * guild, never the card author's), so a button can only act in the workspace it is pressed in.
 */
async function respond<Deps>(o: CommandWiring<Deps>, i: ChatInputCommandInteraction | ButtonInteraction,
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
      now: o.now,
      deps: o.deps,
    });
  })().catch((err: unknown) => errorReply(`failed unexpectedly: ${err instanceof Error ? err.message : String(err)}`));
  const early = slow ? null : await within(work, o.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS);
  // A reply too long for one message goes on in follow-ups (same visibility), never cut short.
  const render = (reply: Reply) => splitReply(reply).map((part) => renderDiscordReply(part, o.ids));
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
