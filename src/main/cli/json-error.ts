/**
 * Where a JSON text first goes wrong, as `line L, column C (unexpected 'x')`. JSON.parse in Node 20+ often says only
 * `Unexpected token 'x', "...<snippet spanning lines>..." is not valid JSON`, with no position and with raw newlines
 * that would break a one-line CLI error, so the CLI locates the error itself with this small scanner.
 */
export function describeJsonError(text: string): string | null {
  const at = firstJsonErrorOffset(text);
  if (at === null) return null;
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  const ch = text[at];
  const what = ch === undefined ? 'unexpected end of input'
    : ch >= ' ' && ch !== '\u007f' ? `unexpected '${ch}'`
      : `unexpected U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return `line ${line}, column ${column} (${what})`;
}

/** Offset of the first character that cannot continue a valid JSON text (text.length at a premature end); null if valid. */
export function firstJsonErrorOffset(text: string): number | null {
  let i = 0;
  const n = text.length;

  const skipSpace = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const literal = (word: string): boolean => {
    for (let k = 0; k < word.length; k++, i++) if (text[i] !== word[k]) return false;
    return true;
  };
  const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
  const digits = (): boolean => {
    if (!isDigit(text[i])) return false;
    while (isDigit(text[i])) i++;
    return true;
  };
  // Stops on the character where a digit was needed ("1." and "-" fail after the dot / minus, as JSON.parse says).
  const number = (): boolean => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else if (!digits()) return false;
    if (text[i] === '.') {
      i++;
      if (!digits()) return false;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!digits()) return false;
    }
    return true;
  };
  const string = (): boolean => {
    i++; // opening quote
    while (i < n) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return true;
      }
      if (c < ' ') return false;
      if (c !== '\\') {
        i++;
        continue;
      }
      i++;
      const e = text[i];
      if (e !== undefined && '"\\/bfnrt'.includes(e)) {
        i++;
      } else if (e === 'u') {
        i++;
        for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(text[i] ?? '')) return false;
      } else {
        return false;
      }
    }
    return false;
  };
  const container = (close: '}' | ']'): boolean => {
    i++; // opening bracket
    skipSpace();
    if (text[i] === close) {
      i++;
      return true;
    }
    for (;;) {
      if (close === '}') {
        skipSpace();
        if (text[i] !== '"' || !string()) return false;
        skipSpace();
        if (text[i] !== ':') return false;
        i++;
      }
      if (!value()) return false;
      skipSpace();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === close) {
        i++;
        return true;
      }
      return false;
    }
  };
  function value(): boolean {
    skipSpace();
    const c = text[i];
    if (c === '{') return container('}');
    if (c === '[') return container(']');
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || isDigit(c)) return number();
    return false;
  }

  if (!value()) return Math.min(i, n);
  skipSpace();
  return i === n ? null : i;
}
