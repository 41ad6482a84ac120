import { z } from 'zod';
import { LIMITS, showLimit } from '../../core/limits.js';
import { isParamName, PARAM_NAME_RULE } from '../../core/strategies/params.js';
import { DECIMAL_TEXT } from '../../core/domain/decimal.js';
import { quoteInput } from '../../core/domain/quote-input.js';

/**
 * Option schemas for chat commands. Chat delivers every value as a string (`cash:5000`), so each helper coerces
 * and validates with a message that says what was expected. Each takes the description help shows. Every helper is
 * bounded (LIMITS): text by length, numbers by range, lists by count, dates by year.
 */

/** A real YYYY-MM-DD calendar date within the accepted years. */
export function isAcceptedDay(s: string): boolean {
  const year = Number(s.slice(0, 4));
  if (!(year >= LIMITS.minYear && year <= LIMITS.maxYear)) return false;
  const ms = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().startsWith(s);
}

export type PairsSplit =
  | { readonly ok: true; readonly pairs: ReadonlyMap<string, string> }
  | { readonly ok: false; readonly problem: 'no_key'; readonly item: string }
  | { readonly ok: false; readonly problem: 'twice'; readonly key: string };

/**
 * `k=v,k2=v2` as people type it in chat: a comma item without `=` continues the value before it, so a list reads
 * as typed (`symbols=AAPL,MSFT`, `lookbacks=21,63,126`). Keys and values are trimmed text; each key once.
 */
export function splitPairs(text: string): PairsSplit {
  const pairs = new Map<string, string>();
  let last: string | undefined;
  for (const item of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const eq = item.indexOf('=');
    if (eq < 0 && last !== undefined) {
      pairs.set(last, `${pairs.get(last)!},${item}`);
      continue;
    }
    const key = eq <= 0 ? '' : item.slice(0, eq).trim();
    if (key === '') return { ok: false, problem: 'no_key', item };
    if (pairs.has(key)) return { ok: false, problem: 'twice', key };
    pairs.set(key, item.slice(eq + 1).trim());
    last = key;
  }
  return { ok: true, pairs };
}

// C0 controls and DEL, what a terminal acts on (ESC starts an ANSI sequence); tab and line breaks a pasted question may hold stay.
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

export const opt = {
  /** Text that is stored and shown again (reasons, names, questions): bounded, and never a terminal escape. */
  string: (description: string, { min = 1, max = LIMITS.textLength }: { min?: number; max?: number } = {}) =>
    z.string().trim().min(min, `expected at least ${min} character(s)`).max(max, `expected at most ${max} characters`)
      .regex(NO_CONTROL_CHARACTERS, 'expected text without control characters').describe(description),

  int: (description: string, { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = {}) =>
    z.string().trim().regex(/^[+-]?\d+$/, 'expected a whole number').transform(Number)
      .pipe(z.number().int().min(min, `expected a whole number >= ${min}`).max(max, `expected a whole number <= ${max}`))
      .describe(description),

  number: (description: string, { gt = -Infinity, min = -Infinity, max = Infinity } = {}) =>
    z.string().trim().regex(DECIMAL_TEXT, 'expected a number').transform(Number)
      .pipe(z.number().gt(gt, `expected a number > ${gt}`).min(min, `expected a number >= ${min}`).max(max, `expected a number <= ${showLimit(max)}`))
      .describe(description),

  bool: (description: string) =>
    z.enum(['true', 'false', 'yes', 'no'], { error: 'expected true or false' }).transform((v) => v === 'true' || v === 'yes').describe(description),

  oneOf: <const T extends readonly [string, ...string[]]>(values: T, description: string) =>
    z.enum(values, { error: `expected one of ${values.join(', ')}` }).describe(description),

  symbols: (description: string) =>
    z.string().trim().transform((s) => s.split(',').map((x) => x.trim().toUpperCase()).filter((x) => x !== ''))
      .pipe(z.array(z.string().regex(/^[A-Z0-9.^/-]{1,12}$/, 'expected ticker symbols like AAPL,MSFT')).min(1, 'expected at least one symbol')
        .max(LIMITS.symbolsPerRun, `expected at most ${LIMITS.symbolsPerRun} symbols (the limit per run)`))
      .describe(description),

  day: (description: string) =>
    z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
      .refine(isAcceptedDay, `expected a real calendar date (YYYY-MM-DD) in the years ${LIMITS.minYear}-${LIMITS.maxYear}`)
      .describe(description),

  /**
   * `k=v,k2=v2` pairs (strategy params; a list value as typed: `lookbacks=21,63,126`): names are identifiers, at most
   * LIMITS.paramsPerRun of them, each once.
   */
  pairs: (description: string) =>
    z.string().trim().transform((s, ctx) => {
      const split = splitPairs(s);
      const problem = !split.ok
        ? split.problem === 'no_key' ? 'expected key=value pairs separated by commas' : `parameter ${quoteInput(split.key, 40)} is given twice`
        : [...split.pairs].map(([key, value]) => !isParamName(key) ? PARAM_NAME_RULE
          : value.length > LIMITS.paramValueLength ? `a parameter value is at most ${LIMITS.paramValueLength} characters` : null).find((p) => p !== null)
          ?? (split.pairs.size > LIMITS.paramsPerRun ? `at most ${LIMITS.paramsPerRun} parameters` : null);
      if (problem !== null || !split.ok) {
        ctx.addIssue({ code: 'custom', message: problem ?? 'expected key=value pairs separated by commas' });
        return z.NEVER;
      }
      return Object.fromEntries(split.pairs);
    }).describe(description),
};
