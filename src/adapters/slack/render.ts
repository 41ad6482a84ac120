import type { types } from '@slack/bolt';
import type { Reply, ReplyButton, ReplyField } from '../../app/chat/reply.js';
import { assertNever } from '../../core/domain/result.js';
import { chunkText, pageReply, type PageLimits } from '../../app/chat/reply-pages.js';
import { tableLines } from '../../app/chat/text-table.js';

/** A message ready for chat.postMessage / respond: Block Kit plus the plain-text fallback notifications show. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: types.KnownBlock[];
}

// Slack's Block Kit limits (api.slack.com/reference/block-kit): beyond them the whole message is rejected.
export const SECTION_TEXT_MAX = 3000;
const HEADER_TEXT_MAX = 150;
const FIELDS_PER_SECTION = 10;
const FIELD_TEXT_MAX = 2000;
const BUTTONS_PER_ACTIONS = 25;
const BUTTON_LABEL_MAX = 75;
const BUTTON_VALUE_MAX = 2000;
export const BLOCKS_MAX = 50;
/**
 * Slack also rejects a message whose blocks hold more than about 13,000 characters in all (`msg_blocks_too_long`,
 * not documented: slackapi/bolt-js#2509), whatever each block holds; a message stays well under it.
 */
export const MESSAGE_TEXT_MAX = 12_000;
const FALLBACK_TEXT_MAX = 3000;

/** One Slack message: at most 50 blocks and MESSAGE_TEXT_MAX characters of block text; a reply may take 5. */
export const SLACK_PAGE_LIMITS: PageLimits = {
  // Escaping (&amp; &lt; &gt;) can lengthen text: a page's text stays at half the message's budget.
  textChars: MESSAGE_TEXT_MAX / 2,
  fieldValueChars: FIELD_TEXT_MAX - 200,
  titleChars: HEADER_TEXT_MAX,
  // A response_url takes 5 answers, and errors (only for the asker) go that way.
  maxPages: 5,
  fits: (page) => {
    const m = renderSlackReply(page);
    return m.blocks.length <= BLOCKS_MAX && blockTextLength(m.blocks) <= MESSAGE_TEXT_MAX;
  },
};

/** Buttons carry this action_id prefix so the desk can route presses to one handler. */
export const BUTTON_ACTION_PREFIX = 'desk:';

/** Slack's mrkdwn treats &, < and > as control characters (links, mentions); command output must not. */
export const escapeMrkdwn = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/**
 * A Reply as the Slack messages that carry all of it: one when it fits (most do), else several in reading order
 * (long text, fields, a long table's rows, buttons go on in the next), each within Slack's limits.
 */
export function renderSlackMessages(reply: Reply): SlackMessage[] {
  const pages = pageReply(reply, SLACK_PAGE_LIMITS);
  return pages.map((page, i) => {
    const m = renderSlackReply(page);
    // A continuation has no title of its own: its notification text says which part it is.
    return i === 0 || page.title !== undefined || page.text !== undefined ? m : { ...m, text: `(continued, ${i + 1}/${pages.length})` };
  });
}

/**
 * One page of a Reply -> Block Kit: header (title), sections (text, cut at boundaries into sections of 3,000),
 * sections of fields, the table as code blocks of whole lines, and buttons as actions blocks. Nothing is left out
 * here; `renderSlackMessages` keeps each message within the limits. Images are not blocks: the desk uploads them
 * as files next to the message.
 */
export function renderSlackReply(reply: Reply): SlackMessage {
  if (reply.kind === 'error') {
    const text = `:warning: ${reply.text ?? reply.title ?? 'failed'}`;
    return { text: clip(text, FALLBACK_TEXT_MAX), blocks: sections(escapeMrkdwn(text)) };
  }
  const blocks: types.KnownBlock[] = [];
  if (reply.title !== undefined) {
    blocks.push({ type: 'header', text: { type: 'plain_text', text: clip(reply.title, HEADER_TEXT_MAX), emoji: true } });
  }
  if (reply.text !== undefined && reply.text !== '') blocks.push(...sections(escapeMrkdwn(reply.text)));
  blocks.push(...fieldSections(reply.fields ?? []));
  if (reply.table !== undefined) blocks.push(...codeBlocks(tableLines(reply.table, { indent: '  ' }).join('\n')).map(section));
  if (reply.buttons !== undefined && reply.buttons.length > 0) blocks.push(...actionBlocks(reply.buttons));
  return { text: fallbackText(reply), blocks };
}

