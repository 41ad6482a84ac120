// In-engine backtest throughput over 1,000,000 bars per strategy, beside a hand-written SMA 50/200 loop.
import { createBarSeries, type Bar, type BarSeries } from '../src/core/domain/bar.js';
import { runBacktest } from '../src/core/engine/backtest.js';
import { DEFAULT_QUANT, DEFAULT_SIZING } from '../src/core/engine/config.js';
import { buildUniverse } from '../src/core/engine/universe.js';
import { DEFAULT_GATE_LIMITS } from '../src/core/risk/gates.js';
import { bindStrategy, STRATEGY_IDS } from '../src/core/strategies/registry.js';
import type { BenchFigure } from './figure.js';
import { prng } from './prng.js';

const BARS = 1_000_000;
const TARGET_TREND = 10_000_000;
const TARGET_OTHER = 2_000_000;

/**
 * A seeded random walk with daily-like moves (about 1.5% a bar) and realistic OHLC ranges, so every strategy
 * trades at a realistic rate (on 1-minute-sized moves the mean-reversion bands are almost never touched).
 */
export function randomWalkSeries(symbol: string, n: number, seed: number): BarSeries {
  const rnd = prng(seed);
  const bars: Bar[] = new Array(n);
  let price = 100;
  for (let i = 0; i < n; i++) {
    const open = price;
    // Mean-reverting log drift keeps a million bars of random walk inside a sane price range.
    const pull = Math.log(100 / price) * 0.001;
    price = price * Math.exp(pull + (rnd() - 0.5) * 0.05);
    bars[i] = { time: Date.UTC(2000, 0, 3) + i * 60_000, open, high: Math.max(open, price) * (1 + rnd() * 0.01), low: Math.min(open, price) * (1 - rnd() * 0.01), close: price, volume: 1000 + Math.floor(rnd() * 1000) };
  }
  return createBarSeries(symbol, '1m', bars);
}

function best<T>(runs: number, f: () => T): { ms: number; last: T } {
  let ms = Infinity;
  let last!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = f();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, last };
}

/** The speed-of-light reference: SMA 50/200 cross, all-in long, plain loops over Float64Arrays. */
function handWrittenSmaCross(close: Float64Array, open: Float64Array): number {
  const n = close.length;
  let fastSum = 0;
  let slowSum = 0;
  let prevFast = NaN;
  let prevSlow = NaN;
  let cash = 100_000;
  let qty = 0;
  let pending = 0;
  let equity = cash;
  for (let i = 0; i < n; i++) {
    if (pending !== 0) {
      if (pending > 0) {
        qty = Math.floor(cash / open[i]!);
        cash -= qty * open[i]!;
      } else {
        cash += qty * open[i]!;
        qty = 0;
      }
      pending = 0;
    }
    const c = close[i]!;
    fastSum += c;
    slowSum += c;
    if (i >= 50) fastSum -= close[i - 50]!;
    if (i >= 200) slowSum -= close[i - 200]!;
    const fast = i >= 49 ? fastSum / 50 : NaN;
    const slow = i >= 199 ? slowSum / 200 : NaN;
    if (prevFast < prevSlow && fast > slow && qty === 0) pending = 1;
    else if (prevFast > prevSlow && fast < slow && qty > 0) pending = -1;
    prevFast = fast;
    prevSlow = slow;
    equity = cash + qty * c;
  }
  return equity;
}

export async function benchEngine(): Promise<BenchFigure[]> {
  const series = randomWalkSeries('SIM', BARS, 7);
  const universe = buildUniverse([series], [true]);
  // relative-strength also reads a benchmark: a second, data-only series (not counted in the bars traded).
  const withBenchmark = buildUniverse([series, randomWalkSeries('BENCH', BARS, 8)], [true, false]);
  const figures: BenchFigure[] = [];
  handWrittenSmaCross(series.close, series.open);
  const base = best(5, () => handWrittenSmaCross(series.close, series.open));
  const baselineBarsPerSec = BARS / (base.ms / 1000);
  figures.push({ name: 'engine.baseline_hand_loop_sma_50_200.bars_per_s', value: Math.round(baselineBarsPerSec), unit: 'bars/s', bars: BARS });
  for (const id of STRATEGY_IDS) {
    const rs = id === 'relative-strength';
    const bound = bindStrategy(id, rs ? { benchmark: 'BENCH' } : {});
    if (!bound.ok) throw new Error(bound.error.message);
    const config = {
      runKey: 'bench', strategy: bound.value, timeframe: '1m' as const, rules: [], gates: DEFAULT_GATE_LIMITS,
      gatesMode: 'enforce' as const, sizing: DEFAULT_SIZING, costs: { commissionRate: 0.0005, slippageBps: 1 }, quant: DEFAULT_QUANT,
    };
    const u = rs ? withBenchmark : universe;
    // Warm-up: measure the engine's steady state (what a long-lived desk sees), not the JIT compiler's tiers.
    for (let i = 0; i < 5; i++) runBacktest(u, config, 100_000);
    const r = best(5, () => runBacktest(u, config, 100_000));
    const barsPerSec = BARS / (r.ms / 1000);
    const target = id === 'trend-following' ? TARGET_TREND : TARGET_OTHER;
    figures.push({
      name: `engine.${id}.bars_per_s`, value: Math.round(barsPerSec), unit: 'bars/s', bars: BARS, trades: r.last.metrics.trades,
      // Entry signals the gates blocked (repeats included): after a drawdown halt these dominate the work.
      blocked_signals: r.last.blocked.reduce((n, b) => n + 1 + (b.repeats ?? 0), 0),
      target, meets_target: barsPerSec >= target, vs_hand_loop: Number((barsPerSec / baselineBarsPerSec).toFixed(3)),
    });
  }
  return figures;
}
