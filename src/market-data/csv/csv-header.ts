import { safeText } from '../../core/domain/quote-input.js';
import { fail, ok, type Result } from '../../core/domain/result.js';

/** Column positions of a Yahoo-style daily CSV. */
export interface CsvColumns {
  readonly count: number;
  readonly date: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

const REQUIRED = ['open', 'high', 'low', 'close', 'volume'] as const;

/**
 * Finds the columns by name (case-insensitive, any order, quotes and spaces ignored). The date column is
 * `Date`, or an unnamed column as pandas writes it (`,Open,High,...`). `Adj Close` and unknown columns are
 * ignored: bars use the traded prices.
 */
export function parseHeader(line: string, file: string): Result<CsvColumns> {
  const names = line.split(',').map((h) => h.trim().replace(/^"(.*)"$/, '$1').trim().toLowerCase());
  const at = (name: string): number => names.indexOf(name);
  const missing = REQUIRED.filter((name) => at(name) < 0);
  if (missing.length > 0) {
    const list = missing.map((m) => `'${m[0]!.toUpperCase()}${m.slice(1)}'`).join(', ');
    return fail('data.corrupt', `${file} line 1: missing required column${missing.length > 1 ? 's' : ''} ${list} (header: ${safeText(line.trim())})`, {
      file,
      line: 1,
    });
  }
  const date = at('date') >= 0 ? at('date') : at('');
  if (date < 0) {
    return fail('data.corrupt', `${file} line 1: missing the date column (a 'Date' header, or an empty first header)`, {
      file,
      line: 1,
    });
  }
  return ok({
    count: names.length,
    date,
    open: at('open'),
    high: at('high'),
    low: at('low'),
    close: at('close'),
    volume: at('volume'),
  });
}
