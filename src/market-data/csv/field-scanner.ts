import { parseDecimal } from '../../core/domain/decimal.js';

const utf8 = new TextDecoder();

/** `bytes[start, end)` as text (UTF-8; invalid sequences read as U+FFFD, as when the whole file is decoded). */
export const textOf = (bytes: Uint8Array, start: number, end: number): string => utf8.decode(bytes.subarray(start, end));

/** Exact powers of ten (every one up to 1e22 is exactly representable as a double). */
const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);
const MAX_FAST_DIGITS = 15; // keeps the integer mantissa below 2^53, so it is exact
const COMMA = 44;

/**
 * Reads comma-separated fields of one CSV line in a single pass over its bytes (a field's bytes are ASCII, and no byte
 * of a multi-byte UTF-8 character is a comma, so fields split exactly as the decoded text would). After each call,
 * `end` is the index of the field's terminating ',' (or the line end); an instance per file avoids
 * allocating a result object per field.
 */
export class FieldScanner {
  end = 0;

  /** Skips a field. */
  skip(bytes: Uint8Array, start: number, lineEnd: number): void {
    let i = start;
    while (i < lineEnd && bytes[i] !== COMMA) i++;
    this.end = i;
  }

  /**
   * The number in the field at `start`, or NaN for an empty or non-numeric field. Plain decimals with up to
   * 15 digits (every price and volume in a Yahoo export) are parsed from the bytes: mantissa and 10^k
   * are exact doubles, so their quotient is correctly rounded and equals what `Number()` returns. Anything
   * else (exponents, spaces, long mantissas) falls back to `Number()` on the trimmed substring when it is a plain
   * decimal; junk, `0x10` and `Infinity` are NaN.
   */
  decimal(bytes: Uint8Array, start: number, lineEnd: number): number {
    let i = start;
    const negative = bytes[i] === 45; // '-': parsed so the caller can name the bad price
    if (negative) i++;
    let mantissa = 0;
    let digits = 0;
    let scale = -1; // digits after the '.', or -1 before one is seen
    let plain = true;
    for (; i < lineEnd; i++) {
      const c = bytes[i]!;
      if (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        if (scale >= 0) scale++;
      } else if (c === 46 && scale < 0) {
        scale = 0;
      } else if (c === COMMA) {
        break;
      } else {
        plain = false;
      }
    }
    this.end = i;
    if (!plain || digits === 0 || digits > MAX_FAST_DIGITS) {
      return parseDecimal(textOf(bytes, start, i));
    }
    const value = scale > 0 ? mantissa / POW10[scale]! : mantissa;
    return negative ? -value : value;
  }
}
