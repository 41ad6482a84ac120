// Gateway and REST objects as Discord sends them, with the fields discord.js reads when it builds its structures.

export interface FakeRole {
  readonly id: string;
  readonly name: string;
  /** Permission bits as a decimal string ('8' = Administrator, '32' = Manage Server). */
  readonly permissions?: string;
}

export interface FakeGuild {
  readonly id: string;
  readonly name: string;
  /** Text channels (type 0); the first is where the helpers' interactions and messages happen. */
  readonly channels: readonly { readonly id: string; readonly name: string }[];
  /** Roles besides @everyone (whose id is the guild id, as on Discord). */
  readonly roles?: readonly FakeRole[];
  /** Who `GET /guilds/{id}/members/{user}` finds (anyone else is Unknown Member), with their role ids. */
  readonly members?: readonly FakeMember[];
  /** The owner holds every permission whatever their roles ('1', nobody in the tests, when absent). */
  readonly ownerId?: string;
}

export interface FakeMember {
  readonly userId: string;
  readonly roles?: readonly string[];
}

export const TIMESTAMP = '2024-01-02T12:00:00.000Z';

export function botUser(id: string) {
  return { id, username: 'tradedesk', discriminator: '0', avatar: null, global_name: null, bot: true };
}

export function guildCreate(g: FakeGuild) {
  const role = (r: FakeRole, position: number) => ({
    id: r.id, name: r.name, permissions: r.permissions ?? '0', position, color: 0, hoist: false, managed: false, mentionable: false, flags: 0,
  });
  return {
    id: g.id, name: g.name, icon: null, owner_id: g.ownerId ?? '1', unavailable: false, member_count: 2, large: false,
    features: [], emojis: [], stickers: [], members: [], presences: [], voice_states: [], threads: [],
    stage_instances: [], guild_scheduled_events: [], soundboard_sounds: [],
    roles: [role({ id: g.id, name: '@everyone' }, 0), ...(g.roles ?? []).map((r, i) => role(r, i + 1))],
    channels: g.channels.map((c, i) => ({ id: c.id, type: 0, name: c.name, position: i, permission_overwrites: [] })),
    joined_at: '2024-01-01T00:00:00.000Z', afk_timeout: 300, verification_level: 0, default_message_notifications: 0,
    explicit_content_filter: 0, mfa_level: 0, premium_tier: 0, preferred_locale: 'en-US', nsfw_level: 0,
  };
}

/** A guild member object as the single-member fetch answers it (usernames follow the tests' `user-<id>`). */
export function guildMember(m: FakeMember) {
  return {
    user: { id: m.userId, username: `user-${m.userId}`, discriminator: '0', avatar: null, global_name: null },
    roles: [...(m.roles ?? [])], nick: null, avatar: null, joined_at: '2024-01-01T00:00:00.000Z', premium_since: null,
    deaf: false, mute: false, flags: 0, pending: false, communication_disabled_until: null,
  };
}

/** The message object Discord answers a create/edit with, echoing what the bot sent. */
export function sentMessage(id: string, channelId: string, botUserId: string, body: unknown) {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  return {
    id, channel_id: channelId, type: b.message_reference === undefined ? 0 : 19, content: typeof b.content === 'string' ? b.content : '',
    author: botUser(botUserId), timestamp: TIMESTAMP, edited_timestamp: null, tts: false, mention_everyone: false,
    mentions: [], mention_roles: [], attachments: [], embeds: Array.isArray(b.embeds) ? b.embeds : [],
    components: Array.isArray(b.components) ? b.components : [], pinned: false, flags: typeof b.flags === 'number' ? b.flags : 0,
    ...(b.message_reference === undefined ? {} : { message_reference: b.message_reference }),
  };
}

/** A public thread started from a message: Discord gives it the message's id. */
export function threadChannel(id: string, guildId: string, parentId: string, ownerId: string, name: string, autoArchive: number) {
  return {
    id, type: 11, guild_id: guildId, parent_id: parentId, owner_id: ownerId, name, last_message_id: null, rate_limit_per_user: 0,
    message_count: 0, member_count: 1, flags: 0, total_message_sent: 0,
    thread_metadata: { archived: false, auto_archive_duration: autoArchive, archive_timestamp: TIMESTAMP, locked: false },
  };
}
