import { z } from 'zod';

/**
 * Option schemas for chat commands. Chat delivers every value as a string (`cash:5000`), so each helper coerces
 * and validates with a message that says what was expected. Each takes the description help shows.
 */
const numberText = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export const opt = {
  string: (description: string, { min = 1, max = 200 } = {}) =>
    z.string().trim().min(min, `expected at least ${min} character(s)`).max(max, `expected at most ${max} characters`).describe(description),

  int: (description: string, { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = {}) =>
    z.string().trim().regex(/^[+-]?\d+$/, 'expected a whole number').transform(Number)
      .pipe(z.number().int().min(min, `expected a whole number >= ${min}`).max(max, `expected a whole number <= ${max}`))
      .describe(description),

  number: (description: string, { gt = -Infinity, min = -Infinity, max = Infinity } = {}) =>
    z.string().trim().regex(numberText, 'expected a number').transform(Number)
      .pipe(z.number().gt(gt, `expected a number > ${gt}`).min(min, `expected a number >= ${min}`).max(max, `expected a number <= ${max}`))
      .describe(description),

  bool: (description: string) =>
    z.enum(['true', 'false', 'yes', 'no'], { error: 'expected true or false' }).transform((v) => v === 'true' || v === 'yes').describe(description),

  oneOf: <const T extends readonly [string, ...string[]]>(values: T, description: string) =>
    z.enum(values, { error: `expected one of ${values.join(', ')}` }).describe(description),

  symbols: (description: string) =>
    z.string().trim().transform((s) => s.split(',').map((x) => x.trim().toUpperCase()).filter((x) => x !== ''))
      .pipe(z.array(z.string().regex(/^[A-Z0-9.^/-]{1,12}$/, 'expected ticker symbols like AAPL,MSFT')).min(1, 'expected at least one symbol'))
      .describe(description),

  day: (description: string) =>
    z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
      .refine((s) => {
        const ms = Date.parse(`${s}T00:00:00Z`);
        return Number.isFinite(ms) && new Date(ms).toISOString().startsWith(s);
      }, 'expected a real calendar date (YYYY-MM-DD)')
      .describe(description),

  /** `k=v,k2=v2` pairs (strategy params). */
  pairs: (description: string) =>
    z.string().trim().transform((s, ctx) => {
      const out: Record<string, string> = {};
      for (const part of s.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
        const eq = part.indexOf('=');
        if (eq <= 0) {
          ctx.addIssue({ code: 'custom', message: `expected key=value pairs separated by commas, got '${part}'` });
          return z.NEVER;
        }
        out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
      }
      return out;
    }).describe(description),
};
