import { Routes, type Message, type REST } from 'discord.js';
import type { AskAnalyst, ResolveRole } from '../../app/chat.js';
import { errorReply, type Reply } from '../../app/reply.js';
import type { ButtonIds } from './button-ids.js';
import { postReply } from './post-message.js';
import { roleQueryOf } from './role-query.js';

export const DM_HINT = "Ask me in your team's server channel (mention me): a direct message has no team, so I can't see its runs.";
export const EMPTY_HINT = 'Ask me something after the mention, e.g. "how is run #1 doing?"';
export const NO_ANALYST = 'The analyst is not set up on this desk; slash commands still work (try /help).';
/** Discord shows "typing…" for 10 s; renew it while the analyst is still thinking. */
const TYPING_RENEW_MS = 8000;

export interface AnalystChatOptions {
  readonly rest: REST;
  readonly ids: ButtonIds;
  readonly resolveRole: ResolveRole;
  readonly ask?: AskAnalyst;
  readonly channelChat: boolean;
  readonly isChatChannel?: (guildId: string, channelId: string) => Promise<boolean>;
  readonly clock: { now(): number };
}

/**
 * Routes a message to the analyst: a mention of the bot (or of its managed role), and with channel chat on, any
 * message in a chat channel (the desk channel or a run thread, as `isChatChannel` says). A DM is answered with a
 * hint instead: it has no guild, and a DM must never reach a team's runs. Bots, the bot itself and system
 * messages are ignored. The asker's role comes from their guild roles, as for commands.
 */
export async function handleAnalystMessage(o: AnalystChatOptions, message: Message): Promise<void> {
  const botId = message.client.user.id;
  if (message.author.bot || message.author.id === botId || message.system || message.webhookId !== null) return;
  const answer = (reply: Reply): Promise<string> => postReply(o.rest, o.ids, message.channelId, reply, { replyTo: message.id });
  if (message.guildId === null) {
    await answer({ kind: 'ok', text: DM_HINT });
    return;
  }
  const botRole = message.mentions.roles.find((r) => r.tags?.botId === botId);
  const mentioned = message.mentions.users.has(botId) || botRole !== undefined;
  if (!mentioned && !(o.channelChat && o.isChatChannel !== undefined && await o.isChatChannel(message.guildId, message.channelId))) return;
  if (o.ask === undefined) {
    if (mentioned) await answer(errorReply(NO_ANALYST));
    return;
  }
  const text = stripMentions(message.content, botId, botRole?.id);
  if (text === '') {
    if (mentioned) await answer({ kind: 'ok', text: EMPTY_HINT });
    return;
  }
  const typing = (): Promise<unknown> => o.rest.post(Routes.channelTyping(message.channelId)).catch(() => undefined);
  await typing();
  const renew = setInterval(() => void typing(), TYPING_RENEW_MS);
  let reply: Reply;
  try {
    const query = roleQueryOf({ guildId: message.guildId, guild: message.guild, user: message.author, member: message.member,
      permissions: message.member?.permissions ?? null });
    const role = await o.resolveRole(query);
    reply = await o.ask({
      workspace: query.workspace,
      actor: { id: message.author.id, name: query.displayName, role },
      conversationId: message.channelId,
      channelId: message.channelId,
      text,
    }, o.clock.now());
  } catch (err) {
    reply = errorReply(`The analyst failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    clearInterval(renew);
  }
  await answer(reply);
}

/** The question without the bot's mention (`<@id>`, the legacy `<@!id>`, or its role `<@&id>`). */
export function stripMentions(content: string, botId: string, botRoleId?: string): string {
  const role = botRoleId === undefined ? '' : `|<@&${botRoleId}>`;
  return content.replace(new RegExp(`<@!?${botId}>${role}`, 'g'), '').trim();
}
