// Loads the example daily data in examples/data (real Yahoo prices) for tests. Kept deliberately tiny and
// independent of src/market-data so indicator and strategy tests do not depend on the CSV loader under test.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBarSeries, type Bar, type BarSeries } from '../../src/core/domain/bar.js';

export const EXAMPLE_DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/data');

const cache = new Map<string, BarSeries>();

export function loadRealSeries(symbol: 'ORCL' | 'GOOG'): BarSeries {
  const hit = cache.get(symbol);
  if (hit) return hit;
  const text = readFileSync(path.join(EXAMPLE_DATA_DIR, `${symbol}.csv`), 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0]!.split(',').map((h) => h.trim().toLowerCase());
  const col = (name: string): number => header.indexOf(name);
  const [o, h, l, c, v] = [col('open'), col('high'), col('low'), col('close'), col('volume')];
  const bars: Bar[] = lines.slice(1).map((line) => {
    const f = line.split(',');
    return {
      time: Date.parse(`${f[0]}T00:00:00Z`),
      open: Number(f[o]),
      high: Number(f[h]),
      low: Number(f[l]),
      close: Number(f[c]),
      volume: Number(f[v]),
    };
  });
  const series = createBarSeries(symbol, '1d', bars);
  cache.set(symbol, series);
  return series;
}
