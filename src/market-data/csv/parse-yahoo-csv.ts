import type { BarSeries } from '../../core/domain/bar.js';
import { quoteInput, safeText } from '../../core/domain/quote-input.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { LIMITS, showLimit } from '../../core/limits.js';
import { formatTime } from '../window.js';
import { parseHeader, type CsvColumns } from './csv-header.js';
import { parseDailyDateAt } from './parse-date.js';
import { FieldScanner, textOf } from './field-scanner.js';
import { parseDecimal } from '../../core/domain/decimal.js';

export interface CsvSource {
  readonly symbol: string;
  /** File name as found in the folder (used in messages: "ORCL.csv line 17: ..."). */
  readonly file: string;
  /** Full path, for the "has no data rows" message. */
  readonly path: string;
}

const MAX_PRICE = LIMITS.maxPrice;
const MAX_VOLUME = LIMITS.maxVolume;

/** What each column feeds; indices into `FIELD_NAMES` for the numeric ones. */
const SKIP = -2;
const DATE = -1;
const FIELD_NAMES = ['open', 'high', 'low', 'close', 'volume'] as const;

/**
 * Parses a Yahoo-layout daily CSV (see csv-header.ts) straight into column arrays in one pass over the file's
 * UTF-8 bytes (indexOf for lines, byte codes for fields): the file is never decoded as a whole (only the header, and
 * the text an error quotes), and there is no split, no per-row object or closure.
 * Blank lines anywhere, CRLF and a UTF-8 BOM are accepted; every other defect fails with `data.corrupt`
 * naming the file and 1-based line. OHLC strictness: a high below the low is rejected, but an open or close
 * slightly outside [low, high] (a rounding quirk Yahoo exports can have; the ORCL and GOOG reference files
 * have none) loads with the range widened to include it, so downstream code can rely on
 * low <= open, close <= high.
 */
export function parseYahooCsv(text: Uint8Array, source: CsvSource): Result<BarSeries> {
  const { file } = source;
  // The header: the first line that is not blank.
  let lineNo = 0;
  let pos = text[0] === 0xef && text[1] === 0xbb && text[2] === 0xbf ? 3 : 0; // a UTF-8 byte order mark
  let roles: Int8Array | undefined;
  while (roles === undefined && pos < text.length) {
    let end = text.indexOf(NEWLINE, pos);
    if (end < 0) end = text.length;
    const start = pos;
    pos = end + 1;
    if (end > start && text[end - 1] === 13) end--; // CRLF
    lineNo++;
    if (end === start || (isSpace(text[start]!) && textOf(text, start, end).trim() === '')) continue;
    const header = parseHeader(textOf(text, start, end), file);
    if (!header.ok) return header;
    roles = rolesOf(header.value);
  }
  // At most every line after the header, less the empty one after a final newline: exact for a file without blank
  // lines, so the columns are used as they are instead of being copied to their length.
  const capacity = Math.max(0, countLines(text) - 1 - (text[text.length - 1] === NEWLINE ? 1 : 0));
  const columns: Columns = {
    time: new Float64Array(capacity),
    open: new Float64Array(capacity),
    high: new Float64Array(capacity),
    low: new Float64Array(capacity),
    close: new Float64Array(capacity),
    volume: new Float64Array(capacity),
  };
  const n = roles === undefined ? 0 : parseRows(text, pos, lineNo, roles, file, columns);
  if (typeof n !== 'number') return n;
  if (n === 0) return fail('data.empty', `${file} (${source.path}) has no data rows`, { file, path: source.path });
  return ok({
    symbol: source.symbol,
    timeframe: '1d',
    length: n,
    time: trimmed(columns.time, n),
    open: trimmed(columns.open, n),
    high: trimmed(columns.high, n),
    low: trimmed(columns.low, n),
    close: trimmed(columns.close, n),
    volume: trimmed(columns.volume, n),
  });
}

