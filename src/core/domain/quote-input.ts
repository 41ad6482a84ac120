// Outside input echoed in an error line is quoted through here: at most LIMITS.echoChars characters (the rest is cut,
// with a marker saying how much), and control characters escaped, so a 50 MB CSV header or an ANSI escape sequence in
// a symbol never reaches a terminal or a log as it came.
import { LIMITS } from '../limits.js';

// C0 controls, DEL, C1 controls, the line/paragraph separators and the bidirectional overrides that reorder text.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
// The same without newline and tab: for whole messages of several lines (usage texts), not for echoed input.
const UNSAFE_IN_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  return NAMED[ch] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** The first `max` characters, escaped, and the marker for what was cut ('' when nothing was). */
function clip(text: string, max: number, unsafe: RegExp = UNSAFE): { shown: string; marker: string } {
  if (text.length <= max) return { shown: text.replace(unsafe, escapeChar), marker: '' };
  // Never split a surrogate pair: cut before a high surrogate whose low half would be left out.
  const code = text.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return { shown: text.slice(0, end).replace(unsafe, escapeChar), marker: `… (+${(text.length - end).toLocaleString('en-US')} characters)` };
}

/**
 * A whole message for a terminal or a log, as a last line of defence behind quoteInput: newlines and tabs kept,
 * every other control character escaped, cut after `max` characters.
 */
export function safeMessage(text: string, max: number): string {
  const { shown, marker } = clip(text, max, UNSAFE_IN_LINES);
  return shown + marker;
}

/** `text` with control characters escaped and cut after `max` characters: `abc… (+1,234 characters)`. */
export function safeText(text: string, max: number = LIMITS.echoChars): string {
  const { shown, marker } = clip(text, max);
  return shown + marker;
}

/** Outside input for an error line: strings quoted (`'SIM-A'`), anything else as JSON, both through `safeText`. */
export function quoteInput(raw: unknown, max: number = LIMITS.echoChars): string {
  if (typeof raw === 'string') {
    const { shown, marker } = clip(raw, max);
    return `'${shown}'${marker}`;
  }
  if (raw === null || typeof raw === 'object') {
    let json: string | undefined;
    try {
      json = JSON.stringify(raw);
    } catch {
      json = undefined; // a cycle or a BigInt inside
    }
    return safeText(json ?? String(raw), max);
  }
  return safeText(String(raw), max); // NaN stays NaN, not JSON's null
}
