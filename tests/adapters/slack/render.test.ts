import { describe, expect, it } from 'vitest';
import { codeBlock, renderSlackReply, SECTION_TEXT_MAX } from '../../../src/adapters/slack/render.js';
import type { Reply } from '../../../src/app/reply.js';

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

  it('keeps a long table inside one section by dropping whole rows and saying how many', () => {
    const rows = Array.from({ length: 400 }, (_, i) => [`#${i}`, 'running', 'mean-reversion']);
    const text = codeBlock(`header\n${rows.map((r) => r.join('  ')).join('\n')}`);
    expect(text.length).toBeLessThanOrEqual(SECTION_TEXT_MAX);
    expect(text.startsWith('```\nheader\n#0  running')).toBe(true);
    expect(text).toMatch(/\n… \d+ more lines\n```$/);
    const kept = text.split('\n').filter((l) => l.startsWith('#'));
    expect(kept.every((l) => l.endsWith('mean-reversion'))).toBe(true);
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