/** Characters of text a message's blocks hold (what Slack's overall limit counts). */
export function blockTextLength(blocks: readonly types.KnownBlock[]): number {
  let n = 0;
  for (const b of blocks) {
    if (b.type === 'header') n += b.text.text.length;
    if (b.type === 'section') n += (b.text?.text.length ?? 0) + (b.fields ?? []).reduce((k, f) => k + f.text.length, 0);
    if (b.type === 'actions') n += b.elements.reduce((k, e) => k + (e.type === 'button' ? e.text.text.length + (e.value?.length ?? 0) : 0), 0);
  }
  return n;
}

function section(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text, SECTION_TEXT_MAX) } };
}

/** Text in sections of at most 3,000 characters, cut at paragraph, line or word boundaries. */
function sections(text: string): types.SectionBlock[] {
  return chunkText(text, SECTION_TEXT_MAX).map(section);
}

function fieldSections(fields: readonly ReplyField[]): types.SectionBlock[] {
  const out: types.SectionBlock[] = [];
  for (let i = 0; i < fields.length; i += FIELDS_PER_SECTION) {
    out.push({
      type: 'section',
      fields: fields.slice(i, i + FIELDS_PER_SECTION).map((f) => ({
        type: 'mrkdwn' as const,
        text: clip(`*${escapeMrkdwn(f.name)}*\n${escapeMrkdwn(f.value)}`, FIELD_TEXT_MAX),
      })),
    });
  }
  return out;
}

/**
 * A table as ``` blocks of whole lines (a cut line would misalign the columns), each fitting one section; the
 * columns line up across them because they come from one rendering of the table.
 */
export function codeBlocks(table: string): string[] {
  const fence = '```';
  const room = SECTION_TEXT_MAX - fence.length * 2 - 2;
  const blocks: string[] = [];
  let lines: string[] = [];
  let size = 0;
  for (const raw of escapeMrkdwn(table).split('\n')) {
    const line = clip(raw, room);
    if (lines.length > 0 && size + 1 + line.length > room) {
      blocks.push(lines.join('\n'));
      [lines, size] = [[], 0];
    }
    size += (lines.length === 0 ? 0 : 1) + line.length;
    lines.push(line);
  }
  if (lines.length > 0) blocks.push(lines.join('\n'));
  return blocks.map((body) => `${fence}\n${body}\n${fence}`);
}

function actionBlocks(buttons: readonly ReplyButton[]): types.ActionsBlock[] {
  const out: types.ActionsBlock[] = [];
  for (let i = 0; i < buttons.length; i += BUTTONS_PER_ACTIONS) {
    out.push({
      type: 'actions',
      elements: buttons.slice(i, i + BUTTONS_PER_ACTIONS).map((b, j) => button(b, i + j)),
    });
  }
  return out;
}

function button(b: ReplyButton, index: number): types.Button {
  // action_id must be unique within the message; the command line itself travels in `value`.
  const base: types.Button = {
    type: 'button',
    action_id: `${BUTTON_ACTION_PREFIX}${index}`,
    text: { type: 'plain_text', text: clip(b.label, BUTTON_LABEL_MAX), emoji: true },
    value: b.command.slice(0, BUTTON_VALUE_MAX),
  };
  const style = b.style ?? 'secondary';
  switch (style) {
    case 'primary':
    case 'danger':
      return { ...base, style };
    case 'secondary':
      return base; // Slack's default look; it has no 'secondary' style value
    default:
      return assertNever(style);
  }
}

/** What notifications and screen readers show: title and text, else the field names. */
function fallbackText(reply: Reply): string {
  const parts = [reply.title, reply.text].filter((p): p is string => p !== undefined && p !== '');
  if (parts.length === 0 && reply.fields !== undefined) parts.push(reply.fields.map((f) => `${f.name}: ${f.value}`).join(', '));
  if (parts.length === 0) parts.push(reply.images !== undefined && reply.images.length > 0 ? 'chart' : 'done');
  return clip(parts.join('\n'), FALLBACK_TEXT_MAX);
}
