import { describe, expect, it } from 'vitest';
import { chunkText, splitReply } from '../../../src/adapters/discord/split-reply.js';
import type { Reply } from '../../../src/app/reply.js';

const words = (n: number): string => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

describe('splitReply', () => {
  it.each([
    { why: 'a short reply', reply: { kind: 'ok', title: 'T', text: 'hello' } },
    { why: 'text filling one description (4096)', reply: { kind: 'ok', text: 'x'.repeat(4096) } },
    { why: 'text and fields within 6000 together', reply: { kind: 'ok', text: 'x'.repeat(3000), fields: [{ name: 'f', value: 'v'.repeat(1000) }] } },
  ] satisfies { why: string; reply: Reply }[])('keeps $why as one message, unchanged', ({ reply }) => {
    expect(splitReply(reply)).toEqual([reply]);
  });

  it('cuts long text into parts under the description limit, title first, extras in a last part of their own', () => {
    const buttons = [{ command: '/run show run:1', label: 'Show' }];
    const parts = splitReply({ kind: 'ok', title: 'Answer', text: words(2000), buttons });
    expect(parts.length).toBeGreaterThan(2);
    expect(parts[0]?.title).toBe('Answer');
    expect(parts.slice(1).every((p) => p.title === undefined)).toBe(true);
    expect(parts.at(-1)).toEqual({ kind: 'ok', buttons });
    const texts = parts.slice(0, -1).map((p) => p.text ?? '');
    expect(texts.every((t) => t.length <= 4096)).toBe(true);
    expect(texts.join(' ')).toBe(words(2000));
  });

  it('stops after the part limit and says the answer was cut', () => {
    const parts = splitReply({ kind: 'ok', text: 'y '.repeat(30_000) }, 3);
    expect(parts).toHaveLength(3);
    expect(parts[2]?.text).toMatch(/cut: the answer was too long\)$/);
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
