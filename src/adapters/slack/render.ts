import type { types } from '@slack/bolt';
import type { Reply, ReplyButton, ReplyField } from '../../app/reply.js';
import { assertNever } from '../../core/domain/result.js';
import { renderTable } from '../console/render.js';

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
const BLOCKS_MAX = 50;
const FALLBACK_TEXT_MAX = 3000;

/** Buttons carry this action_id prefix so the desk can route presses to one handler. */
export const BUTTON_ACTION_PREFIX = 'desk:';

/** Slack's mrkdwn treats &, < and > as control characters (links, mentions); command output must not. */
export const escapeMrkdwn = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/**
 * Reply -> Block Kit: header (title), section (text), sections of fields, the table as a code block and buttons as
 * an actions block. Images are not blocks: the desk uploads them as files next to the message.
 */
export function renderSlackReply(reply: Reply): SlackMessage {
  if (reply.kind === 'error') {
    const text = `:warning: ${reply.text ?? reply.title ?? 'failed'}`;
    return { text: clip(text, FALLBACK_TEXT_MAX), blocks: [section(escapeMrkdwn(text))] };
  }
  const blocks: types.KnownBlock[] = [];
  if (reply.title !== undefined) {
    blocks.push({ type: 'header', text: { type: 'plain_text', text: clip(reply.title, HEADER_TEXT_MAX), emoji: true } });
  }
  if (reply.text !== undefined && reply.text !== '') blocks.push(section(escapeMrkdwn(reply.text)));
  blocks.push(...fieldSections(reply.fields ?? []));
  if (reply.table !== undefined) blocks.push(section(codeBlock(renderTable(reply.table))));
  if (reply.buttons !== undefined && reply.buttons.length > 0) blocks.push(...actionBlocks(reply.buttons));
  return { text: fallbackText(reply), blocks: blocks.slice(0, BLOCKS_MAX) };
}

function section(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text, SECTION_TEXT_MAX) } };
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
 * A table as a ``` block that fits one section: whole lines are dropped from the end (never a cut line, which
 * would misalign the columns) and a last line says how many were left out.
 */
export function codeBlock(table: string): string {
  const fence = '```';
  const body = escapeMrkdwn(table);
  const fits = (s: string): boolean => fence.length * 2 + 2 + s.length <= SECTION_TEXT_MAX;
  if (fits(body)) return `${fence}\n${body}\n${fence}`;
  const lines = body.split('\n');
  let kept = lines.length;
  const cut = (n: number): string => [...lines.slice(0, n), `… ${lines.length - n} more lines`].join('\n');
  while (kept > 0 && !fits(cut(kept))) kept -= 1;
  return `${fence}\n${clip(cut(kept), SECTION_TEXT_MAX - fence.length * 2 - 2)}\n${fence}`;
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
