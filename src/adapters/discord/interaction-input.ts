import type { ChatInputCommandInteraction, CommandInteractionOption, GuildMember, APIInteractionGuildMember, User } from 'discord.js';
import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';

/** Who pressed or typed, as `resolveRole` sees it: no discord.js types leak to the wiring in src/main. */
export interface DiscordMember {
  readonly userId: string;
  readonly name: string;
  /** Discord role ids the member holds in the guild (empty in DMs). */
  readonly roleIds: readonly string[];
  /** Holds the Administrator permission in the guild. */
  readonly isGuildAdmin: boolean;
}

export function memberOf(user: User, member: GuildMember | APIInteractionGuildMember | null): DiscordMember {
  if (member === null) return { userId: user.id, name: user.globalName ?? user.username, roleIds: [], isGuildAdmin: false };
  const roleIds = Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
  const permissions = typeof member.permissions === 'string' ? new PermissionsBitField(BigInt(member.permissions)) : member.permissions;
  const nick = 'displayName' in member ? member.displayName : member.nick ?? undefined;
  return {
    userId: user.id,
    name: nick ?? user.globalName ?? user.username,
    roleIds,
    isGuildAdmin: permissions.has(PermissionFlagsBits.Administrator),
  };
}

/**
 * The registry command name and string option values of a slash command: `/run stop run:3 flatten:true` arrives
 * as command `run`, subcommand `stop`, options [{run: 3}, {flatten: true}]; commands take strings as chat sends
 * them (runCommand parses them with the command's own zod schema), so typed values go back to text.
 */
export function commandInput(i: ChatInputCommandInteraction): { name: string; options: Record<string, string> } {
  const sub = i.options.getSubcommand(false);
  const name = sub === null ? i.commandName : `${i.commandName} ${sub}`;
  const top: readonly CommandInteractionOption[] = i.options.data;
  const leaves = sub === null ? top : top.find((o) => o.name === sub)?.options ?? [];
  const options: Record<string, string> = {};
  for (const o of leaves) {
    if (o.value !== undefined && o.value !== null) options[o.name] = String(o.value);
  }
  return { name, options };
}
