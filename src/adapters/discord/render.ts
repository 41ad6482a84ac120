import { ButtonStyle, ComponentType, MessageFlags, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import { tableLines } from '../../app/chat/text-table.js';
import type { Reply, ReplyButton, ReplyTable } from '../../app/chat/reply.js';
import { assertNever } from '../../core/domain/result.js';
import type { ButtonIds } from './button-ids.js';
import { fitEmbed } from './embed-limits.js';

/** A message body discord.js accepts for reply / editReply / followUp (a subset of its options). */
export interface DiscordMessage {
  readonly embeds: APIEmbed[];
  readonly files: { attachment: Buffer; name: string; description?: string }[];
  readonly components: APIActionRowComponent<APIButtonComponent>[];
  /** Ephemeral (only the person who asked sees it): set for error replies. */
  readonly ephemeral: boolean;
}

const COLOR = { ok: 0x3b82f6, error: 0xdc2626 } as const;
const MAX_FILES = 10;
const BUTTONS_PER_ROW = 5;
const MAX_ROWS = 5;
const LABEL_MAX = 80;

/** Renders a Reply as one embed, its images as attachments (the first also as the embed image), buttons as rows. */
export function renderDiscordReply(reply: Reply, ids: ButtonIds): DiscordMessage {
  const images = (reply.images ?? []).slice(0, MAX_FILES);
  const names = attachmentNames(images.map((img) => img.filename));
  const files = images.map((img, i) => ({
    attachment: Buffer.from(img.png),
    name: names[i]!,
    ...(img.alt === '' ? {} : { description: img.alt.slice(0, 1024) }),
  }));
  const embed: APIEmbed = fitEmbed({
    color: COLOR[reply.kind],
    ...(reply.title === undefined ? {} : { title: reply.title }),
    ...(reply.fields === undefined || reply.fields.length === 0
      ? {}
      : { fields: reply.fields.map((f) => ({ name: f.name, value: f.value, ...(f.inline === undefined ? {} : { inline: f.inline }) })) }),
    ...(files[0] === undefined ? {} : { image: { url: `attachment://${files[0].name}` } }),
  }, reply.text, reply.table === undefined ? undefined : (rows) => tableBlock(reply.table!, rows));
  return { embeds: [embed], files, components: buttonRows(reply.buttons ?? [], ids), ephemeral: reply.kind === 'error' };
}

/** discord.js options for a first reply or a follow-up, where Discord honours the ephemeral flag. */
export function replyOptions(m: DiscordMessage) {
  return { ...editOptions(m), ...(m.ephemeral ? { flags: MessageFlags.Ephemeral as const } : {}) };
}

/** discord.js options for editing a (deferred) reply: its visibility was fixed when it was deferred. */
export function editOptions(m: DiscordMessage) {
  return { embeds: m.embeds, files: m.files, components: m.components };
}

function buttonRows(buttons: readonly ReplyButton[], ids: ButtonIds): APIActionRowComponent<APIButtonComponent>[] {
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  const usable = buttons.slice(0, BUTTONS_PER_ROW * MAX_ROWS);
  for (let i = 0; i < usable.length; i += BUTTONS_PER_ROW) {
    rows.push({
      type: ComponentType.ActionRow,
      components: usable.slice(i, i + BUTTONS_PER_ROW).map((b) => ({
        type: ComponentType.Button,
        style: buttonStyle(b.style ?? 'secondary'),
        label: b.label.length <= LABEL_MAX ? b.label : `${b.label.slice(0, LABEL_MAX - 1)}…`,
        custom_id: ids.idFor(b.command),
      })),
    });
  }
  return rows;
}

function buttonStyle(style: NonNullable<ReplyButton['style']>): ButtonStyle.Primary | ButtonStyle.Danger | ButtonStyle.Secondary {
  switch (style) {
    case 'primary': return ButtonStyle.Primary;
    case 'danger': return ButtonStyle.Danger;
    case 'secondary': return ButtonStyle.Secondary;
    default: return assertNever(style);
  }
}

/** Discord refers to attachments by name (`attachment://x.png`): keep names plain, `.png` and unique. */
function attachmentNames(filenames: readonly string[]): string[] {
  const seen = new Set<string>();
  return filenames.map((filename, i) => {
    const clean = (filename.split(/[\\/]/).pop() ?? '').replace(/[^\w.-]/g, '_').replace(/^\.+/, '');
    let name = clean === '' ? `image-${i + 1}.png` : clean.toLowerCase().endsWith('.png') ? clean : `${clean}.png`;
    if (seen.has(name)) name = `${i + 1}-${name}`;
    seen.add(name);
    return name;
  });
}

/** The table as a monospaced code block, showing at most `maxRows` rows (with a "more rows" line when cut). */
export function tableBlock(table: ReplyTable, maxRows = table.rows.length): string {
  const body = tableLines(table, { maxRows });
  // A stray ``` inside a cell would end the block early.
  return `\`\`\`\n${body.join('\n').replaceAll('```', "'''")}\n\`\`\``;
}
