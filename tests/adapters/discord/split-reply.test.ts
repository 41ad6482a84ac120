import { describe, expect, it } from 'vitest';
import { tableBlock } from '../../../src/adapters/discord/render.js';
import { chunkText, splitReply } from '../../../src/adapters/discord/split-reply.js';
import type { Reply } from '../../../src/app/chat/reply.js';

const words = (n: number): string => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

describe('splitReply', () => {
  it.each([
    { why: 'a short reply', reply: { kind: 'ok', title: 'T', text: 'hello' } },
    { why: 'text filling one description (4096)', reply: { kind: 'ok', text: 'x'.repeat(4096) } },
    { why: 'text and fields within 6000 together', reply: { kind: 'ok', text: 'x'.repeat(3000), fields: [{ name: 'f', value: 'v'.repeat(1000) }] } },
  ] satisfies { why: string; reply: Reply }[])('keeps $why as one message, unchanged', ({ reply }) => {
    expect(splitReply(reply)).toEqual([reply]);
  });

  it('cuts long text into parts under the description limit, title first, the buttons with the last part', () => {
    const buttons = [{ command: '/run show run:1', label: 'Show' }];
    const parts = splitReply({ kind: 'ok', title: 'Answer', text: words(2000), buttons });
    expect(parts.length).toBeGreaterThan(2);
    expect(parts[0]?.title).toBe('Answer');
    expect(parts.slice(1).every((p) => p.title === undefined)).toBe(true);
    expect(parts.at(-1)?.buttons).toEqual(buttons);
    expect(parts.slice(0, -1).every((p) => p.buttons === undefined)).toBe(true);
    const texts = parts.map((p) => p.text ?? '');
    expect(texts.every((t) => t.length <= 4096)).toBe(true);
    expect(texts.join(' ')).toBe(words(2000));
  });

  it('stops after the part limit and says what it left out', () => {
    const parts = splitReply({ kind: 'ok', text: 'y '.repeat(30_000) }, 3);
    expect(parts).toHaveLength(3);
    expect(parts[2]?.text).toMatch(/… not shown: the rest of the text \(this reply would need more than 3 messages\); narrow the command to see them\.$/);
    expect(parts.every((p) => (p.text ?? '').length <= 4096)).toBe(true);
  });

  it('carries a 200-row table whole, each part with the header and as many rows as fit, the text with the first', () => {
    const rows = Array.from({ length: 200 }, (_, i) => [`#${i + 1}`, 'completed', 'trend-following', 'SIM-A,SIM-B,SIM-C', 'backtest']);
    const table = { columns: ['run', 'status', 'strategy', 'symbols', 'mode'], rows };
    const parts = splitReply({ kind: 'ok', title: 'Runs (all)', text: 'every run', table });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0]).toMatchObject({ title: 'Runs (all)', text: 'every run' });
    expect(parts.flatMap((p) => p.table?.rows ?? [])).toEqual(rows);
    expect(parts.every((p) => p.table?.columns === table.columns)).toBe(true);
    for (const p of parts) expect(tableBlock(p.table!).length + (p.text?.length ?? 0)).toBeLessThanOrEqual(4096);
    // Filled: every part but the last would overflow with one more row.
    for (const p of parts.slice(0, -1)) expect(tableBlock({ ...p.table!, rows: [...p.table!.rows, rows[0]!] }).length + (p.text === undefined ? 0 : p.text.length + 1)).toBeGreaterThan(4096);
  });

  it('keeps every field, image and button: more than 25 fields, 10 images or 25 buttons go on in the next message', () => {
    const fields = Array.from({ length: 60 }, (_, i) => ({ name: `f${i}`, value: 'v'.repeat(i === 7 ? 2500 : 10) }));
    const images = Array.from({ length: 12 }, (_, i) => ({ filename: `c${i}.png`, png: new Uint8Array([i]), alt: `chart ${i}` }));
    const buttons = Array.from({ length: 30 }, (_, i) => ({ command: `/run show run:${i}`, label: `Show ${i}` }));
    const parts = splitReply({ kind: 'ok', title: 'Many', fields, images, buttons });
    for (const p of parts) {
      expect(p.fields?.length ?? 0).toBeLessThanOrEqual(25);
      expect(p.images?.length ?? 0).toBeLessThanOrEqual(10);
      expect(p.buttons?.length ?? 0).toBeLessThanOrEqual(25);
      expect((p.fields ?? []).every((f) => f.value.length <= 1024)).toBe(true);
    }
    const shown = parts.flatMap((p) => p.fields ?? []);
    expect(shown.filter((f) => f.name.startsWith('f7')).map((f) => f.value).join('')).toBe('v'.repeat(2500));
    expect(shown.filter((f) => f.name === 'f7 (cont.)').length).toBeGreaterThan(0);
    expect(shown.filter((f) => !f.name.startsWith('f7')).map((f) => f.name)).toEqual(fields.filter((_, i) => i !== 7).map((f) => f.name));
    expect(parts.flatMap((p) => p.images ?? [])).toEqual(images);
    expect(parts.flatMap((p) => p.buttons ?? [])).toEqual(buttons);
  });

  it('moves a title too long for an embed title into the text, whole', () => {
    const title = `Run #3: ${'SIM-'.repeat(80)}`;
    const parts = splitReply({ kind: 'ok', title, text: 'details' });
    expect(parts).toEqual([{ kind: 'ok', text: `${title}\ndetails` }]);
  });
});

describe('chunkText', () => {
  it('prefers paragraph breaks, then line breaks, then spaces', () => {
    expect(chunkText('aaaa bbbb\n\ncccc', 12)).toEqual(['aaaa bbbb', 'cccc']);
    expect(chunkText('aaaa bbbb\ncccc', 12)).toEqual(['aaaa bbbb', 'cccc']);
    expect(chunkText('aaaa bbbb cccc', 12)).toEqual(['aaaa bbbb', 'cccc']);
  });

  it('closes a code block cut in two and reopens it in the next part', () => {
    const text = `intro\n\`\`\`\n${Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n')}\n\`\`\`\nafter`;
    const parts = chunkText(text, 120);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(120);
      expect(p.split('```').length % 2).toBe(1); // every part has balanced fences
    }
  });

  it('never splits a surrogate pair when it must cut inside a word', () => {
    const parts = chunkText('😀'.repeat(20), 9);
    expect(parts.join('')).toBe('😀'.repeat(20));
    expect(parts.every((p) => !/[\ud800-\udbff]$/.test(p))).toBe(true);
  });
});
