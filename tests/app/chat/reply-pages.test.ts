import { describe, expect, it } from 'vitest';
import { pageReply, type PageLimits } from '../../../src/app/chat/reply-pages.js';
import type { Reply } from '../../../src/app/chat/reply.js';

/** A toy platform: a message holds 100 characters of text + table cells + field values, and 3 buttons. */
const size = (r: Reply): number =>
  (r.title?.length ?? 0) + (r.text?.length ?? 0) + (r.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  + (r.table === undefined ? 0 : [r.table.columns, ...r.table.rows].reduce((n, row) => n + row.join(' ').length + 1, 0));
const TOY: PageLimits = {
  textChars: 60, fieldValueChars: 30, titleChars: 20, maxPages: 4,
  fits: (r) => size(r) <= 100 && (r.buttons?.length ?? 0) <= 3,
};

describe('pageReply', () => {
  it('returns a reply that fits as it is', () => {
    const reply: Reply = { kind: 'ok', title: 'Runs', text: 'two', table: { columns: ['run'], rows: [['#1'], ['#2']] } };
    expect(pageReply(reply, TOY)).toEqual([reply]);
  });

  it('fills each page as far as it goes, in reading order, the table header on every page', () => {
    const rows = Array.from({ length: 30 }, (_, i) => [`#${i + 1}`, 'ok']);
    const pages = pageReply({ kind: 'ok', title: 'Runs', text: 'All runs.', table: { columns: ['run', 'st'], rows, alignRight: [1] } }, TOY);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]).toMatchObject({ title: 'Runs', text: 'All runs.' });
    expect(pages.flatMap((p) => p.table!.rows)).toEqual(rows);
    for (const p of pages) {
      expect(TOY.fits(p)).toBe(true);
      expect(p.table).toMatchObject({ columns: ['run', 'st'], alignRight: [1] });
    }
    for (const [i, p] of pages.slice(0, -1).entries()) expect(TOY.fits({ ...p, table: { ...p.table!, rows: [...p.table!.rows, rows[0]!] } }), `page ${i}`).toBe(false);
  });

  it('keeps a table with no rows (its header), a long title (moved into the text) and a long field (continued)', () => {
    const pages = pageReply({
      kind: 'error', title: 'A title far longer than twenty', text: 'x'.repeat(50), fields: [{ name: 'f', value: 'y'.repeat(70) }],
      table: { columns: ['nothing', 'yet'], rows: [] },
    }, TOY);
    expect(pages.every((p) => p.kind === 'error' && p.title === undefined)).toBe(true);
    expect(pages.flatMap((p) => p.text ?? []).join('\n')).toBe(`A title far longer than twenty\n${'x'.repeat(50)}`);
    expect(pages.flatMap((p) => p.fields ?? []).map((f) => f.name)).toEqual(['f', 'f (cont.)', 'f (cont.)']);
    expect(pages.flatMap((p) => p.fields ?? []).map((f) => f.value).join('')).toBe('y'.repeat(70));
    expect(pages.at(-1)!.table).toEqual({ columns: ['nothing', 'yet'], rows: [] });
  });

  it('puts buttons past a message\'s limit in the next one', () => {
    const buttons = Array.from({ length: 7 }, (_, i) => ({ command: `/run show run:${i}`, label: `${i}` }));
    const pages = pageReply({ kind: 'ok', text: 'pick one', buttons }, TOY);
    expect(pages.map((p) => p.buttons?.length)).toEqual([3, 3, 1]);
    expect(pages.flatMap((p) => p.buttons ?? [])).toEqual(buttons);
  });

  it('past the page limit, ends the last page with what it left out, giving up rows to make room for the line', () => {
    const rows = Array.from({ length: 400 }, (_, i) => [`#${i + 1}`]);
    const pages = pageReply({ kind: 'ok', table: { columns: ['run'], rows }, buttons: [{ command: '/runs', label: 'more' }] }, { ...TOY, textChars: 200, fits: (r) => size(r) <= 300 });
    expect(pages).toHaveLength(4);
    const shown = pages.flatMap((p) => p.table?.rows ?? []).length;
    expect(pages[3]!.text).toBe(`… not shown: ${400 - shown} table rows and 1 button (this reply would need more than 4 messages); narrow the command to see them.`);
    expect(pages.every((p) => size(p) <= 300)).toBe(true);
    expect(pages.flatMap((p) => p.table?.rows ?? [])).toEqual(rows.slice(0, shown));
  });
});
