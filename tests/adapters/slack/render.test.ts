import { describe, expect, it } from 'vitest';
import { BLOCKS_MAX, blockTextLength, codeBlocks, MESSAGE_TEXT_MAX, renderSlackMessages, renderSlackReply, SECTION_TEXT_MAX } from '../../../src/adapters/slack/render.js';
import type { Reply } from '../../../src/app/chat/reply.js';

type AnyBlock = { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: Record<string, unknown>[] };
const blocksOf = (reply: Reply): AnyBlock[] => renderSlackReply(reply).blocks as AnyBlock[];

describe('renderSlackReply', () => {
  it('renders title, text, fields, table and buttons in that order with a plain-text fallback', () => {
    const reply: Reply = {
      kind: 'ok', title: 'Run #3', text: 'mean-reversion on SIM',
      fields: [{ name: 'Cash', value: '100,000' }],
      table: { columns: ['a', 'b'], rows: [['1', '2']] },
      buttons: [{ command: '/run stop run:3', label: 'Stop', style: 'danger' }],
    };
    const m = renderSlackReply(reply);
    expect(m.text).toBe('Run #3\nmean-reversion on SIM');
    expect(m.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'actions']);
    expect((m.blocks[2] as AnyBlock).fields).toEqual([{ type: 'mrkdwn', text: '*Cash*\n100,000' }]);
    expect((m.blocks[3] as AnyBlock).text!.text).toBe('```\n  a  b\n  -  -\n  1  2\n```');
  });

  it('splits fields into sections of at most 10', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ name: `f${i}`, value: String(i) }));
    expect(blocksOf({ kind: 'ok', fields }).map((b) => b.fields?.length)).toEqual([10, 10, 3]);
  });

  it('gives every button a unique action_id and its command line as the value; secondary has no style', () => {
    const buttons = [
      { command: '/run pause run:1', label: 'Pause', style: 'secondary' as const },
      { command: '/run stop run:1', label: 'Stop', style: 'danger' as const },
      { command: '/run show run:1', label: 'Details', style: 'primary' as const },
    ];
    const [actions] = blocksOf({ kind: 'ok', buttons });
    expect(actions!.elements).toEqual([
      { type: 'button', action_id: 'desk:0', text: { type: 'plain_text', text: 'Pause', emoji: true }, value: '/run pause run:1' },
      { type: 'button', action_id: 'desk:1', text: { type: 'plain_text', text: 'Stop', emoji: true }, value: '/run stop run:1', style: 'danger' },
      { type: 'button', action_id: 'desk:2', text: { type: 'plain_text', text: 'Details', emoji: true }, value: '/run show run:1', style: 'primary' },
    ]);
  });

  it('splits a long table into code blocks of whole lines, each fitting a section, with every row once and in order', () => {
    const rows = Array.from({ length: 400 }, (_, i) => [`#${i}`, 'running', 'mean-reversion']);
    const blocks = codeBlocks(`header\n${rows.map((r) => r.join('  ')).join('\n')}`);
    expect(blocks.length).toBeGreaterThan(1);
    for (const b of blocks) {
      expect(b.length).toBeLessThanOrEqual(SECTION_TEXT_MAX);
      expect(b).toMatch(/^```\n[\s\S]*\n```$/);
    }
    const lines = blocks.flatMap((b) => b.slice(4, -4).split('\n'));
    expect(lines).toEqual(['header', ...rows.map((r) => r.join('  '))]);
  });

  it('cuts long text into sections of at most 3,000 characters at line breaks, losing nothing', () => {
    const text = Array.from({ length: 300 }, (_, i) => `line ${i} of a long analyst answer`).join('\n');
    const sections = blocksOf({ kind: 'ok', text }).map((b) => b.text!.text);
    expect(sections.length).toBeGreaterThan(1);
    expect(sections.every((t) => t.length <= SECTION_TEXT_MAX)).toBe(true);
    expect(sections.join('\n')).toBe(text);
  });
  it('escapes &, < and > so command output cannot mention or link', () => {
    const [section] = blocksOf({ kind: 'ok', text: 'a <!channel> & b' });
    expect(section!.text!.text).toBe('a &lt;!channel&gt; &amp; b');
  });

  it('renders an error as one warning line', () => {
    expect(renderSlackReply({ kind: 'error', text: 'no such run' })).toEqual({
      text: ':warning: no such run',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':warning: no such run' } }],
    });
  });
});

