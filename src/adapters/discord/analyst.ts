import { Routes, type Message, type REST } from 'discord.js';
import { conversationKey } from '../../app/chat/conversations.js';
import type { AskAnalyst, ResolveRole, RoleQuery } from '../../app/chat/ports.js';
import { errorReply, type Reply } from '../../app/chat/reply.js';
import { assertNever } from '../../core/domain/result.js';
import type { ButtonIds } from './button-ids.js';
import type { LookupDmMembership } from './dm-membership.js';
import { postReply } from './post.js';
import { requestLogContext, roleQueryOf } from './identify.js';
import { withLogContext } from '../../app/log/log-context.js';

export const EMPTY_HINT = 'Ask me something after the mention, e.g. "how is run #1 doing?"';
export const NO_ANALYST = 'The analyst is not set up on this desk; slash commands still work (try /help).';
export const DM_NO_SERVER = "You are not in any server this desk serves, so I have no team's runs to talk about.";
export const DM_UNCHECKED = "I couldn't check which of my servers you are in just now; try again in a moment, or mention me in your server.";
export const dmSeveralServers = (names: readonly string[]): string =>
  `You are in several servers this desk serves (${names.join(', ')}), so I can't tell which team's desk you mean. ` +
  'Mention me in the right server instead.';
/** Discord shows "typing…" for 10 s; renew it while the analyst is still thinking. */
const TYPING_RENEW_MS = 8000;

export interface AnalystChatOptions {
  readonly rest: REST;
  readonly ids: ButtonIds;
  readonly resolveRole: ResolveRole;
  readonly ask?: AskAnalyst;
  readonly channelChat: boolean;
  readonly isChatChannel?: (guildId: string, channelId: string) => Promise<boolean>;
  /** Which served guild a DM's author is in: a DM has no guild of its own. */
  readonly dmMembership: LookupDmMembership;
  readonly now: () => number;
}

/**
 * Routes a message to the analyst: a mention of the bot (or of its managed role), with channel chat on any message
 * in a chat channel (the desk channel or a run thread, as `isChatChannel` says), and any DM. A DM is answered in
 * the workspace of the one served guild its author is a member of; belonging to none or several gets a short
 * answer and no team's data. Bots, the bot itself and system messages are ignored. The asker's role comes from
 * their guild roles, as for commands.
 */
export function handleAnalystMessage(o: AnalystChatOptions, message: Message): Promise<void> {
  return withLogContext(requestLogContext(message.id, message.guildId, message.guild), () => handleMessage(o, message));
}

async function handleMessage(o: AnalystChatOptions, message: Message): Promise<void> {
  const botId = message.client.user.id;
  if (message.author.bot || message.author.id === botId || message.system || message.webhookId !== null) return;
  const answer = (reply: Reply): Promise<string> => postReply(o.rest, o.ids, message.channelId, reply, { replyTo: message.id });
  const botRole = message.mentions.roles.find((r) => r.tags?.botId === botId);
  const mentioned = message.guildId === null || message.mentions.users.has(botId) || botRole !== undefined;
  if (!mentioned && !(o.channelChat && o.isChatChannel !== undefined && message.guildId !== null
    && await o.isChatChannel(message.guildId, message.channelId))) return;
  if (o.ask === undefined) {
    if (mentioned) await answer(errorReply(NO_ANALYST));
    return;
  }
  const text = stripMentions(message.content, botId, botRole?.id);
  if (text === '') {
    if (mentioned) await answer({ kind: 'ok', text: EMPTY_HINT });
    return;
  }
  const query = message.guildId === null ? await dmQuery(o, message, answer) : roleQueryOf({ guildId: message.guildId,
    guild: message.guild, user: message.author, member: message.member, permissions: message.member?.permissions ?? null });
  if (query !== null) await answer(await askWithTyping(o, o.ask, query, message.channelId, text));
}

/** The DM author's role query in their one served guild, or null once they were told why there is none. */
async function dmQuery(o: AnalystChatOptions, message: Message, answer: (reply: Reply) => Promise<string>): Promise<RoleQuery | null> {
  const membership = await o.dmMembership(message.author.id);
  switch (membership.kind) {
    case 'one': {
      const { member } = membership;
      return roleQueryOf({ guildId: member.guild.id, guild: member.guild, user: message.author, member, permissions: member.permissions });
    }
    case 'none':
      await answer({ kind: 'ok', text: DM_NO_SERVER });
      return null;
    case 'several':
      await answer({ kind: 'ok', text: dmSeveralServers(membership.guildNames) });
      return null;
    case 'unknown':
      await answer(errorReply(DM_UNCHECKED));
      return null;
    default:
      return assertNever(membership);
  }
}

/** Shows "typing…" in the channel (renewed) while the analyst answers in the query's workspace. */
async function askWithTyping(o: AnalystChatOptions, ask: AskAnalyst, query: RoleQuery, channelId: string, text: string): Promise<Reply> {
  const typing = (): Promise<unknown> => o.rest.post(Routes.channelTyping(channelId)).catch(() => undefined);
  await typing();
  const renew = setInterval(() => void typing(), TYPING_RENEW_MS);
  try {
    const role = await o.resolveRole(query);
    return await ask({
      workspace: query.workspace,
      actor: { id: query.userId, name: query.displayName, role },
      // Answered in the message's own channel; a Discord thread is a channel, so the channel is the whole place.
      conversationId: conversationKey({ channel: channelId }),
      channelId,
      text,
    }, o.now());
  } catch (err) {
    return errorReply(`The analyst failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    clearInterval(renew);
  }
}

/** The question without the bot's mention (`<@id>`, the legacy `<@!id>`, or its role `<@&id>`). */
export function stripMentions(content: string, botId: string, botRoleId?: string): string {
  const role = botRoleId === undefined ? '' : `|<@&${botRoleId}>`;
  return content.replace(new RegExp(`<@!?${botId}>${role}`, 'g'), '').trim();
}
