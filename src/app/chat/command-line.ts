import { quoteInput } from '../../core/domain/quote-input.js';
import { fail, ok, type Result } from '../../core/domain/result.js';

/** A `/command words name:value ...` line split into its words and raw option values. */
export interface ParsedLine {
  readonly words: readonly string[];
  readonly options: Readonly<Record<string, string>>;
}

/**
 * Splits a chat command line. Words come first (the command name, e.g. `run start`), then `name:value` options; an
 * option given twice is an error. Values with spaces are quoted: `reason:"market gap"` (straight or curly quotes);
 * a value that starts with `{` or `[` runs to its matching bracket, so JSON arrives as typed: `params:{"pct":8}`.
 */
export function parseCommandLine(line: string): Result<ParsedLine> {
  const trimmed = line.trim();
  if (!trimmed.startsWith('/')) return fail('command.syntax', 'commands start with /, e.g. /help');
  const tokens = tokenize(trimmed.slice(1));
  if (!tokens.ok) return tokens;
  const words: string[] = [];
  const options: Record<string, string> = {};
  for (const token of tokens.value) {
    const colon = token.indexOf(':');
    if (colon < 0) {
      if (Object.keys(options).length > 0) return fail('command.syntax', `${quoteInput(token)} is not an option: write name:value`);
      words.push(token.toLowerCase());
      continue;
    }
    const name = token.slice(0, colon).trim().toLowerCase();
    if (name === '') return fail('command.syntax', `${quoteInput(token)} has no option name before the colon`);
    if (Object.hasOwn(options, name)) return fail('command.syntax', `option ${quoteInput(name)} is given twice`);
    options[name] = token.slice(colon + 1);
  }
  if (words.length === 0) return fail('command.syntax', 'no command after /; try /help');
  return ok({ words, options });
}

/** Quote pairs that may open a quoted word or value: phones and some desktops type curly ones. */
const CLOSING_QUOTE: Readonly<Record<string, string>> = { '"': '"', "'": "'", '\u201c': '\u201d', '\u2018': '\u2019' };

/**
 * Tokens are separated by whitespace. A quote opens a quoted stretch only where a word or an option's value begins
 * (elsewhere it is a plain character: `don't`, `{"pct":8}`); the quotes themselves are dropped. A value beginning
 * with `{` or `[` is kept whole up to its matching bracket, spaces and quotes included.
 */
function tokenize(text: string): Result<string[]> {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i]!)) {
      i += 1;
      continue;
    }
    let token = '';
    let valueStart = false;
    let begins = true;
    while (i < text.length && !/\s/.test(text[i]!)) {
      const ch = text[i]!;
      const close = CLOSING_QUOTE[ch];
      if (begins && close !== undefined) {
        const end = text.indexOf(close, i + 1);
        if (end < 0) return fail('command.syntax', `unclosed ${ch} quote`);
        token += text.slice(i + 1, end);
        i = end + 1;
      } else if (valueStart && (ch === '{' || ch === '[')) {
        const end = matchingBracket(text, i);
        if (end < 0) return fail('command.syntax', `option ${quoteInput(token.slice(0, -1))}: unclosed ${ch} (JSON values run to their matching ${ch === '{' ? '}' : ']'})`);
        token += text.slice(i, end + 1);
        i = end + 1;
      } else {
        token += ch;
        i += 1;
      }
      // A value begins right after the first colon of a token (name:value); `at:09:30` has one value.
      valueStart = ch === ':' && token.indexOf(':') === token.length - 1;
      begins = valueStart;
    }
    tokens.push(token);
  }
  return ok(tokens);
}

/** Index of the bracket closing the one at `start`, skipping brackets inside JSON strings; -1 when it never closes. */
function matchingBracket(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
    } else if (ch === '{' || ch === '[') {
      depth += 1;
    } else if (ch === '}' || ch === ']') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}
