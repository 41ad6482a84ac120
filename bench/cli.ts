// The CLI end to end: process start to JSON, 200 symbols x 5,000 daily bars of CSV. Target: under 3 s.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchCsvFolder } from './csv.js';
import type { BenchFigure } from './figure.js';

/** The repo root: the nearest folder above this file with bin/tradedesk.js (this file also runs bundled from dist/). */
export const ROOT = (() => {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'bin', 'tradedesk.js'))) return dir;
    if (path.dirname(dir) === dir) throw new Error('bench/cli.ts: cannot find bin/tradedesk.js above this file');
  }
})();
const SYMBOLS = 200;
const BARS = 5_000;

export async function benchCli(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tradedesk-bench-csv-'));
  try {
    const symbols = await writeBenchCsvFolder(dir, SYMBOLS, BARS, 1);
    const args = [path.join(ROOT, 'bin', 'tradedesk.js'), 'backtest', '--strategy', 'trend-following', '--symbols', symbols.join(','), '--data', dir, '--json'];
    let bestMs = Infinity;
    let trades = 0;
    let bars = 0;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const out = execFileSync(process.execPath, args, { cwd: ROOT, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, TRADEDESK_MARKET: 'sim' } });
      bestMs = Math.min(bestMs, performance.now() - t0);
      const doc: unknown = JSON.parse(out.toString('utf8'));
      if (typeof doc === 'object' && doc !== null && 'metrics' in doc && 'bars' in doc) {
        const m = doc.metrics;
        trades = typeof m === 'object' && m !== null && 'trades' in m && typeof m.trades === 'number' ? m.trades : 0;
        bars = typeof doc.bars === 'number' ? doc.bars : 0;
      }
    }
    return [{ name: 'cli.backtest_200x5000_csv.ms', value: Math.round(bestMs), unit: 'ms', target: 3000, meets_target: bestMs < 3000, symbols: SYMBOLS, bars_per_symbol: BARS, timeline_bars: bars, trades }];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
