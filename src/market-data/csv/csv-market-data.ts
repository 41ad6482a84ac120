import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { countAsOf, type BarSeries } from '../../core/domain/bar.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import type { BarsRequest, MarketData } from '../../app/ports.js';
import { normalizeSymbol } from '../symbol.js';
import { checkWindow, copyRange, formatTime, lowerBound } from '../window.js';
import { parseYahooCsv } from './parse-yahoo-csv.js';

export interface CsvMarketDataOptions {
  /** Folder of `<SYMBOL>.csv` files (Yahoo daily export layout). */
  readonly dir: string;
}

/**
 * Daily bars from a folder of Yahoo-style CSV files. The folder is listed once and each file parsed once
 * per instance (a backtest may ask for the same symbol twice); callers get copies, so the cache stays intact.
 */
export function createCsvMarketData({ dir }: CsvMarketDataOptions): MarketData {
  const shownDir = path.resolve(dir);
  let listing: Promise<Result<ReadonlyMap<string, string>>> | undefined;
  const parsed = new Map<string, Promise<Result<BarSeries>>>();

  const list = (): Promise<Result<ReadonlyMap<string, string>>> => {
    listing ??= listFolder(shownDir).then((result) => {
      if (!result.ok) listing = undefined; // the folder may appear later; only a good listing is kept
      return result;
    });
    return listing;
  };

  const load = (symbol: string, file: string): Promise<Result<BarSeries>> => {
    let hit = parsed.get(file);
    if (hit === undefined) {
      hit = readSeries(symbol, file, path.join(shownDir, file));
      parsed.set(file, hit);
    }
    return hit;
  };

  const getBars = async (request: BarsRequest): Promise<Result<BarSeries>> => {
    const symbol = normalizeSymbol(request.symbol);
    if (!symbol.ok) return symbol;
    if (request.timeframe !== '1d') {
      return fail('data.timeframe', `CSV data is daily: no ${request.timeframe} bars in ${shownDir} (use 1d)`);
    }
    const window = checkWindow(request.from, request.to);
    if (!window.ok) return window;
    const files = await list();
    if (!files.ok) return files;
    const wanted = `${symbol.value}.csv`;
    const file = files.value.get(wanted.toLowerCase());
    if (file === undefined) {
      return fail('data.missing_file', `no data file for ${symbol.value} in ${shownDir} (looked for ${wanted}, case-insensitive)`, {
        symbol: symbol.value,
        dir: shownDir,
      });
    }
    const series = await load(symbol.value, file);
    if (!series.ok) return series;
    return selectWindow(series.value, file, request.from, request.to);
  };

  return { kind: 'csv', label: `csv:${dir}`, simulated: false, getBars };
}

/** Lower-cased file name -> actual name, for `.csv` files. On a case clash the exact `SYMBOL.csv` spelling wins. */
async function listFolder(dir: string): Promise<Result<ReadonlyMap<string, string>>> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return fail('data.missing_file', `data folder ${dir} does not exist`, { dir });
    if (code === 'ENOTDIR') return fail('data.missing_file', `data folder ${dir} is not a folder`, { dir });
    return fail('data.missing_file', `cannot read data folder ${dir} (${code ?? String(error)})`, { dir });
  }
  const byLower = new Map<string, string>();
  for (const name of names.sort()) {
    const lower = name.toLowerCase();
    if (!lower.endsWith('.csv')) continue;
    const preferred = `${name.slice(0, -4).toUpperCase()}.csv`;
    if (!byLower.has(lower) || name === preferred) byLower.set(lower, name);
  }
  return ok(byLower);
}

async function readSeries(symbol: string, file: string, filePath: string): Promise<Result<BarSeries>> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    return fail('data.missing_file', `cannot read ${file} (${filePath}): ${errorCode(error) ?? String(error)}`, {
      file,
      path: filePath,
    });
  }
  return parseYahooCsv(text, { symbol, file, path: filePath });
}

function selectWindow(series: BarSeries, file: string, from: number | undefined, to: number): Result<BarSeries> {
  const start = from === undefined ? 0 : lowerBound(series.time, from);
  const end = countAsOf(series, to);
  if (end > start) return ok(copyRange(series, start, end));
  const span = from === undefined ? `up to ${formatTime(to)}` : `between ${formatTime(from)} and ${formatTime(to)}`;
  const covers = `${formatTime(series.time[0]!)}..${formatTime(series.time[series.length - 1]!)}`;
  return fail('data.range', `${file} has no bars ${span} (data covers ${covers})`, { file });
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}
