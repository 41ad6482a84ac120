import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseSourceSpec, type DataSourceSpec } from '../../core/domain/data-source.js';
import { quoteInput } from '../../core/domain/quote-input.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import type { Env } from '../../config/env.js';

/** What `--data` (or the configured default) asks for: a named source, or a folder of CSV files. */
export type DataChoice = DataSourceSpec | { readonly kind: 'folder'; readonly dir: string };

/** The desk-wide default: MARKET_DATA, else TRADEDESK_MARKET (both validated by the environment schema). */
export function defaultDataSpec(env: Env): DataSourceSpec {
  if (env.MARKET_DATA !== undefined) {
    const spec = parseSourceSpec(env.MARKET_DATA, 'MARKET_DATA');
    if (spec.ok) return spec.value;
  }
  return { kind: env.TRADEDESK_MARKET };
}

const BARE_WORD = /^[A-Za-z0-9_-]+$/;

/**
 * `--data sim|csv|alpaca|polygon|yahoo|<list>|<folder>`: a source name (or list) wins; anything else is a folder of
 * <SYMBOL>.csv files (`./yahoo` reaches a folder that shares a source's name). A bare word that is neither a source
 * nor an existing folder is most likely a mistyped source, and is refused as one.
 */
export function parseDataOption(value: string | undefined, env: Env, cwd: string): Result<DataChoice> {
  if (value === undefined) return ok(defaultDataSpec(env));
  const spec = parseSourceSpec(value, '--data');
  if (spec.ok) return spec;
  const dir = path.resolve(cwd, value);
  if (existsSync(dir)) return ok({ kind: 'folder', dir });
  // A list that is not a folder: the list's own refusal (which name is wrong) is the useful one.
  if (value.includes(',')) return spec;
  if (BARE_WORD.test(value)) {
    return fail('cli.args', `--data ${quoteInput(value)}: not a source (sim, csv, alpaca, polygon, yahoo, or a list such as alpaca,yahoo) nor a folder of CSV files`);
  }
  return ok({ kind: 'folder', dir });
}
