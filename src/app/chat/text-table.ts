/**
 * The one text-table renderer every chat adapter uses: columns padded to their widest cell (right-aligned where the
 * table says), a dashed rule under the header, trailing spaces trimmed. The console prints it, Slack and Discord put
 * it in a code block.
 */
import type { ReplyTable } from './reply.js';

/** The table's lines; `maxRows` cuts it (with a "N more rows" line), `indent` prefixes each line. */
export function tableLines(table: ReplyTable, options: { readonly maxRows?: number; readonly indent?: string } = {}): string[] {
  const rows = table.rows.slice(0, options.maxRows ?? table.rows.length);
  const widths = table.columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const right = new Set(table.alignRight ?? []);
  const indent = options.indent ?? '';
  const line = (cells: readonly string[]): string =>
    `${indent}${widths.map((w, i) => (right.has(i) ? (cells[i] ?? '').padStart(w) : (cells[i] ?? '').padEnd(w))).join('  ')}`.trimEnd();
  const cut = table.rows.length - rows.length;
  return [line(table.columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ...(cut > 0 ? [`… ${cut} more row${cut === 1 ? '' : 's'}`] : [])];
}
