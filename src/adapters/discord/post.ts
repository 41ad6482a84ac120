import { MessageFlags, Routes, type REST } from 'discord.js';
import { z } from 'zod';
import type { Reply } from '../../app/chat/reply.js';
import type { ButtonIds } from './button-ids.js';
import { renderDiscordReply } from './render.js';
import { splitReply } from './split-reply.js';

export interface PostOptions {
  /** Post without pinging anyone (SUPPRESS_NOTIFICATIONS). */
  readonly silent?: boolean;
  /** Answer this message (the first part becomes a Discord reply to it). */
  readonly replyTo?: string;
}

/** The only field of Discord's answer we use; parsed, since it is outside data. */
const created = z.object({ id: z.string() });

/** Discord's limit on a message's plain content. */
export const CONTENT_MAX = 2000;

/**
 * Posts a Reply in a channel or thread over REST (no cache needed), split into several messages when it does not
 * fit one embed; images go as multipart files. Nobody is pinged by text the desk relays (an LLM's "@everyone"
 * stays text). Returns the first message's id; a REST failure throws discord.js's error for the caller to map.
 */
export async function postReply(rest: REST, ids: ButtonIds, channelId: string, reply: Reply, o: PostOptions = {}): Promise<string> {
  let first: string | undefined;
  for (const part of splitReply(reply)) {
    const m = renderDiscordReply(part, ids);
    const body = {
      embeds: m.embeds,
      components: m.components,
      allowed_mentions: { parse: [], replied_user: true },
      ...(o.silent === true ? { flags: MessageFlags.SuppressNotifications } : {}),
      ...(first === undefined && o.replyTo !== undefined ? { message_reference: { message_id: o.replyTo, fail_if_not_exists: false } } : {}),
      ...(m.files.length === 0 ? {} : {
        attachments: m.files.map((f, i) => ({ id: i, filename: f.name, ...(f.description === undefined ? {} : { description: f.description }) })),
      }),
    };
    const files = m.files.map((f) => ({ name: f.name, data: f.attachment }));
    const id = created.parse(await rest.post(Routes.channelMessages(channelId), { body, ...(files.length === 0 ? {} : { files }) })).id;
    first ??= id;
  }
  if (first === undefined) throw new Error('splitReply returned no parts'); // a bug: it always returns at least one
  return first;
}

/** Posts one plain-text line (clipped to Discord's 2000 characters); returns the message id. */
export async function postText(rest: REST, channelId: string, content: string, o: PostOptions = {}): Promise<string> {
  const body = {
    content: content.length <= CONTENT_MAX ? content : `${content.slice(0, CONTENT_MAX - 1)}…`,
    allowed_mentions: { parse: [] },
    ...(o.silent === true ? { flags: MessageFlags.SuppressNotifications } : {}),
  };
  return created.parse(await rest.post(Routes.channelMessages(channelId), { body })).id;
}
