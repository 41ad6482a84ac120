import { performance } from 'node:perf_hooks';
import { computeMetrics, type MetricsInput } from '../src/core/engine/metrics.js';
import type { BlockedSignal, ClosedTrade } from '../src/core/engine/report.js';
import type { BenchFigure } from './figure.js';
import { prng } from './prng.js';

const TRADES = 500_000;
const CURVE_POINTS = 1_000_000;
const BLOCKED = 10_000;
const STEP_MS = 300_000; // 5-minute bars: 1M points span ~9.5 years and many intraday points per day
const T0 = Date.UTC(2015, 0, 1);


function syntheticInput(seed = 1): MetricsInput {
  const rand = prng(seed);
  const time = new Float64Array(CURVE_POINTS);
  const equity = new Float64Array(CURVE_POINTS);
  let e = 100_000;
  for (let i = 0; i < CURVE_POINTS; i++) {
    e *= 1 + (rand() - 0.499) * 0.002;
    time[i] = T0 + i * STEP_MS;
    equity[i] = e;
  }
  const trades: ClosedTrade[] = new Array<ClosedTrade>(TRADES);
  for (let i = 0; i < TRADES; i++) {
    const entryTime = T0 + i * STEP_MS;
    const entryPrice = 50 + rand() * 100;
    const exitPrice = entryPrice * (1 + (rand() - 0.48) * 0.05);
    const qty = 1 + Math.floor(rand() * 100);
    trades[i] = {
      symbol: `S${i % 200}`,
      side: i % 3 === 0 ? 'short' : 'long',
      qty,
      entryTime,
      entryPrice,
      exitTime: entryTime + 2 * STEP_MS,
      exitPrice,
      pnl: (exitPrice - entryPrice) * qty - 1,
      commission: 1,
      exitReason: 'signal',
      barsHeld: 2,
    };
  }
  const blocked: BlockedSignal[] = Array.from({ length: BLOCKED }, (_, i) => ({
    time: T0 + i * STEP_MS,
    symbol: `S${i % 200}`,
    by: i % 2 === 0 ? 'gate:max_exposure' : `rule:r${i % 7}`,
    reason: 'synthetic',
    observed: null,
    limit: null,
    shadow: i % 5 === 0,
  }));
  return { curve: { time, equity }, trades, startEquity: 100_000, exposedBars: CURVE_POINTS / 2, blocked };
}

/** computeMetrics over 500k closed trades and a 1M-point intraday curve, best of 3 (input built once). */
export async function benchMetrics(): Promise<BenchFigure[]> {
  const input = syntheticInput();
  let best = Number.POSITIVE_INFINITY;
  let sink = 0; // keeps the result observable so the call cannot be optimised away
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const m = computeMetrics(input);
    best = Math.min(best, performance.now() - started);
    sink += m.trades + (m.sharpe ?? 0);
  }
  return [
    {
      name: 'metrics.500k_trades.ms',
      value: Math.round(best * 100) / 100,
      unit: 'ms',
      target: 300,
      trades: TRADES,
      curvePoints: CURVE_POINTS,
      checksum: sink,
    },
  ];
}
