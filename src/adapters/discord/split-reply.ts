import type { Reply } from '../../app/reply.js';
import { EMBED_LIMITS } from './embed-limits.js';
import { tableBlock } from './render.js';

/** A text part's size: under the 4096 description limit, with room for a code fence closed at the cut. */
const CHUNK = 3900;
/** A long answer stops after this many messages rather than flooding the channel. */
const MAX_PARTS = 10;
const FENCE = '```';

/**
 * Splits a Reply that would not fit one embed (a long analyst answer) into several, in reading order: the text in
 * parts cut at paragraph, line or word boundaries (the title on the first), then the fields, table, images and
 * buttons together in a last part. A Reply that fits is returned as is, so short replies stay one message.
 */
export function splitReply(reply: Reply, maxParts = MAX_PARTS): Reply[] {
  if (fitsOneEmbed(reply)) return [reply];
  const { kind, title, text, ...extras } = reply;
  const hasExtras = Object.values(extras).some((v) => v !== undefined && (!Array.isArray(v) || v.length > 0));
  const budget = Math.max(1, maxParts - (hasExtras ? 1 : 0));
  let chunks = chunkText(text ?? '', CHUNK);
  if (chunks.length > budget) {
    chunks = chunks.slice(0, budget);
    chunks[budget - 1] = `${chunks[budget - 1]!}\n… (cut: the answer was too long)`;
  }
  const parts: Reply[] = chunks.map((t, i) => ({ kind, ...(i === 0 && title !== undefined ? { title } : {}), text: t }));
  if (hasExtras) parts.push({ kind, ...extras });
  return parts;
}

/** True when fitEmbed would keep everything: the description and the whole embed are within Discord's limits. */
function fitsOneEmbed(reply: Reply): boolean {
  const text = reply.text?.length ?? 0;
  const table = reply.table === undefined ? 0 : tableBlock(reply.table).length + 1;
  const title = Math.min(reply.title?.length ?? 0, EMBED_LIMITS.title);
  const fields = (reply.fields ?? []).slice(0, EMBED_LIMITS.fields)
    .reduce((n, f) => n + Math.min(f.name.length, EMBED_LIMITS.fieldName) + Math.min(f.value.length, EMBED_LIMITS.fieldValue), 0);
  return text + table <= EMBED_LIMITS.description && title + text + table + fields <= EMBED_LIMITS.total;
}

/**
 * Cuts text into pieces of at most `max` characters, preferring a paragraph break, then a line break, then a
 * space in the second half of the window; a code block cut in two is closed and reopened so both halves render.
 */
export function chunkText(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  let reopen = false;
  while (rest.length > 0) {
    const prefix = reopen ? `${FENCE}\n` : '';
    let [piece, after] = take(rest, max - prefix.length);
    // A piece that leaves a block open needs room for the closing fence: take a little less.
    if (opensBlock(prefix + piece) && after !== '') [piece, after] = take(rest, max - prefix.length - FENCE.length - 1);
    piece = prefix + piece;
    reopen = opensBlock(piece) && after !== '';
    out.push(reopen ? `${piece}\n${FENCE}` : piece);
    rest = after;
  }
  return out;
}

/** An odd number of fences leaves a code block open. */
const opensBlock = (s: string): boolean => s.split(FENCE).length % 2 === 0;

/** The first piece of at most `room` characters, and the rest without the separator cut at. */
function take(text: string, room: number): [string, string] {
  if (text.length <= room) return [text, ''];
  const [cut, skip] = cutPoint(text, room);
  return [text.slice(0, cut), text.slice(cut + skip)];
}

/** Where to cut within `room` characters, and how many separator characters to drop there. */
function cutPoint(text: string, room: number): [number, number] {
  for (const sep of ['\n\n', '\n', ' ']) {
    const at = text.lastIndexOf(sep, room - sep.length);
    if (at >= room / 2) return [at, sep.length];
  }
  const code = text.charCodeAt(room - 1);
  return [code >= 0xd800 && code <= 0xdbff ? room - 1 : room, 0]; // never split a surrogate pair
}
