// Gateway INTERACTION_CREATE payloads as Discord sends them, with the fields discord.js needs (shared notes:
// `entitlements` and `authorizing_integration_owners` must be present or its constructor throws).
export const APP_ID = '800000000000000001';
export const GUILD = { id: '700000000000000001', name: 'Desk Guild', channelId: '600000000000000001' } as const;

let counter = 0;
const nextId = (): string => {
  counter += 1;
  return String(1_100_000_000_000_000_000n + BigInt(counter));
};

export interface OptionValue {
  readonly name: string;
  readonly type: number;
  readonly value: string | number | boolean;
}

function base(userId: string, type: number) {
  const id = nextId();
  return {
    id,
    token: `tok-${id}`,
    application_id: APP_ID,
    type,
    version: 1,
    guild_id: GUILD.id,
    channel_id: GUILD.channelId,
    channel: { id: GUILD.channelId, type: 0, guild_id: GUILD.id, name: 'desk' },
    member: {
      user: { id: userId, username: `user-${userId}`, discriminator: '0', avatar: null, global_name: null },
      roles: [], permissions: '0', joined_at: '2024-01-01T00:00:00.000Z', nick: null, deaf: false, mute: false, flags: 0,
    },
    app_permissions: '0',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: {},
  };
}

/** `/name [sub] option:value...` as a chat-input interaction (type 2). */
export function slashCommand(userId: string, name: string, sub: string | null, options: readonly OptionValue[] = []) {
  return {
    ...base(userId, 2),
    data: { id: '500000000000000001', name, type: 1, options: sub === null ? options : [{ type: 1, name: sub, options }] },
  };
}

/** A button press (type 3) on a message the bot sent. */
export function buttonPress(userId: string, customId: string) {
  return {
    ...base(userId, 3),
    data: { custom_id: customId, component_type: 2 },
    message: {
      id: nextId(), channel_id: GUILD.channelId, type: 0, content: '', timestamp: '2024-01-02T12:00:00.000Z',
      edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [], attachments: [],
      embeds: [], components: [], pinned: false, flags: 0,
      author: { id: '900000000000000001', username: 'tradedesk', discriminator: '0', avatar: null, bot: true },
    },
  };
}
