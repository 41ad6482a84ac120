import type { Reply, ReplyButton, ReplyField, ReplyImage } from './reply.js';

/** What one message of a platform can carry; the adapters give their own (Discord's embeds, Slack's blocks). */
export interface PageLimits {
  /** Longest stretch of text one page carries; longer text is cut at paragraph, line or word boundaries. */
  readonly textChars: number;
  /** Longest field value; a longer one goes on in fields named `<name> (cont.)`. */
  readonly fieldValueChars: number;
  /** Longest title; a longer one opens the text instead, whole. */
  readonly titleChars: number;
  /** Most messages one reply may take: past them, the last one says what did not fit. */
  readonly maxPages: number;
  /** Whether a page renders as one message with nothing cut. */
  readonly fits: (page: Reply) => boolean;
}

type Piece =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'field'; readonly field: ReplyField }
  | { readonly kind: 'row'; readonly row: readonly string[] }
  /** A table without rows still shows its header. */
  | { readonly kind: 'header' }
  | { readonly kind: 'image'; readonly image: ReplyImage }
  | { readonly kind: 'button'; readonly button: ReplyButton };

/**
 * Splits a Reply into pages that each render as one message without losing anything, in reading order: text (cut
 * at boundaries), fields, the table's rows (each page's table repeats the header), images, buttons. Pages are
 * filled greedily, so a short text shares its page with the first rows of a long table. A Reply that fits is
 * returned as it is. Past `maxPages`, the last page says how much was left out, never silently.
 */
export function pageReply(reply: Reply, limits: PageLimits): Reply[] {
  if (reply.title === undefined || reply.title.length <= limits.titleChars) {
    if (limits.fits(reply) && (reply.fields ?? []).every((f) => f.value.length <= limits.fieldValueChars)) return [reply];
  }
  const longTitle = reply.title !== undefined && reply.title.length > limits.titleChars;
  const text = longTitle ? [reply.title, reply.text].filter((t) => t !== undefined && t !== '').join('\n') : reply.text ?? '';
  const pieces: Piece[] = [
    ...(text === '' ? [] : chunkText(text, limits.textChars)).map((t): Piece => ({ kind: 'text', text: t })),
    ...(reply.fields ?? []).flatMap((f) => splitField(f, limits.fieldValueChars)).map((field): Piece => ({ kind: 'field', field })),
    ...(reply.table?.rows ?? []).map((row): Piece => ({ kind: 'row', row })),
    ...(reply.table !== undefined && reply.table.rows.length === 0 ? [{ kind: 'header' } as const] : []),
    ...(reply.images ?? []).map((image): Piece => ({ kind: 'image', image })),
    ...(reply.buttons ?? []).map((button): Piece => ({ kind: 'button', button })),
  ];
  const first: Reply = { kind: reply.kind, ...(reply.title === undefined || longTitle ? {} : { title: reply.title }) };
  const pages: Reply[] = [];
  let page = first;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    // A text piece fills a page's text on its own: two never share one (their boundary was chosen for a reason).
    const grown = piece.kind === 'text' && page.text !== undefined ? null : add(page, piece, reply);
    // A piece always goes on an empty page: the limits size every piece to fit one on its own.
    if (grown !== null && (isEmpty(page) || limits.fits(grown))) {
      page = grown;
      continue;
    }
    pages.push(page);
    if (pages.length === limits.maxPages) return withLeftOut(pages, pieces.slice(i), limits);
    page = add({ kind: reply.kind }, piece, reply);
  }
  pages.push(page);
  return pages;
}

const isEmpty = (p: Reply): boolean =>
  p.text === undefined && p.fields === undefined && p.table === undefined && p.images === undefined && p.buttons === undefined;

function add(page: Reply, piece: Piece, reply: Reply): Reply {
  switch (piece.kind) {
    case 'text':
      return { ...page, text: piece.text };
    case 'field':
      return { ...page, fields: [...(page.fields ?? []), piece.field] };
    case 'row':
    case 'header': {
      const table = page.table ?? { columns: reply.table!.columns, rows: [], ...(reply.table!.alignRight === undefined ? {} : { alignRight: reply.table!.alignRight }) };
      return { ...page, table: piece.kind === 'row' ? { ...table, rows: [...table.rows, piece.row] } : table };
    }
    case 'image':
      return { ...page, images: [...(page.images ?? []), piece.image] };
    case 'button':
      return { ...page, buttons: [...(page.buttons ?? []), piece.button] };
    default:
      return piece satisfies never;
  }
}

/**
 * The pages that fit, the last one ending with what was left out (it gives up rows or fields of its own to make
 * room for that line when it must).
 */
function withLeftOut(pages: Reply[], rest: Piece[], limits: PageLimits): Reply[] {
  let kept = pages.pop()!;
  let dropped: Piece[] = [];
  for (;;) {
    const note = leftOutNote([...dropped, ...rest], limits.maxPages);
    const noted: Reply = { ...kept, text: kept.text === undefined ? note : `${kept.text}\n${note}` };
    const smaller = limits.fits(noted) ? null : shrink(kept, note.length);
    if (smaller === null) return [...pages, noted];
    [kept, dropped] = [smaller[0], [smaller[1], ...dropped]];
  }
}

/** The page less its last row, else its last field, else the end of its text (room for `room` characters). */
function shrink(page: Reply, room: number): [Reply, Piece] | null {
  if (page.table !== undefined && page.table.rows.length > 0) {
    const rows = page.table.rows;
    return [{ ...page, table: { ...page.table, rows: rows.slice(0, -1) } }, { kind: 'row', row: rows[rows.length - 1]! }];
  }
  const fields = page.fields ?? [];
  if (fields.length > 0) return [{ ...page, fields: fields.slice(0, -1) }, { kind: 'field', field: fields[fields.length - 1]! }];
  const text = page.text ?? '';
  if (text.length <= room) return null;
  const [head] = chunkText(text, Math.max(1, text.length - room - 1));
  return [{ ...page, text: head! }, { kind: 'text', text: text.slice(head!.length) }];
}

/** `… not shown: 340 table rows and 2 buttons (this reply would need more than 10 messages); narrow the command ...` */
function leftOutNote(rest: readonly Piece[], maxPages: number): string {
  const count = (kind: Piece['kind']): number => rest.filter((p) => p.kind === kind).length;
  const parts = [
    count('text') > 0 ? 'the rest of the text' : '',
    plural(count('field'), 'field'),
    plural(count('row'), 'table row'),
    plural(count('image'), 'image'),
    plural(count('button'), 'button'),
  ].filter((p) => p !== '');
  const what = parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]!}`;
  return `… not shown: ${what} (this reply would need more than ${maxPages} messages); narrow the command to see them.`;
}

const plural = (n: number, noun: string): string => (n === 0 ? '' : `${n} ${noun}${n === 1 ? '' : 's'}`);

/** A field whose value is too long for one goes on in fields of the same name marked (cont.), cut at boundaries. */
function splitField(f: ReplyField, max: number): ReplyField[] {
  if (f.value.length <= max) return [f];
  return chunkText(f.value, max).map((value, i) => ({ ...f, name: i === 0 ? f.name : `${f.name} (cont.)`, value }));
}

const FENCE = '```';

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