interface Columns {
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

const trimmed = (a: Float64Array, n: number): Float64Array => (n === a.length ? a : a.slice(0, n));

/**
 * The data rows from `pos` (line `lineNo` was the header) into `columns`: how many, or the first defect. The hot loop
 * lives alone in this function, and nothing after it needs type feedback (a bare count, no comparison, no call): V8
 * compiles the loop while it runs (on-stack replacement) and reuses that code for the next file, so an operation
 * after the loop that had never run would send every file back to the interpreter.
 */
function parseRows(text: Uint8Array, pos: number, lineNo: number, roles: Int8Array, file: string, columns: Columns): number | Result<never> {
  const { time, open, high, low, close, volume } = columns;
  const values = new Float64Array(5);
  const starts = new Int32Array(5);
  const ends = new Int32Array(5);
  const scan = new FieldScanner();
  let n = 0;
  let prevLine = 0;
  while (pos < text.length) {
    let end = text.indexOf(NEWLINE, pos);
    if (end < 0) end = text.length;
    const start = pos;
    pos = end + 1;
    if (end > start && text[end - 1] === 13) end--; // CRLF
    lineNo++;
    if (end === start || (isSpace(text[start]!) && textOf(text, start, end).trim() === '')) continue;
    let t = Number.NaN;
    let dateStart = start;
    let dateEnd = start;
    let p = start;
    for (let col = 0; col < roles.length; col++) {
      const role = roles[col]!;
      if (role >= 0) {
        values[role] = scan.decimal(text, p, end);
        starts[role] = p;
        ends[role] = scan.end;
      } else {
        scan.skip(text, p, end);
        if (role === DATE) {
          t = parseDailyDateAt(text, p, scan.end);
          dateStart = p;
          dateEnd = scan.end;
        }
      }
      if ((col === roles.length - 1) !== (scan.end === end)) {
        return corrupt(file, lineNo, `expected ${roles.length} fields like the header, found ${textOf(text, start, end).split(',').length}`);
      }
      p = scan.end + 1;
    }
    if (Number.isNaN(t)) return corrupt(file, lineNo, dateProblem(textOf(text, dateStart, dateEnd)));
    const o = values[0]!;
    const h = values[1]!;
    const l = values[2]!;
    const c = values[3]!;
    const v = values[4]!;
    // One cheap test for the common case (NaN fails every comparison); the slow path names the bad field.
    if (!(o > 0 && h > 0 && l > 0 && c > 0 && v >= 0 && o <= MAX_PRICE && h <= MAX_PRICE && l <= MAX_PRICE && c <= MAX_PRICE && v <= MAX_VOLUME)) {
      for (let f = 0; f < 5; f++) {
        const problem = fieldProblem(FIELD_NAMES[f]!, textOf(text, starts[f]!, ends[f]!));
        if (problem !== undefined) return corrupt(file, lineNo, problem);
      }
    }
    if (h < l) return corrupt(file, lineNo, `high ${h} is below low ${l}`);
    if (n > 0 && t <= time[n - 1]!) {
      return corrupt(file, lineNo,
        t === time[n - 1]!
          ? `date ${formatTime(t)} repeats line ${prevLine} (one row per day)`
          : `date ${formatTime(t)} comes before line ${prevLine}'s ${formatTime(time[n - 1]!)} (rows must be oldest first)`,
      );
    }
    time[n] = t;
    open[n] = o;
    close[n] = c;
    high[n] = h >= o && h >= c ? h : Math.max(h, o, c);
    low[n] = l <= o && l <= c ? l : Math.min(l, o, c);
    volume[n] = v;
    n++;
    prevLine = lineNo;
  }
  return n;
}

// A plain function, not a per-row closure: transpilers that keep names wrap every closure creation.
function corrupt(file: string, line: number, message: string): Result<never> {
  return fail('data.corrupt', `${file} line ${line}: ${message}`, { file, line });
}

function rolesOf(c: CsvColumns): Int8Array {
  const roles = new Int8Array(c.count).fill(SKIP);
  roles[c.date] = DATE;
  [c.open, c.high, c.low, c.close, c.volume].forEach((col, f) => (roles[col] = f));
  return roles;
}

/** Why a date field is not a date: out of the accepted years, or not YYYY-MM-DD at all. */
function dateProblem(raw: string): string {
  const year = /^\s*(\d{4})-/.exec(raw)?.[1];
  const outside = year !== undefined && (Number(year) < LIMITS.minYear || Number(year) > LIMITS.maxYear);
  return outside
    ? `date ${quoteInput(raw)} is outside the years ${LIMITS.minYear}-${LIMITS.maxYear}`
    : `date ${quoteInput(raw)} is not a date (expected YYYY-MM-DD)`;
}

/** Why a price/volume field is unusable, or undefined when it is fine. */
function fieldProblem(name: (typeof FIELD_NAMES)[number], raw: string): string | undefined {
  const text = raw.trim();
  if (text === '') return `${name} is empty`;
  if (text.toLowerCase() === 'null') {
    return `${name} is null (Yahoo writes null for days without data: delete the row or fill it in)`;
  }
  const value = parseDecimal(text);
  if (!Number.isFinite(value)) return `${name} ${quoteInput(raw)} is not a number`;
  const shown = safeText(text); // a plain decimal, but possibly a very long one
  if (name === 'volume') {
    if (value < 0) return `volume ${shown} is negative`;
    return value > MAX_VOLUME ? `volume ${shown} is above the limit of ${showLimit(MAX_VOLUME)} shares` : undefined;
  }
  if (value <= 0) return `${name} ${shown} is not a positive price`;
  return value > MAX_PRICE ? `${name} ${shown} is above the limit of ${showLimit(MAX_PRICE)} for a price` : undefined;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}

const NEWLINE = 10;

function countLines(text: Uint8Array): number {
  let count = 1;
  for (let i = text.indexOf(NEWLINE); i >= 0; i = text.indexOf(NEWLINE, i + 1)) count++;
  return count;
}
