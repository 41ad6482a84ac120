import { appendFileSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { BarSeries } from '../../../src/core/domain/bar.js';
import type { Result } from '../../../src/core/domain/result.js';
import { createCsvMarketData } from '../../../src/market-data/csv/csv-market-data.js';
import { EXAMPLE_DATA_DIR } from '../../helpers/real-data.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/csv');
const GOOD = path.join(FIXTURES, 'good');
const BAD = path.join(FIXTURES, 'bad');
const FAR_FUTURE = Date.UTC(2100, 0, 1);
const day = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d);

function value(result: Result<BarSeries>): BarSeries {
  if (!result.ok) throw new Error(`expected bars, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function error(result: Result<BarSeries>): { code: string; message: string } {
  if (result.ok) throw new Error('expected a failure, got bars');
  return result.error;
}

describe('createCsvMarketData on the real Yahoo files', () => {
  const md = createCsvMarketData({ dir: EXAMPLE_DATA_DIR });

  it('describes itself as real CSV data', () => {
    expect(md.kind).toBe('csv');
    expect(md.label).toBe(`csv:${EXAMPLE_DATA_DIR}`);
    expect(md.simulated).toBe(false);
  });

  it('loads all 5,036 ORCL bars with the traded (not adjusted) prices', async () => {
    const orcl = value(await md.getBars({ symbol: 'ORCL', timeframe: '1d', to: FAR_FUTURE }));
    expect(orcl.length).toBe(5036);
    expect(orcl.symbol).toBe('ORCL');
    expect(orcl.timeframe).toBe('1d');
    expect(orcl.time[0]).toBe(day(1995, 1, 3));
    expect([orcl.open[0], orcl.high[0], orcl.low[0], orcl.close[0], orcl.volume[0]]).toEqual([
      2.179012, 2.191358, 2.117284, 2.117284, 36301200,
    ]);
    expect(orcl.time[orcl.length - 1]).toBe(day(2014, 12, 31));
    expect(orcl.close[orcl.length - 1]).toBe(44.970001);
  });

  it('loads all 2,148 GOOG bars although its date header is empty', async () => {
    const goog = value(await md.getBars({ symbol: 'GOOG', timeframe: '1d', to: FAR_FUTURE }));
    expect(goog.length).toBe(2148);
    expect(goog.time[0]).toBe(day(2004, 8, 19));
    expect(goog.open[0]).toBe(100);
    expect(goog.time[goog.length - 1]).toBe(day(2013, 3, 1));
  });

  it('returns strictly increasing midnight-UTC times and consistent OHLC', async () => {
    for (const symbol of ['ORCL', 'GOOG']) {
      const s = value(await md.getBars({ symbol, timeframe: '1d', to: FAR_FUTURE }));
      for (let i = 0; i < s.length; i++) {
        expect(s.time[i]! % 86_400_000).toBe(0);
        if (i > 0) expect(s.time[i]!).toBeGreaterThan(s.time[i - 1]!);
        expect(s.low[i]!).toBeLessThanOrEqual(Math.min(s.open[i]!, s.close[i]!));
        expect(s.high[i]!).toBeGreaterThanOrEqual(Math.max(s.open[i]!, s.close[i]!));
      }
    }
  });

  it('slices [from, to] inclusively at both ends', async () => {
    const s = value(await md.getBars({ symbol: 'ORCL', timeframe: '1d', from: day(1995, 1, 4), to: day(1995, 1, 6) }));
    expect(Array.from(s.time)).toEqual([day(1995, 1, 4), day(1995, 1, 5), day(1995, 1, 6)]);
    expect(s.open[0]).toBe(2.123457);
  });

  it('never returns a bar after `to`, even when `to` falls inside a day', async () => {
    const s = value(await md.getBars({ symbol: 'ORCL', timeframe: '1d', to: day(1995, 1, 5) + 3_600_000 }));
    expect(s.length).toBe(3);
    expect(s.time[s.length - 1]).toBe(day(1995, 1, 5));
  });

  it('hands out copies, so a caller writing into bars cannot corrupt the cache', async () => {
    const first = value(await md.getBars({ symbol: 'ORCL', timeframe: '1d', to: FAR_FUTURE }));
    first.close[0] = -1;
    const again = value(await md.getBars({ symbol: 'ORCL', timeframe: '1d', to: FAR_FUTURE }));
    expect(again.close[0]).toBe(2.117284);
  });

  it('explains an empty window with the range the file covers', async () => {
    const e = error(await md.getBars({ symbol: 'ORCL', timeframe: '1d', from: day(2020, 1, 1), to: day(2020, 2, 1) }));
    expect(e).toMatchObject({
      code: 'data.range',
      message: 'ORCL.csv has no bars between 2020-01-01 and 2020-02-01 (data covers 1995-01-03..2014-12-31)',
    });
    const before = error(await md.getBars({ symbol: 'ORCL', timeframe: '1d', to: day(1990, 1, 1) }));
    expect(before.message).toBe('ORCL.csv has no bars up to 1990-01-01 (data covers 1995-01-03..2014-12-31)');
  });

  it('rejects from > to, intraday timeframes and malformed symbols', async () => {
    const backwards = error(await md.getBars({ symbol: 'ORCL', timeframe: '1d', from: day(2001, 1, 2), to: day(2001, 1, 1) }));
    expect(backwards.code).toBe('data.range');
    const intraday = error(await md.getBars({ symbol: 'ORCL', timeframe: '1h', to: FAR_FUTURE }));
    expect(intraday.code).toBe('data.timeframe');
    const symbol = error(await md.getBars({ symbol: 'OR CL', timeframe: '1d', to: FAR_FUTURE }));
    expect(symbol.code).toBe('data.symbol');
  });
});

describe('createCsvMarketData file formats', () => {
  const md = createCsvMarketData({ dir: GOOD });
  const load = async (symbol: string): Promise<BarSeries> => value(await md.getBars({ symbol, timeframe: '1d', to: FAR_FUTURE }));

  it.each([
    ['xyz', 'xyz.csv'],
    ['XYZ', 'xyz.csv'],
    ['qqq', 'QQQ.CSV'],
    ['Abc', 'ABC.csv'],
  ])('finds %s case-insensitively (%s)', async (symbol) => {
    const s = await load(symbol);
    expect(s.symbol).toBe(symbol.toUpperCase());
    expect(s.length).toBeGreaterThan(0);
  });

  it('reads columns by name in any order and ignores Adj Close', async () => {
    const s = await load('SHUFFLE');
    expect(Array.from(s.time)).toEqual([day(2019, 6, 3), day(2019, 6, 4)]);
    expect([s.open[0], s.high[0], s.low[0], s.close[0], s.volume[0]]).toEqual([21, 22, 20.5, 21.5, 700]);
  });

  it('reads an empty date header as the date column', async () => {
    expect((await load('NOHEAD')).close[1]).toBe(108.31);
  });

  it('takes datetimes as the UTC date of a daily bar', async () => {
    const s = await load('TIMES');
    expect(Array.from(s.time)).toEqual([day(2022, 5, 2), day(2022, 5, 3), day(2022, 5, 4), day(2022, 5, 5)]);
  });

  it('widens high/low to include an open or close a hair outside them, as Yahoo sometimes prints', async () => {
    const s = await load('WIDE');
    expect([s.open[0], s.high[0], s.low[0], s.close[0]]).toEqual([10.01, 10.01, 9.5, 9.8]);
    expect([s.open[1], s.high[1], s.low[1], s.close[1]]).toEqual([9.8, 10.2, 9.8, 9.85]);
  });

  it('accepts zero volume and blank lines between rows', async () => {
    expect((await load('ZERO')).volume[0]).toBe(0);
    expect((await load('BLANKS')).length).toBe(2);
  });

  it('accepts a UTF-8 BOM, CRLF line ends and trailing blank lines', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tradedesk-csv-'));
    try {
      const rows = ['Date,Open,High,Low,Close,Volume', '2020-01-02,1,2,0.5,1.5,10', '2020-01-03,1.5,2,1,1.8,11', '', ''];
      writeFileSync(path.join(dir, 'CRLF.csv'), `\uFEFF${rows.join('\r\n')}`);
      const s = value(await createCsvMarketData({ dir }).getBars({ symbol: 'CRLF', timeframe: '1d', to: FAR_FUTURE }));
      expect(Array.from(s.close)).toEqual([1.5, 1.8]);
      expect(s.time[0]).toBe(day(2020, 1, 2));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('createCsvMarketData errors', () => {
  const md = createCsvMarketData({ dir: BAD });
  const fails = async (symbol: string): Promise<{ code: string; message: string }> =>
    error(await md.getBars({ symbol, timeframe: '1d', to: FAR_FUTURE }));

  it.each([
    ['NOTNUM', 'data.corrupt', "NOTNUM.csv line 4: close 'abc' is not a number"],
    ['NOVOLUME', 'data.corrupt', "NOVOLUME.csv line 1: missing required column 'Volume' (header: Date,Open,High,Low,Close,Adj Close)"],
    ['NODATE', 'data.corrupt', "NODATE.csv line 1: missing the date column (a 'Date' header, or an empty first header)"],
    ['FIELDS', 'data.corrupt', 'FIELDS.csv line 3: expected 6 fields like the header, found 5'],
    ['NULLS', 'data.corrupt', 'NULLS.csv line 5: open is null (Yahoo writes null for days without data: delete the row or fill it in)'],
    ['NEGATIVE', 'data.corrupt', 'NEGATIVE.csv line 3: open 0 is not a positive price'],
    ['NEGVOLUME', 'data.corrupt', 'NEGVOLUME.csv line 2: volume -5 is negative'],
    ['EMPTYFIELD', 'data.corrupt', 'EMPTYFIELD.csv line 2: volume is empty'],
    ['HIGHLOW', 'data.corrupt', 'HIGHLOW.csv line 4: high 9 is below low 11'],
    ['DUPLICATE', 'data.corrupt', 'DUPLICATE.csv line 4: date 2020-01-03 repeats line 3 (one row per day)'],
    ['UNORDERED', 'data.corrupt', "UNORDERED.csv line 4: date 2020-01-03 comes before line 3's 2020-01-07 (rows must be oldest first)"],
    ['BADDATE', 'data.corrupt', "BADDATE.csv line 3: date '2020-02-30' is not a date (expected YYYY-MM-DD)"],
    ['HEADERONLY', 'data.empty', `HEADERONLY.csv (${path.join(BAD, 'HEADERONLY.csv')}) has no data rows`],
    ['NOTHING', 'data.empty', `NOTHING.csv (${path.join(BAD, 'NOTHING.csv')}) has no data rows`],
    ['ORCL', 'data.missing_file', `no data file for ORCL in ${BAD} (looked for ORCL.csv, case-insensitive)`],
  ])('%s fails with %s and one clear line', async (symbol, code, message) => {
    const e = await fails(symbol);
    expect(e).toMatchObject({ code, message });
    expect(e.message).not.toContain('\n');
  });

  it('reports a missing folder', async () => {
    const missing = path.join(FIXTURES, 'no-such-folder');
    const e = error(await createCsvMarketData({ dir: missing }).getBars({ symbol: 'ORCL', timeframe: '1d', to: FAR_FUTURE }));
    expect(e).toMatchObject({ code: 'data.missing_file', message: `data folder ${missing} does not exist` });
  });
});

describe('createCsvMarketData caching', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tradedesk-csv-cache-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sees a file appended to (a paper run\'s new rows), a file added and a file replaced', async () => {
    writeFileSync(path.join(dir, 'ONE.csv'), 'Date,Open,High,Low,Close,Volume\n2020-01-02,1,2,0.5,1.5,10\n');
    const md = createCsvMarketData({ dir });
    const a = value(await md.getBars({ symbol: 'ONE', timeframe: '1d', to: FAR_FUTURE }));
    expect(a.length).toBe(1);
    // A paper run on CSV data: new rows appended to the file are the next bars.
    appendFileSync(path.join(dir, 'ONE.csv'), '2020-01-03,1.5,2,1,1.8,12\n');
    const grown = value(await md.getBars({ symbol: 'ONE', timeframe: '1d', to: FAR_FUTURE }));
    expect(Array.from(grown.close)).toEqual([1.5, 1.8]);
    writeFileSync(path.join(dir, 'TWO.csv'), 'Date,Open,High,Low,Close,Volume\n2020-01-02,1,2,0.5,1.5,10\n');
    expect(value(await md.getBars({ symbol: 'TWO', timeframe: '1d', to: FAR_FUTURE })).length).toBe(1);
    writeFileSync(path.join(dir, 'TWO.csv'), 'Date,Open,High,Low,Close,Volume\n2021-01-04,3,3,3,3,3\n');
    utimesSync(path.join(dir, 'TWO.csv'), new Date(Date.UTC(2030, 0, 1)), new Date(Date.UTC(2030, 0, 1))); // a new mtime even on coarse clocks
    expect(value(await md.getBars({ symbol: 'TWO', timeframe: '1d', to: FAR_FUTURE })).close[0]).toBe(3);
  });

  it('reads a file pushed out of a small cache again, with the same bars', async () => {
    const rows = (n: number): string => Array.from({ length: n }, (_, i) => `${2001 + i}-01-02,1,2,0.5,1.5,10`).join('\n');
    for (const name of ['A', 'B', 'C']) writeFileSync(path.join(dir, `${name}.csv`), `Date,Open,High,Low,Close,Volume\n${rows(4)}\n`);
    const md = createCsvMarketData({ dir, cacheBars: 8 });
    const first = value(await md.getBars({ symbol: 'A', timeframe: '1d', to: FAR_FUTURE }));
    await md.getBars({ symbol: 'B', timeframe: '1d', to: FAR_FUTURE });
    await md.getBars({ symbol: 'C', timeframe: '1d', to: FAR_FUTURE });
    expect(Array.from(value(await md.getBars({ symbol: 'A', timeframe: '1d', to: FAR_FUTURE })).time)).toEqual(Array.from(first.time));
  });
});
