import { tableLines } from '../../app/chat/text-table.js';
import type { Reply, ReplyTable } from '../../app/chat/reply.js';

/**
 * Renders a Reply as terminal text. Images are not drawn here: the desk saves them and passes their paths, which
 * are listed under the reply.
 */
export function renderReply(reply: Reply, imagePaths: readonly string[] = []): string {
  const lines: string[] = [];
  if (reply.kind === 'error') return `error: ${reply.text ?? reply.title ?? 'failed'}`;
  if (reply.title !== undefined) lines.push(`== ${reply.title} ==`);
  if (reply.text !== undefined) lines.push(reply.text);
  if (reply.fields !== undefined && reply.fields.length > 0) {
    const width = Math.max(...reply.fields.map((f) => f.name.length));
    for (const f of reply.fields) lines.push(`  ${f.name.padEnd(width)}  ${f.value}`);
  }
  if (reply.table !== undefined) lines.push(renderTable(reply.table));
  for (const p of imagePaths) lines.push(`chart: ${p}`);
  if (reply.buttons !== undefined && reply.buttons.length > 0) {
    // Numbered: on the console a button is chosen by typing its number (or its command).
    lines.push('actions (type the number to choose):');
    reply.buttons.forEach((b, i) => lines.push(`  ${i + 1}) ${b.label}: ${b.command}`));
  }
  return lines.join('\n');
}

/** The table as the console prints it, indented two spaces. */
export function renderTable(table: ReplyTable): string {
  return tableLines(table, { indent: '  ' }).join('\n');
}
