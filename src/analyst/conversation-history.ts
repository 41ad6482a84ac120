// Earlier turns as the Messages API sees them: plain user/assistant text. Old tool_use/tool_result blocks are not
// replayed (their ids and results would have to travel as a valid pair); the assistant's text instead starts with
// a short note of the calls it made, so Claude knows what it looked at and can call again for fresh numbers.
import type Anthropic from '@anthropic-ai/sdk';
import { estimateTokens } from '../app/chat/conversations.js';
import { type PriorTurn, type ToolCallNote } from '../app/chat/ports.js';

const MAX_NOTE_CALLS = 8;
const MAX_INPUT_CHARS = 80;

export function historyMessages(turns: readonly PriorTurn[]): Anthropic.MessageParam[] {
  return turns.flatMap((t): Anthropic.MessageParam[] => [
    { role: 'user', content: t.question },
    { role: 'assistant', content: withToolNote(t.toolCalls, t.answer) },
  ]);
}

/** The answer as replayed later: the note of its tool calls first (if any), then its text. */
export function withToolNote(calls: readonly ToolCallNote[], answer: string): string {
  const note = toolNote(calls);
  return note === '' ? answer : `${note}\n${answer}`;
}

/** `[earlier I called get_run {run:2}, get_trades {run:2,side:"long"}]`, or '' without calls. */
export function toolNote(calls: readonly ToolCallNote[]): string {
  if (calls.length === 0) return '';
  const shown = calls.slice(0, MAX_NOTE_CALLS).map((c) => `${c.name} ${compactInput(c.input)}${c.isError ? ' (failed)' : ''}`);
  const more = calls.length > MAX_NOTE_CALLS ? ` and ${calls.length - MAX_NOTE_CALLS} more` : '';
  return `[earlier I called ${shown.join(', ')}${more}]`;
}

/** Tokens the stored question and answer cost when replayed (the answer with its note). */
export function turnTokens(question: string, calls: readonly ToolCallNote[], answer: string): { question: number; answer: number } {
  return { question: estimateTokens(question), answer: estimateTokens(withToolNote(calls, answer)) };
}

/** `{run:2,side:"long"}`: JSON with bare keys where they are identifiers, cut to a short line. */
function compactInput(input: unknown): string {
  let text: string;
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    const parts = Object.entries(input).map(([k, v]) => `${/^[A-Za-z_][\w]*$/.test(k) ? k : JSON.stringify(k)}:${json(v)}`);
    text = `{${parts.join(',')}}`;
  } else {
    text = json(input);
  }
  return text.length <= MAX_INPUT_CHARS ? text : `${text.slice(0, MAX_INPUT_CHARS - 1)}…`;
}

function json(v: unknown): string {
  try {
    return JSON.stringify(v) ?? 'null';
  } catch {
    return '?';
  }
}
