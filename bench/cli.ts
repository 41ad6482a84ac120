// The CLI as a person runs it: whole processes, from `node bin/tradedesk.js` starting to its output (or, for the
// desk, to its first answer), each the best of several runs. Targets (issue 12): `tradedesk --help` under 150 ms;
// a 10,000-bar CSV backtest under 300 ms; 1,000,000 bars (200 symbols x 5,000 days) under 1 s, the CSV parse and
// the JSON output included; the desk's start to its first prompt under 1 s. `node -e 0` is printed beside them: the
// floor no figure can go under on this machine.
import { execFileSync, spawn } from 'node:child_process';
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
const BIN = path.join(ROOT, 'bin', 'tradedesk.js');

/** The parent's environment without desk settings (a developer's .env must not change the figures). */
function cleanEnv(extra: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('TRADEDESK_') && k !== 'DATABASE_URL') env[k] = v;
  return { ...env, TRADEDESK_MARKET: 'sim', ...extra };
}

/** Best wall time of `runs` runs of `node <args>`, and the last run's stdout. */
function bestOf(runs: number, args: readonly string[], env: Record<string, string>): { ms: number; out: string } {
  let ms = Infinity;
  let out = '';
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    out = execFileSync(process.execPath, args, { cwd: ROOT, maxBuffer: 256 * 1024 * 1024, env }).toString('utf8');
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, out };
}

function figure(name: string, ms: number, target: number, extra: Record<string, unknown> = {}): BenchFigure {
  return { name, value: Math.round(ms), unit: 'ms', target, meets_target: ms < target, ...extra };
}

/** A `--json` backtest of every symbol in `dir`, best of `runs`: the figure with the run's bar and trade counts. */
async function backtestFigure(name: string, target: number, symbols: number, bars: number, runs: number, env: Record<string, string>): Promise<BenchFigure> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tradedesk-bench-csv-'));
  try {
    const names = await writeBenchCsvFolder(dir, symbols, bars, 1);
    const { ms, out } = bestOf(runs, [BIN, 'backtest', '--strategy', 'trend-following', '--symbols', names.join(','), '--data', dir, '--json'], env);
    const doc: unknown = JSON.parse(out);
    let timelineBars = 0;
    let trades = 0;
    if (typeof doc === 'object' && doc !== null && 'metrics' in doc && 'bars' in doc) {
      const m = doc.metrics;
      trades = typeof m === 'object' && m !== null && 'trades' in m && typeof m.trades === 'number' ? m.trades : 0;
      timelineBars = typeof doc.bars === 'number' ? doc.bars : 0;
    }
    return figure(name, ms, target, { symbols, bars_per_symbol: bars, bars_total: symbols * bars, timeline_bars: timelineBars, trades });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `tradedesk console` on a database of its own, from spawn to its answer to a first `/help` piped in. Piped, the desk
 * prints no prompt: it reads its first line at the point where a terminal gets the prompt, so this is the time to the
 * prompt plus one command's answer. The first start (which applies the migrations) is reported apart.
 */
async function consoleFigure(runs: number): Promise<BenchFigure> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tradedesk-bench-console-'));
  const env = cleanEnv({ DATABASE_URL: `file:${path.join(dir, 'desk.db')}` });
  const once = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const t0 = performance.now();
      const child = spawn(process.execPath, [BIN, 'console'], { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'] });
      let ms = Infinity;
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.stdout.once('data', () => {
        ms = performance.now() - t0;
        child.stdin.end();
      });
      child.on('error', reject);
      child.on('close', (code) => (code === 0 && ms < Infinity ? resolve(ms) : reject(new Error(`tradedesk console exited ${code}: ${stderr.trim()}`))));
      child.stdin.write('/help\n');
    });
  try {
    const firstStartMs = await once();
    let ms = Infinity;
    for (let i = 0; i < runs; i++) ms = Math.min(ms, await once());
    return figure('cli.console_first_prompt.ms', ms, 1000, { measured: 'spawn to the answer of a piped /help', first_start_ms: Math.round(firstStartMs) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchCli(): Promise<BenchFigure[]> {
  const env = cleanEnv({});
  const node = bestOf(10, ['-e', '0'], env);
  const help = bestOf(10, [BIN, '--help'], env);
  return [
    { name: 'cli.node_floor.ms', value: Math.round(node.ms), unit: 'ms', measured: 'node -e 0' },
    figure('cli.help.ms', help.ms, 150),
    await backtestFigure('cli.backtest_10k_csv.ms', 300, 1, 10_000, 7, env),
    await backtestFigure('cli.backtest_1m_csv.ms', 1000, 200, 5_000, 3, env),
    await consoleFigure(5),
  ];
}
