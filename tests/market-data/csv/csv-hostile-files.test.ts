// Files a CSV folder should never hold, and what the desk says about them: one line, the input cut and escaped,
// numbers outside sane ranges refused, and a FIFO or an oversized file refused without being read.
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasMkfifo, mkfifo } from '../../helpers/fifo.js';
import { LIMITS } from '../../../src/core/limits.js';
import { createCsvMarketData } from '../../../src/market-data/csv/csv-market-data.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tradedesk-csv-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HEADER = 'Date,Open,High,Low,Close,Volume';
const FAR_FUTURE = Date.UTC(2100, 0, 1);

async function failure(symbol: string, content?: string): Promise<string> {
  if (content !== undefined) writeFileSync(path.join(dir, `${symbol}.csv`), content);
  const result = await createCsvMarketData({ dir }).getBars({ symbol, timeframe: '1d', to: FAR_FUTURE });
  if (result.ok) throw new Error(`expected ${symbol} to be refused, got ${result.value.length} bars`);
  return result.error.message;
}


describe('hostile CSV files', () => {
  it('escapes an ANSI escape sequence in a header instead of printing it', async () => {
    const message = await failure('ANSI', `Date,\u001b[2J\u001b[31mOpen,High,Low,Close\n2020-01-02,1,1,1,1\n`);
    expect(message).not.toMatch(/[\u0000-\u001f]/);
    expect(message).toContain('\\x1b[2J\\x1b[31mOpen');
  });

  it('echoes at most a few hundred characters of a huge header line', async () => {
    const message = await failure('WIDE', `Date,${'x'.repeat(5_000_000)}\n`);
    expect(message.length).toBeLessThan(LIMITS.echoChars + 200);
    expect(message).toMatch(/… \(\+[\d,]+ characters\)\)$/);
  });

  it.each([
    ['HEX', '0x10', "close '0x10' is not a number"],
    ['INF', 'Infinity', "close 'Infinity' is not a number"],
    ['HUGE', '1e300', `close 1e300 is above the limit of 1,000,000,000 for a price`],
  ])('refuses the price %s (%s)', async (symbol, close, expected) => {
    expect(await failure(symbol, `${HEADER}\n2020-01-02,1,1,1,${close},5\n`)).toBe(`${symbol}.csv line 2: ${expected}`);
  });

  it('refuses a volume beyond exact integers', async () => {
    expect(await failure('VOL', `${HEADER}\n2020-01-02,1,1,1,1,1e17\n`)).toBe('VOL.csv line 2: volume 1e17 is above the limit of 1,000,000,000,000,000 shares');
  });

  it.each(['0000-01-02', '1799-12-31', '2200-01-01'])('refuses the year of %s', async (date) => {
    expect(await failure('YEAR', `${HEADER}\n${date},1,1,1,1,5\n`)).toBe(`YEAR.csv line 2: date '${date}' is outside the years 1800-2199`);
  });

  it('refuses a file over the size limit without reading it', async () => {
    const file = path.join(dir, 'BIG.csv');
    writeFileSync(file, '');
    truncateSync(file, LIMITS.csvFileBytes + 1); // sparse: nothing is written to disk
    expect(await failure('BIG')).toBe(`BIG.csv (${file}) is 67,108,865 bytes, over the limit of 64 MB per file`);
  });

  it('refuses a folder named like a CSV file', async () => {
    mkdirSync(path.join(dir, 'DIR.csv'));
    expect(await failure('DIR')).toBe(`DIR.csv (${path.join(dir, 'DIR.csv')}) is a folder, not a file: give a regular file`);
  });

  it.skipIf(!hasMkfifo)('refuses a FIFO given as a CSV file at once, instead of reading it forever', async () => {
    const fifo = path.join(dir, 'PIPE.csv');
    mkfifo(fifo);
    expect(await failure('PIPE')).toBe(`PIPE.csv (${fifo}) is a FIFO (named pipe), not a file: give a regular file`);
  }, 10_000);
});
