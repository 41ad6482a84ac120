import { quoteInput } from '../core/domain/quote-input.js';
import { fail, ok, type Result } from '../core/domain/result.js';

/** A `/command words name:value ...` line split into its words and raw option values. */
export interface ParsedLine {
  readonly words: readonly string[];
  readonly options: Readonly<Record<string, string>>;
}

/**
 * Splits a chat command line. Values with spaces are quoted: `reason:"market gap"`. Words come first (the command
 * name, e.g. `run start`), then `name:value` options; an option given twice is an error.
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

function tokenize(text: string): Result<string[]> {
  const tokens: string[] = [];
  let current = '';
  let quote: '"' | "'" | null = null;
  let inToken = false;
  for (const ch of text) {
    if (quote !== null) {
      if (ch === quote) quote = null;
      else current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inToken = true;
    } else if (/\s/.test(ch)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else {
      current += ch;
      inToken = true;
    }
  }
  if (quote !== null) return fail('command.syntax', `unclosed ${quote} quote`);
  if (inToken) tokens.push(current);
  return ok(tokens);
}
