import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeBenchCsvFolder } from '../../../bench/csv.js';
import { createCsvMarketData } from '../../../src/market-data/csv/csv-market-data.js';

const FAR_FUTURE = Date.UTC(2100, 0, 1);

describe('writeBenchCsvFolder', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tradedesk-bench-test-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes the same files for the same seed and different ones for another seed', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((name) => path.join(root, name)) as [string, string, string];
    const symbols = await writeBenchCsvFolder(a, 3, 50, 7);
    await writeBenchCsvFolder(b, 3, 50, 7);
    await writeBenchCsvFolder(c, 3, 50, 8);
    expect(symbols).toEqual(['S000', 'S001', 'S002']);
    const read = (dir: string): string => readFileSync(path.join(dir, 'S001.csv'), 'utf8');
    expect(read(b)).toBe(read(a));
    expect(read(c)).not.toBe(read(a));
  });

  it('writes business days from 2000-01-03 that the CSV loader reads back', async () => {
    const dir = path.join(root, 'small');
    const symbols = await writeBenchCsvFolder(dir, 2, 10);
    const s = await createCsvMarketData({ dir }).getBars({ symbol: symbols[0]!, timeframe: '1d', to: FAR_FUTURE });
    if (!s.ok) throw new Error(s.error.message);
    const days = Array.from(s.value.time, (t) => new Date(t).toISOString().slice(0, 10));
    expect(days).toEqual([
      '2000-01-03', '2000-01-04', '2000-01-05', '2000-01-06', '2000-01-07',
      '2000-01-10', '2000-01-11', '2000-01-12', '2000-01-13', '2000-01-14',
    ]);
  });

  it('loads the full 200 x 5,000 bench folder (time logged, not asserted)', async () => {
    const dir = path.join(root, 'full');
    const symbols = await writeBenchCsvFolder(dir);
    const md = createCsvMarketData({ dir });
    const t0 = performance.now();
    const results = await Promise.all(symbols.map((symbol) => md.getBars({ symbol, timeframe: '1d', to: FAR_FUTURE })));
    const ms = performance.now() - t0;
    console.log(`csv: loaded ${symbols.length} symbols x 5,000 bars in ${ms.toFixed(0)} ms`);
    expect(symbols).toHaveLength(200);
    for (const r of results) {
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.length).toBe(5000);
    }
  });
});
