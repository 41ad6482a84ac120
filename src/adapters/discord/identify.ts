import { PermissionFlagsBits, type APIInteractionGuildMember, type Guild, type GuildMember, type PermissionsBitField, type User } from 'discord.js';
import type { RoleQuery } from '../../app/chat/ports.js';
import type { WorkspaceRef } from '../../app/chat/command.js';
import { workspaceLogContext, type LogContext } from '../../app/log/log-context.js';

/** A Discord guild is one tradedesk workspace; the name is only for display (the guild id is the key). */
export const guildWorkspace = (guildId: string, guild: Guild | null): WorkspaceRef =>
  ({ platform: 'discord', externalId: guildId, name: guild?.name ?? guildId });

/** The log context of one interaction or message: its id as the request id, and its guild's workspace (none in a DM). */
export function requestLogContext(id: string, guildId: string | null, guild: Guild | null): LogContext {
  return { ...(guildId === null ? {} : workspaceLogContext(guildWorkspace(guildId, guild))), requestId: `discord:${id}` };
}

export interface Asker {
  readonly guildId: string;
  readonly guild: Guild | null;
  readonly user: User;
  readonly member: GuildMember | APIInteractionGuildMember | null;
  /** The member's permissions as Discord computed them (interactions) or from cached roles (messages). */
  readonly permissions: Readonly<PermissionsBitField> | null;
}

/**
 * Who is asking, for ResolveRole: the member's role ids and, from the guild's role cache, their names (so a
 * binding may name "Traders" or the role's id). Administrator or Manage Server makes a platform admin.
 */
export function roleQueryOf(a: Asker): RoleQuery {
  const roleIds = a.member === null ? [] : rolesOf(a.member, a.guildId);
  const names = roleIds.map((id) => a.guild?.roles.cache.get(id)?.name).filter((n): n is string => n !== undefined);
  return {
    workspace: guildWorkspace(a.guildId, a.guild),
    userId: a.user.id,
    displayName: displayName(a.user, a.member),
    memberOf: [...new Set([...roleIds, ...names])],
    platformAdmin: a.permissions?.any([PermissionFlagsBits.Administrator, PermissionFlagsBits.ManageGuild]) ?? false,
  };
}

/**
 * Role ids the member holds. In a cached guild discord.js reads them through the guild's role cache (kept current
 * by the Guilds intent), which also adds @everyone (id = guild id); Discord's member payload never lists it, so
 * neither do we: a binding to @everyone would make every member a trader.
 */
function rolesOf(member: GuildMember | APIInteractionGuildMember, guildId: string): string[] {
  const ids = Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
  return ids.filter((id) => id !== guildId);
}

export function displayName(user: User, member: GuildMember | APIInteractionGuildMember | null): string {
  const nick = member === null ? undefined : 'displayName' in member ? member.displayName : member.nick ?? undefined;
  return nick ?? user.globalName ?? user.username;
}
