// Gateway payloads as Discord sends them (INTERACTION_CREATE, MESSAGE_CREATE), with the fields discord.js needs
// (shared notes: `entitlements` and `authorizing_integration_owners` must be present or its constructor throws).
import type { FakeGuild, GatewayMessage } from '../../fakes/discord/fake-discord.js';

export const APP_ID = '800000000000000001';
export const BOT_ID = '900000000000000001';
/** Users the guilds' member lookups know (for DMs): in A only (as a trader, a Desk Admin, the owner), B only, both. */
export const MEMBER_A = '100000000000000021';
export const ADMIN_A = '100000000000000022';
export const OWNER_A = '100000000000000023';
export const MEMBER_B = '100000000000000024';
export const MEMBER_BOTH = '100000000000000025';
/** Guild A: a "Traders" role and a "Desk Admins" role holding Manage Server (32). */
export const GUILD_A = {
  id: '700000000000000001', name: 'Desk Guild',
  channels: [{ id: '600000000000000001', name: 'desk' }, { id: '600000000000000011', name: 'general' }],
  roles: [{ id: '300000000000000001', name: 'Traders' }, { id: '300000000000000002', name: 'Desk Admins', permissions: '32' }],
  members: [
    { userId: MEMBER_A, roles: ['300000000000000001'] }, { userId: ADMIN_A, roles: ['300000000000000002'] },
    { userId: OWNER_A }, { userId: MEMBER_BOTH },
  ],
  ownerId: OWNER_A,
} as const satisfies FakeGuild;
/** Guild B: another team, with its own "Traders" role. */
export const GUILD_B = {
  id: '700000000000000002', name: 'Other Guild',
  channels: [{ id: '600000000000000002', name: 'trading' }],
  roles: [{ id: '300000000000000003', name: 'Traders' }],
  members: [{ userId: MEMBER_B, roles: ['300000000000000003'] }, { userId: MEMBER_BOTH, roles: ['300000000000000003'] }],
} as const satisfies FakeGuild;
export const GUILD = GUILD_A;

let counter = 0;
export const nextId = (): string => {
  counter += 1;
  return String(1_100_000_000_000_000_000n + BigInt(counter));
};

export interface OptionValue {
  readonly name: string;
  readonly type: number;
  readonly value: string | number | boolean;
  readonly focused?: boolean;
}

/** Who acts and where: the guild (A by default), the channel (its first), role ids and permission bits. */
export interface Where {
  readonly guild?: FakeGuild;
  readonly channelId?: string;
  readonly roles?: readonly string[];
  readonly permissions?: string;
}

const user = (id: string) => ({ id, username: `user-${id}`, discriminator: '0', avatar: null, global_name: null });

function base(userId: string, type: number, w: Where) {
  const id = nextId();
  const guild = w.guild ?? GUILD_A;
  const channelId = w.channelId ?? guild.channels[0]!.id;
  return {
    id,
    token: `tok-${id}`,
    application_id: APP_ID,
    type,
    version: 1,
    guild_id: guild.id,
    channel_id: channelId,
    channel: { id: channelId, type: 0, guild_id: guild.id, name: 'desk' },
    member: {
      user: user(userId), roles: [...(w.roles ?? [])], permissions: w.permissions ?? '0', joined_at: '2024-01-01T00:00:00.000Z',
      nick: null, deaf: false, mute: false, flags: 0,
    },
    app_permissions: '0',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: {},
  };
}

const commandData = (name: string, sub: string | null, options: readonly OptionValue[]) =>
  ({ id: '500000000000000001', name, type: 1, options: sub === null ? options : [{ type: 1, name: sub, options }] });

/** `/name [sub] option:value...` as a chat-input interaction (type 2). */
export function slashCommand(userId: string, name: string, sub: string | null, options: readonly OptionValue[] = [], w: Where = {}) {
  return { ...base(userId, 2, w), data: commandData(name, sub, options) };
}

/** Typing in an autocompleted option (type 4): one option carries `focused: true` and the text typed so far. */
export function autocompleteRequest(userId: string, name: string, sub: string | null, options: readonly OptionValue[], w: Where = {}) {
  return { ...base(userId, 4, w), data: commandData(name, sub, options) };
}

/** A button press (type 3) on a message the bot sent. */
export function buttonPress(userId: string, customId: string, w: Where = {}) {
  const b = base(userId, 3, w);
  return {
    ...b,
    data: { custom_id: customId, component_type: 2 },
    message: {
      id: nextId(), channel_id: b.channel_id, type: 0, content: '', timestamp: '2024-01-02T12:00:00.000Z',
      edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [], attachments: [],
      embeds: [], components: [], pinned: false, flags: 0,
      author: { ...user(BOT_ID), username: 'tradedesk', bot: true },
    },
  };
}

/**
 * A message as MESSAGE_CREATE carries it: in a guild channel (with the author's partial member, as Discord sends
 * it) or, with `dmChannelId`, in a DM (no guild). `mentions` lists mentioned user ids.
 */
export function chatMessage(authorId: string, content: string, o: Where & { mentions?: readonly string[]; dmChannelId?: string; bot?: boolean } = {}): GatewayMessage {
  const author = { ...user(authorId), ...(o.bot === true ? { bot: true } : {}) };
  const common = {
    id: nextId(), type: 0, content, author, timestamp: '2024-01-02T12:00:00.000Z', edited_timestamp: null, tts: false,
    mention_everyone: false, mentions: (o.mentions ?? []).map((id) => user(id)), mention_roles: [], attachments: [], embeds: [],
    components: [], pinned: false, flags: 0, nonce: nextId(),
  };
  // Discord sends the channel's type with each message; discord.js needs it to build an uncached DM channel.
  if (o.dmChannelId !== undefined) return { ...common, channel_id: o.dmChannelId, channel_type: 1 };
  const guild = o.guild ?? GUILD_A;
  return {
    ...common, channel_id: o.channelId ?? guild.channels[0]!.id, guild_id: guild.id, channel_type: 0,
    member: { roles: [...(o.roles ?? [])], joined_at: '2024-01-01T00:00:00.000Z', nick: null, deaf: false, mute: false, flags: 0 },
  };
}
