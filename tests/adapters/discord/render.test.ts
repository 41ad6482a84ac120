import { describe, expect, it } from 'vitest';
import { createButtonIds } from '../../../src/adapters/discord/button-ids.js';
import { EMBED_LIMITS, clipText } from '../../../src/adapters/discord/embed-limits.js';
import { renderDiscordReply, replyOptions } from '../../../src/adapters/discord/render.js';
import type { Reply } from '../../../src/app/chat/reply.js';

const embedSize = (e: { title?: string; description?: string; fields?: { name: string; value: string }[] }): number =>
  (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

describe('renderDiscordReply', () => {
  it('renders title, text, fields and the table as a code block in one embed', () => {
    const m = renderDiscordReply({
      kind: 'ok', title: 'Runs', text: 'two runs', fields: [{ name: 'Cash', value: '$1', inline: true }],
      table: { columns: ['run', 'equity'], rows: [['#1', '10'], ['#2', '200']], alignRight: [1] },
    }, createButtonIds());
    expect(m.ephemeral).toBe(false);
    expect(m.embeds).toHaveLength(1);
    expect(m.embeds[0]).toMatchObject({ title: 'Runs', fields: [{ name: 'Cash', value: '$1', inline: true }] });
    expect(m.embeds[0]?.description).toBe('two runs\n```\nrun  equity\n---  ------\n#1       10\n#2      200\n```');
  });

  it('makes error replies ephemeral (flags 64)', () => {
    const m = renderDiscordReply({ kind: 'error', text: 'nope' }, createButtonIds());
    expect(m.ephemeral).toBe(true);
    expect(replyOptions(m).flags).toBe(64);
    expect(m.embeds[0]?.description).toBe('nope');
  });

  it('keeps a huge reply inside Discord limits, cutting table rows before text and noting how many were cut', () => {
    const reply: Reply = {
      kind: 'ok', title: 't'.repeat(300), text: 'summary',
      fields: Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, value: 'v'.repeat(2000) })),
      table: { columns: ['a', 'b'], rows: Array.from({ length: 2000 }, (_, i) => [String(i), 'x'.repeat(20)]) },
    };
    const e = renderDiscordReply(reply, createButtonIds()).embeds[0]!;
    expect(e.title?.length).toBeLessThanOrEqual(EMBED_LIMITS.title);
    expect(e.description?.length).toBeLessThanOrEqual(EMBED_LIMITS.description);
    expect(e.description).toMatch(/^summary\n```\n/);
    expect(e.description).toMatch(/more rows\n```$/);
    expect(e.fields?.length).toBeLessThanOrEqual(EMBED_LIMITS.fields);
    for (const f of e.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldValue);
    expect(embedSize(e)).toBeLessThanOrEqual(EMBED_LIMITS.total);
  });

  it('attaches images as files, the first also as the embed image', () => {
    const png = Uint8Array.from([1, 2, 3]);
    const m = renderDiscordReply({
      kind: 'ok', images: [{ filename: 'charts/equity curve.png', png, alt: 'equity' }, { filename: 'equity curve.png', png, alt: '' }],
    }, createButtonIds());
    expect(m.files.map((f) => f.name)).toEqual(['equity_curve.png', '2-equity_curve.png']);
    expect(m.embeds[0]?.image?.url).toBe('attachment://equity_curve.png');
  });

  it('puts buttons in rows of at most 5, with the command line as custom_id or a short id for long lines', () => {
    const ids = createButtonIds();
    const long = `/run stop run:3 reason:${'x'.repeat(120)}`;
    const buttons = [...Array.from({ length: 6 }, (_, i) => ({ command: `/run stop run:${i}`, label: `Stop ${i}` })),
      { command: long, label: 'long', style: 'danger' as const }];
    const m = renderDiscordReply({ kind: 'ok', text: 'x', buttons }, ids);
    expect(m.components.map((r) => r.components.length)).toEqual([5, 2]);
    const first = m.components[0]?.components[0] as { custom_id: string; style: number };
    expect(first).toMatchObject({ custom_id: '/run stop run:0', style: 2 });
    const last = m.components[1]?.components[1] as { custom_id: string; style: number };
    expect(last.custom_id.length).toBeLessThanOrEqual(100);
    expect(last.style).toBe(4);
    expect(ids.lineFor(last.custom_id)).toBe(long);
    expect(ids.lineFor('/run stop run:0')).toBe('/run stop run:0');
  });
});

describe('clipText', () => {
  it.each([
    { text: 'abc', max: 3, want: 'abc' },
    { text: 'abcd', max: 3, want: 'ab…' },
    { text: 'a😀b', max: 3, want: 'a…' },
  ])('clips $text to $max units as $want without splitting surrogate pairs', ({ text, max, want }) => {
    expect(clipText(text, max)).toBe(want);
  });
});