describe('renderSlackMessages', () => {
  const textOf = (m: { blocks: unknown[] }): string => JSON.stringify(m.blocks);

  it('keeps a reply that fits as one message', () => {
    const reply: Reply = { kind: 'ok', title: 'Runs', table: { columns: ['run'], rows: [['#1']] } };
    expect(renderSlackMessages(reply)).toEqual([renderSlackReply(reply)]);
  });

  it('carries a 200-row table whole across messages within Slack\'s limits, each part with the header', () => {
    const rows = Array.from({ length: 200 }, (_, i) => [`#${i + 1}`, 'completed', 'trend-following', 'SIM-A,SIM-B,SIM-C', '1d', 'backtest', '2024-01-02 12:00']);
    const messages = renderSlackMessages({ kind: 'ok', title: 'Runs (all)', text: 'every run', table: { columns: ['run', 'status', 'strategy', 'symbols', 'tf', 'mode', 'started'], rows } });
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.blocks.length).toBeLessThanOrEqual(BLOCKS_MAX);
      expect(blockTextLength(m.blocks)).toBeLessThanOrEqual(MESSAGE_TEXT_MAX);
    }
    const shown = messages.flatMap((m) => (m.blocks as AnyBlock[]).flatMap((b) => (b.text?.text.startsWith('```') === true ? b.text.text.slice(4, -4).split('\n') : [])));
    const rowLines = shown.filter((l) => l.startsWith('  #'));
    expect(rowLines.map((l) => l.trim().split(/\s+/)[0])).toEqual(rows.map((r) => r[0]));
    expect(messages.map((m) => (m.blocks as AnyBlock[]).some((b) => b.text?.text.startsWith('```\n  run ') === true))).toEqual(messages.map(() => true));
    expect(messages[0]!.text).toBe('Runs (all)\nevery run');
    expect(messages[1]!.text).toBe(`(continued, 2/${messages.length})`);
  });

  it('never drops fields or buttons past 50 blocks: they go on in the next message', () => {
    const fields = Array.from({ length: 600 }, (_, i) => ({ name: `f${i}`, value: String(i) }));
    const buttons = Array.from({ length: 30 }, (_, i) => ({ command: `/run show run:${i}`, label: `Show ${i}` }));
    const messages = renderSlackMessages({ kind: 'ok', title: 'Many', fields, buttons });
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.every((m) => m.blocks.length <= BLOCKS_MAX)).toBe(true);
    const all = messages.flatMap((m) => m.blocks as AnyBlock[]);
    expect(all.flatMap((b) => b.fields ?? []).map((f) => f.text)).toEqual(fields.map((f) => `*${f.name}*\n${f.value}`));
    expect(all.flatMap((b) => b.elements ?? []).map((e) => e['value'])).toEqual(buttons.map((b) => b.command));
  });

  it('says what it left out when a reply needs more than 5 messages', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [`#${i + 1}`, 'x'.repeat(40)]);
    const messages = renderSlackMessages({ kind: 'ok', title: 'Huge', table: { columns: ['run', 'note'], rows } });
    expect(messages).toHaveLength(5);
    const last = textOf(messages[4]!);
    const shown = messages.flatMap((m) => (m.blocks as AnyBlock[]).flatMap((b) => (b.text?.text.startsWith('```') === true ? b.text.text.split('\n').filter((l) => l.startsWith('  #')) : [])));
    expect(last).toContain(`not shown: ${3000 - shown.length} table rows (this reply would need more than 5 messages); narrow the command to see them.`);
    expect(shown.length).toBeGreaterThan(500);
  });
});
