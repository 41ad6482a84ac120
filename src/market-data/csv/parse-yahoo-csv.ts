import type { BarSeries } from '../../core/domain/bar.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { formatTime } from '../window.js';
import { parseHeader, type CsvColumns } from './csv-header.js';
import { parseDailyDate } from './parse-date.js';

export interface CsvSource {
  readonly symbol: string;
  /** File name as found in the folder (used in messages: "ORCL.csv line 17: ..."). */
  readonly file: string;
  /** Full path, for the "has no data rows" message. */
  readonly path: string;
}

const NO_ROW = -1;

/**
 * Parses a Yahoo-layout daily CSV (see csv-header.ts) straight into column arrays: one split per line, no
 * per-row objects. Blank lines anywhere, CRLF and a UTF-8 BOM are accepted. Every other defect fails with
 * `data.corrupt` naming the file and 1-based line. Real Yahoo exports sometimes print an open or close a
 * hair outside [low, high] (rounding in their adjustments); such rows load with the range widened to include
 * them, so downstream code can rely on low <= open, close <= high. A high below the low is rejected.
 */
export function parseYahooCsv(text: string, source: CsvSource): Result<BarSeries> {
  const { file } = source;
  const capacity = countLines(text);
  const time = new Float64Array(capacity);
  const open = new Float64Array(capacity);
  const high = new Float64Array(capacity);
  const low = new Float64Array(capacity);
  const close = new Float64Array(capacity);
  const volume = new Float64Array(capacity);
  let n = 0;
  let c: CsvColumns | undefined;
  let lineNo = 0;
  let prevLine = NO_ROW;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const next = end + 1;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--; // CRLF
    lineNo++;
    const line = text.slice(pos, end);
    pos = next;
    if (line.trim() === '') continue;
    if (c === undefined) {
      const header = parseHeader(line, file);
      if (!header.ok) return header;
      c = header.value;
      continue;
    }
    const fields = line.split(',');
    const bad = (message: string): Result<never> =>
      fail('data.corrupt', `${file} line ${lineNo}: ${message}`, { file, line: lineNo });
    if (fields.length !== c.count) return bad(`expected ${c.count} fields like the header, found ${fields.length}`);
    const t = parseDailyDate(fields[c.date]!);
    if (Number.isNaN(t)) return bad(`date '${fields[c.date]}' is not a date (expected YYYY-MM-DD)`);
    const o = Number(fields[c.open]);
    const h = Number(fields[c.high]);
    const l = Number(fields[c.low]);
    const cl = Number(fields[c.close]);
    const v = Number(fields[c.volume]);
    // One cheap test for the common case; the slow path below finds which field is wrong and why.
    // (Number('') is 0, so a zero volume is checked for an empty field; NaN fails every comparison.)
    if (!(o > 0 && h > 0 && l > 0 && cl > 0 && o + h + l + cl + v < Infinity && (v > 0 || (v === 0 && fields[c.volume]!.trim() !== '')))) {
      for (const [name, index] of [['open', c.open], ['high', c.high], ['low', c.low], ['close', c.close], ['volume', c.volume]] as const) {
        const problem = fieldProblem(name, fields[index]!);
        if (problem !== undefined) return bad(problem);
      }
    }
    if (h < l) return bad(`high ${h} is below low ${l}`);
    if (n > 0 && t <= time[n - 1]!) {
      return bad(
        t === time[n - 1]!
          ? `date ${formatTime(t)} repeats line ${prevLine} (one row per day)`
          : `date ${formatTime(t)} comes before line ${prevLine}'s ${formatTime(time[n - 1]!)} (rows must be oldest first)`,
      );
    }
    time[n] = t;
    open[n] = o;
    close[n] = cl;
    high[n] = Math.max(h, o, cl);
    low[n] = Math.min(l, o, cl);
    volume[n] = v;
    n++;
    prevLine = lineNo;
  }
  if (n === 0) return fail('data.empty', `${file} (${source.path}) has no data rows`, { file, path: source.path });
  const trim = (a: Float64Array): Float64Array => (n === capacity ? a : a.slice(0, n));
  return ok({
    symbol: source.symbol,
    timeframe: '1d',
    length: n,
    time: trim(time),
    open: trim(open),
    high: trim(high),
    low: trim(low),
    close: trim(close),
    volume: trim(volume),
  });
}

/** Why a price/volume field is unusable, or undefined when it is fine. */
function fieldProblem(name: 'open' | 'high' | 'low' | 'close' | 'volume', raw: string): string | undefined {
  const text = raw.trim();
  if (text === '') return `${name} is empty`;
  if (text.toLowerCase() === 'null') {
    return `${name} is null (Yahoo writes null for days without data: delete the row or fill it in)`;
  }
  const value = Number(text);
  if (!Number.isFinite(value)) return `${name} '${raw}' is not a number`;
  if (name === 'volume') return value < 0 ? `volume ${text} is negative` : undefined;
  return value <= 0 ? `${name} ${text} is not a positive price` : undefined;
}

function countLines(text: string): number {
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
