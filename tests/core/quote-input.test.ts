import { describe, expect, it } from 'vitest';
import { quoteInput, safeText } from '../../src/core/domain/quote-input.js';
import { LIMITS } from '../../src/core/limits.js';

describe('quoteInput', () => {
  it.each([
    ['SIM-A', "'SIM-A'"],
    ['a\nb\tc\r', "'a\\nb\\tc\\r'"],
    ['\u001b[31mred\u001b[0m', "'\\x1b[31mred\\x1b[0m'"],
    ['\u0007bell\u007f\u009b', "'\\x07bell\\x7f\\x9b'"],
    ['rtl\u202eevil\u2028', "'rtl\\u202eevil\\u2028'"],
    [42, '42'],
    [Number.NaN, 'NaN'],
    [{ a: 1 }, '{"a":1}'],
    [null, 'null'],
    [undefined, 'undefined'],
  ])('quotes %j as %s', (raw, shown) => {
    expect(quoteInput(raw)).toBe(shown);
  });

  it('echoes at most LIMITS.echoChars characters and says how many were cut', () => {
    const shown = quoteInput('x'.repeat(52_000_000));
    expect(shown).toBe(`'${'x'.repeat(LIMITS.echoChars)}'… (+51,999,800 characters)`);
  });

  it('never splits a surrogate pair and escapes within the cut', () => {
    const text = `${'a'.repeat(9)}😀tail`;
    expect(safeText(text, 10)).toBe(`${'a'.repeat(9)}… (+6 characters)`);
    expect(safeText('\u001b'.repeat(50), 3)).toBe('\\x1b\\x1b\\x1b… (+47 characters)');
  });
});
