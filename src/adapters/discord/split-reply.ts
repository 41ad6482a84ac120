import type { Reply } from '../../app/chat/reply.js';
import { pageReply, type PageLimits } from '../../app/chat/reply-pages.js';
import { EMBED_LIMITS } from './embed-limits.js';
import { tableBlock } from './render.js';

export { chunkText } from '../../app/chat/reply-pages.js';

/** Discord's limits on one message's attachments and buttons (5 rows of 5). */
const MAX_FILES = 10;
const MAX_BUTTONS = 25;

/** One Discord message: one embed (description 4096, 25 fields, 6000 in all), 10 files, 25 buttons. */
export const DISCORD_PAGE_LIMITS: PageLimits = {
  // Under the 4096 description limit, with room for a code fence closed at the cut.
  textChars: 3900,
  fieldValueChars: EMBED_LIMITS.fieldValue,
  titleChars: EMBED_LIMITS.title,
  // A longer reply stops after this many messages (saying what it left out) rather than flooding the channel.
  maxPages: 10,
  fits: fitsOneMessage,
};

/**
 * Splits a Reply that would not fit one Discord message into several, in reading order, losing nothing: long text
 * in parts cut at paragraph, line or word boundaries (the title on the first), then fields, the table's rows (each
 * part with the table's header), images and buttons, each message filled as far as it goes. A Reply that fits is
 * returned as is, so short replies stay one message.
 */
export function splitReply(reply: Reply, maxParts = DISCORD_PAGE_LIMITS.maxPages): Reply[] {
  return pageReply(reply, { ...DISCORD_PAGE_LIMITS, maxPages: maxParts });
}

/** True when the reply renders as one message with nothing clipped or dropped (fitEmbed then keeps everything). */
function fitsOneMessage(reply: Reply): boolean {
  const text = reply.text ?? '';
  const table = reply.table === undefined ? '' : tableBlock(reply.table);
  const description = text === '' || table === '' ? text.length + table.length : text.length + 1 + table.length;
  const title = reply.title?.length ?? 0;
  const fields = reply.fields ?? [];
  const fieldChars = fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  return description <= EMBED_LIMITS.description && title <= EMBED_LIMITS.title && fields.length <= EMBED_LIMITS.fields
    && fields.every((f) => f.name.length <= EMBED_LIMITS.fieldName && f.value.length <= EMBED_LIMITS.fieldValue)
    && title + description + fieldChars <= EMBED_LIMITS.total
    && (reply.images?.length ?? 0) <= MAX_FILES && (reply.buttons?.length ?? 0) <= MAX_BUTTONS;
}
