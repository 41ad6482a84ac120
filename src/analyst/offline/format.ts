// Small text helpers shared by the offline answers.
import type { Failure } from '../../core/domain/result.js';
import type { Reply } from '../../app/chat/reply.js';

/** Integers as they are, other numbers to `digits` decimals; null as n/a. */
export const num = (v: number | null, digits = 2): string => (v === null ? 'n/a' : Number.isInteger(v) ? String(v) : v.toFixed(digits));

/** "a", "a and b", "a, b and c". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}

/** The honest footer of every tool-backed answer. */
export const toolsNote = (tools: readonly string[]): string =>
  `Offline analyst: answered with the MCP tool${tools.length === 1 ? '' : 's'} ${listOf(tools.map((t) => `\`${t}\``))}.`;

/** A tool's error (unknown run, unknown rule ...) is shown as the tool said it. */
export const errorReply = (failure: Failure): Reply => ({ kind: 'error', text: failure.message });

/** "2024-01-02T14:31:00.000Z" -> "14:31". */
export const hhmm = (isoTime: string): string => isoTime.slice(11, 16);

/** A measured value as the check saw it, without trailing zeros (12.5, not 12.50). */
const measured = (v: number | null): string => (v === null ? 'n/a' : String(Number(v.toFixed(4))));

/** "observed 12.5 vs limit 10", or '' when the check measured nothing. */
export const observedVsLimit = (observed: number | null, limit: number | null): string =>
  observed === null && limit === null ? '' : ` (observed ${measured(observed)} vs limit ${measured(limit)})`;
