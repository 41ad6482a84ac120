import type { APIEmbed, APIEmbedField } from 'discord.js';

/** Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const EMBED_LIMITS = { title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, total: 6000 } as const;

/** Of the 6000 characters, fields may not crowd the description below this (when it has that much to say). */
const DESCRIPTION_RESERVE = 2000;
const EMPTY = '\u200b'; // Discord rejects empty field names and values.

/**
 * Fits an embed into Discord's limits: title and fields are clipped, fields beyond 25 or beyond the shared budget
 * are dropped from the end, and the description (text, then the table) gets the rest; a table loses rows from the
 * bottom before the text is cut. Lengths are UTF-16 units, which never undercount Discord's characters.
 */
export function fitEmbed(embed: APIEmbed, text: string | undefined, table: ((maxRows?: number) => string) | undefined): APIEmbed {
  const title = embed.title === undefined ? undefined : clipText(embed.title, EMBED_LIMITS.title);
  const titleLen = title?.length ?? 0;
  const wanted = Math.min(EMBED_LIMITS.description, (text?.length ?? 0) + (table === undefined ? 0 : table().length + 1));
  const fieldBudget = EMBED_LIMITS.total - titleLen - Math.min(wanted, DESCRIPTION_RESERVE);
  const fields: APIEmbedField[] = [];
  let used = 0;
  for (const f of (embed.fields ?? []).slice(0, EMBED_LIMITS.fields)) {
    const field = { ...f, name: clipText(f.name, EMBED_LIMITS.fieldName) || EMPTY, value: clipText(f.value, EMBED_LIMITS.fieldValue) || EMPTY };
    const size = field.name.length + field.value.length;
    if (used + size > fieldBudget) break;
    fields.push(field);
    used += size;
  }
  const description = fitDescription(text, table, Math.min(EMBED_LIMITS.description, EMBED_LIMITS.total - titleLen - used));
  const { title: _t, fields: _f, description: _d, ...rest } = embed;
  return {
    ...rest,
    ...(title === undefined ? {} : { title }),
    ...(description === '' ? {} : { description }),
    ...(fields.length === 0 ? {} : { fields }),
  };
}

function fitDescription(text: string | undefined, table: ((maxRows?: number) => string) | undefined, budget: number): string {
  const join = (t: string): string => (text === undefined || text === '' ? t : `${text}\n${t}`);
  if (table !== undefined) {
    const full = join(table());
    if (full.length <= budget) return full;
    // The block grows with its row count, so binary-search the most rows that fit (0 rows still shows the header).
    let lo = -1;
    let hi = budget;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (join(table(mid)).length <= budget) lo = mid;
      else hi = mid;
    }
    if (lo >= 0) return join(table(lo));
  }
  return clipText(text ?? '', budget);
}

/** Cuts to `max` UTF-16 units with an ellipsis, never splitting a surrogate pair. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = text.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}…`;
}
