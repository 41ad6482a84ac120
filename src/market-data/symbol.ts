import { quoteInput } from '../core/domain/quote-input.js';
import { fail, ok, type Result } from '../core/domain/result.js';

const SYMBOL_PATTERN = /^[A-Z0-9.\-^/]{1,12}$/;

/** Trims and upper-cases a ticker; 1-12 characters of A-Z 0-9 . - ^ / (BRK.B, BF-B, ^GSPC, BTC/USD). */
export function normalizeSymbol(raw: string): Result<string> {
  const symbol = raw.trim().toUpperCase();
  if (!SYMBOL_PATTERN.test(symbol)) {
    return fail('data.symbol', `${quoteInput(raw)} is not a symbol (1-12 characters: A-Z 0-9 . - ^ /)`, { symbol: raw });
  }
  return ok(symbol);
}
