// Writes the CSV folder for the end-to-end bench: deterministic Yahoo-layout daily files, random-walk prices.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRng, hash32 } from '../src/market-data/sim/rng.js';

const FIRST_DAY_MS = Date.UTC(2000, 0, 3); // a Monday
const DAY_MS = 86_400_000;

/** Writes `<dir>/S000.csv` ... (business days from 2000-01-03) and returns the symbols, in order. */
export async function writeBenchCsvFolder(dir: string, symbols = 200, bars = 5000, seed = 1): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const width = Math.max(3, String(symbols - 1).length);
  const names = Array.from({ length: symbols }, (_, i) => `S${String(i).padStart(width, '0')}`);
  const dates = businessDays(bars);
  await Promise.all(names.map((name, i) => writeFile(path.join(dir, `${name}.csv`), benchCsv(dates, hash32(seed, i)))));
  return names;
}

function businessDays(count: number): string[] {
  const out: string[] = [];
  for (let t = FIRST_DAY_MS; out.length < count; t += DAY_MS) {
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

function benchCsv(dates: readonly string[], seed: number): string {
  const rng = createRng(seed);
  const lines = ['Date,Open,High,Low,Close,Adj Close,Volume'];
  let close = 20 + 180 * rng.uniform();
  for (const date of dates) {
    // A 1.5% daily vol keeps 5,000 steps well away from zero at 4 decimals; the floor is a backstop.
    const open = close * Math.exp(0.004 * rng.normal());
    close = Math.max(0.5, open * Math.exp(0.015 * rng.normal()));
    const high = Math.max(open, close) * Math.exp(0.008 * Math.abs(rng.normal()));
    const low = Math.min(open, close) * Math.exp(-0.008 * Math.abs(rng.normal()));
    const volume = Math.round(1_000_000 * Math.exp(0.4 * rng.normal()));
    const c = close.toFixed(4);
    lines.push(`${date},${open.toFixed(4)},${high.toFixed(4)},${low.toFixed(4)},${c},${c},${volume}`);
  }
  lines.push('');
  return lines.join('\n');
}
