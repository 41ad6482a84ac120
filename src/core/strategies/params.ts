/**
 * zod helpers for strategy params. Params arrive typed from JSON (`{"fast": 20}`) and as strings from the CLI
 * (`--param fast=20`), so every helper accepts both and fails with one message of the form
 * `expected <what>, got <raw>` that the registry prefixes with the strategy id and param name.
 */
import { z } from 'zod';
import { quoteInput } from '../domain/quote-input.js';
import { LIMITS } from '../limits.js';
import { parseDecimal } from '../domain/decimal.js';

export interface Range {
  readonly min?: number;
  readonly max?: number;
}

/** Tickers such as ORCL, BRK.B, ^GSPC, BTC-USD, EURUSD=X. */
const SYMBOL_TEXT = /^\^?[A-Z0-9][A-Z0-9.\-=/_]{0,31}$/;

/** Parameter names are identifiers: `fast`, `safeSymbol` (never `__proto__`, `constructor.x` or 5 KB of text). */
const PARAM_NAME = new RegExp(`^[A-Za-z][A-Za-z0-9_]{0,${LIMITS.paramNameLength - 1}}$`);
export const isParamName = (name: string): boolean => PARAM_NAME.test(name);
export const PARAM_NAME_RULE = `a parameter name is a letter then letters, digits or _ (at most ${LIMITS.paramNameLength})`;

/** How a raw value is echoed back in an error: strings quoted, everything else as JSON, cut and escaped. */
export const showRaw = (raw: unknown): string => quoteInput(raw);

function toNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'string') {
    const v = parseDecimal(raw);
    return Number.isNaN(v) ? undefined : v;
  }
  return undefined;
}

function inRange(v: number, r: Range): boolean {
  return (r.min === undefined || v >= r.min) && (r.max === undefined || v <= r.max);
}

function describeRange(what: string, r: Range): string {
  if (r.min !== undefined && r.max !== undefined) return `${what} between ${r.min} and ${r.max}`;
  if (r.min !== undefined) return `${what} >= ${r.min}`;
  if (r.max !== undefined) return `${what} <= ${r.max}`;
  return what;
}

/** A param parsed by `parse`, which returns undefined for invalid input. Callers add the default. */
function param<T>(expected: string, parse: (raw: unknown) => T | undefined) {
  return z
    .unknown()
    .transform((raw, ctx): T => {
      const v = parse(raw);
      if (v === undefined) {
        ctx.addIssue({ code: 'custom', message: `expected ${expected}, got ${showRaw(raw)}`, input: raw });
        return z.NEVER;
      }
      return v;
    });
}

export function intParam(def: number, range: Range = {}) {
  return param<number>(describeRange('an integer', range), (raw) => {
    const v = toNumber(raw);
    return v !== undefined && Number.isInteger(v) && inRange(v, range) ? v : undefined;
  }).default(def);
}

export function numParam(def: number, range: Range = {}) {
  return param<number>(describeRange('a number', range), (raw) => {
    const v = toNumber(raw);
    return v !== undefined && inRange(v, range) ? v : undefined;
  }).default(def);
}

/** Only true/false and their spellings "true"/"false": "yes" or 1 are more likely typos than intent. */
export function boolParam(def: boolean) {
  return param<boolean>('true or false', (raw) => {
    if (raw === true || raw === 'true') return true;
    if (raw === false || raw === 'false') return false;
    return undefined;
  }).default(def);
}

function toSymbol(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const s = raw.trim().toUpperCase();
  return SYMBOL_TEXT.test(s) ? s : undefined;
}

/** A ticker, upper-cased. */
export function symbolParam(def: string) {
  return param<string>('a symbol such as SPY', toSymbol).default(def);
}

/** A ticker or none: null, '' and 'none' mean none (the default), so the CLI can clear it. */
export function optionalSymbolParam() {
  return param<string | null>("a symbol such as SPY or 'none'", (raw) => {
    if (raw === null || raw === '' || (typeof raw === 'string' && raw.trim().toLowerCase() === 'none')) return null;
    return toSymbol(raw);
  }).default(null);
}

/** A non-empty list of at most LIMITS.paramListItems integers: `[21, 63, 126]` or `"21,63,126"`. */
export function intListParam(def: readonly number[], range: Range = {}) {
  const expected = `a list of 1 to ${LIMITS.paramListItems} ${describeRange('integers', range)} such as "${def.join(',')}"`;
  return param<number[]>(expected, (raw) => {
    const items: readonly unknown[] | undefined =
      typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw : undefined;
    if (items === undefined || items.length === 0 || items.length > LIMITS.paramListItems) return undefined;
    const out: number[] = [];
    for (const item of items) {
      const v = toNumber(item);
      if (v === undefined || !Number.isInteger(v) || !inRange(v, range)) return undefined;
      out.push(v);
    }
    return out;
  }).default(() => [...def]); // a fresh array per parse so callers cannot share (and mutate) the default
}
