import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { countAsOf, type BarSeries } from '../../core/domain/bar.js';
import { createLru } from '../../core/domain/lru.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { LIMITS } from '../../core/limits.js';
import type { BarsRequest, MarketData } from '../../app/market-data/ports.js';
import { errorCode, fileVersion, readRegularFileBytes, statRegularFile } from '../regular-file.js';
import { normalizeSymbol } from '../symbol.js';
import { checkWindow, copyRange, formatTime, lowerBound } from '../window.js';
import { parseYahooCsv } from './parse-yahoo-csv.js';

export interface CsvMarketDataOptions {
  /** Folder of `<SYMBOL>.csv` files (Yahoo daily export layout). */
  readonly dir: string;
  /** Bars kept parsed between requests (default LIMITS.csvCacheBars); least recently used files out first. */
  readonly cacheBars?: number;
}

interface Parsed {
  readonly version: string;
  readonly series: BarSeries;
}

/**
 * Daily bars from a folder of Yahoo-style CSV files. Each request checks the folder and the file on disk (a stat, no
 * read): a file added, replaced or appended to is read again, so a paper run on CSV data sees its new rows. Parsed
 * files are kept in a cache bounded by bars; callers get copies, so the cache stays intact.
 */
export function createCsvMarketData({ dir, cacheBars = LIMITS.csvCacheBars }: CsvMarketDataOptions): MarketData {
  const shownDir = path.resolve(dir);
  let listing: { readonly version: string; readonly files: ReadonlyMap<string, string> } | undefined;
  const parsed = createLru<string, Parsed>({ maxEntries: 10_000, maxWeight: cacheBars, weigh: (p) => p.series.length });
  // Reads in flight, by file and version, so concurrent requests for one file share one read.
  const reading = new Map<string, Promise<Result<Parsed>>>();

  const list = async (): Promise<Result<ReadonlyMap<string, string>>> => {
    // Adding, removing or renaming a file changes the folder's mtime; only a good listing is kept.
    const version = await stat(shownDir).then(fileVersion, () => null);
    if (version !== null && listing?.version === version) return ok(listing.files);
    const files = await listFolder(shownDir);
    if (files.ok && version !== null) listing = { version, files: files.value };
    return files;
  };

  const load = async (symbol: string, file: string): Promise<Result<BarSeries>> => {
    const filePath = path.join(shownDir, file);
    const version = await statRegularFile(filePath, `${file} (${filePath})`, LIMITS.csvFileBytes);
    if (!version.ok) return fail('data.missing_file', version.error.message, { file, path: filePath });
    const hit = parsed.get(file);
    if (hit !== undefined && hit.version === version.value) return ok(hit.series);
    const key = `${file}\u0000${version.value}`;
    let pending = reading.get(key);
    if (pending === undefined) {
      pending = readSeries(symbol, file, filePath).finally(() => reading.delete(key));
      reading.set(key, pending);
    }
    const fresh = await pending;
    if (!fresh.ok) return fresh;
    parsed.set(file, fresh.value);
    return ok(fresh.value.series);
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

async function readSeries(symbol: string, file: string, filePath: string): Promise<Result<Parsed>> {
  const read = await readRegularFileBytes(filePath, `${file} (${filePath})`, LIMITS.csvFileBytes);
  if (!read.ok) return fail('data.missing_file', read.error.message, { file, path: filePath });
  const series = parseYahooCsv(read.value.bytes, { symbol, file, path: filePath });
  return series.ok ? ok({ version: read.value.version, series: series.value }) : series;
}

function selectWindow(series: BarSeries, file: string, from: number | undefined, to: number): Result<BarSeries> {
  const start = from === undefined ? 0 : lowerBound(series.time, from);
  const end = countAsOf(series, to);
  if (end > start) return ok(copyRange(series, start, end));
  const span = from === undefined ? `up to ${formatTime(to)}` : `between ${formatTime(from)} and ${formatTime(to)}`;
  const covers = `${formatTime(series.time[0]!)}..${formatTime(series.time[series.length - 1]!)}`;
  return fail('data.range', `${file} has no bars ${span} (data covers ${covers})`, { file });
}
