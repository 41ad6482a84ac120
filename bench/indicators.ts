// Indicator kernel throughput: ns per bar for each batch kernel and the matching technicalindicators call,
// over the same deterministic 1M-bar random walk, best of 3 runs each.
import { performance } from 'node:perf_hooks';
import { ATR, BollingerBands, EMA, MACD, ROC, RSI, SD, SMA, highest, lowest } from 'technicalindicators';
import {
  atr,
  bollinger,
  donchian,
  ema,
  macd,
  momentum,
  rollingStd,
  rsi,
  sma,
} from '../src/core/indicators/index.js';
import type { BenchFigure } from './figure.js';
import { prng } from './prng.js';

const BARS = 1_000_000;
const RUNS = 3;
const WARM_UP_BARS = 20_000;


interface Ohlc {
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
}

/** Daily-like random walk from 100: ~1% moves, highs/lows a little outside open/close. */
function randomWalk(n: number, seed: number): Ohlc {
  const rnd = prng(seed);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  let price = 100;
  for (let i = 0; i < n; i++) {
    const open = price;
    price = Math.max(1, price * (1 + (rnd() - 0.5) * 0.02));
    close[i] = price;
    high[i] = Math.max(open, price) * (1 + rnd() * 0.005);
    low[i] = Math.min(open, price) * (1 - rnd() * 0.005);
  }
  return { high, low, close };
}

/** Results are counted here so no call's output is provably unused. */
let sink = 0;

function bestNsPerBar(fn: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const out = fn();
    const ms = performance.now() - t0;
    sink += out === undefined ? 0 : 1;
    best = Math.min(best, ms);
  }
  return (best * 1e6) / BARS;
}

interface Case {
  readonly name: string;
  readonly params: Readonly<Record<string, number>>;
  readonly libraryCall: string;
  readonly ours: () => unknown;
  readonly library: () => unknown;
}

function cases(data: Ohlc): Case[] {
  const { high, low, close } = data;
  // The library iterates plain arrays; converting is setup, not part of its measured cost.
  const values = Array.from(close);
  const hi = Array.from(high);
  const lo = Array.from(low);
  return [
    { name: 'sma', params: { period: 50 }, libraryCall: 'SMA', ours: () => sma(close, 50), library: () => SMA.calculate({ period: 50, values }) },
    { name: 'ema', params: { period: 50 }, libraryCall: 'EMA', ours: () => ema(close, 50), library: () => EMA.calculate({ period: 50, values }) },
    { name: 'rsi', params: { period: 14 }, libraryCall: 'RSI', ours: () => rsi(close, 14), library: () => RSI.calculate({ period: 14, values }) },
    {
      name: 'atr',
      params: { period: 14 },
      libraryCall: 'ATR',
      ours: () => atr(high, low, close, 14),
      library: () => ATR.calculate({ period: 14, high: hi, low: lo, close: values }),
    },
    { name: 'rolling_std', params: { period: 20 }, libraryCall: 'SD', ours: () => rollingStd(close, 20), library: () => SD.calculate({ period: 20, values }) },
    {
      name: 'bollinger',
      params: { period: 20, stdDev: 2 },
      libraryCall: 'BollingerBands',
      ours: () => bollinger(close, 20, 2),
      library: () => BollingerBands.calculate({ period: 20, stdDev: 2, values }),
    },
    {
      name: 'donchian',
      params: { period: 20 },
      libraryCall: 'highest + lowest',
      ours: () => donchian(high, low, 20),
      library: () => [highest({ period: 20, values: hi }), lowest({ period: 20, values: lo })],
    },
    {
      name: 'macd',
      params: { fast: 12, slow: 26, signal: 9 },
      libraryCall: 'MACD (EMA oscillator and signal)',
      ours: () => macd(close, 12, 26, 9),
      library: () =>
        MACD.calculate({ values, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false }),
    },
    { name: 'momentum', params: { lookback: 10 }, libraryCall: 'ROC', ours: () => momentum(close, 10), library: () => ROC.calculate({ period: 10, values }) },
  ];
}

/**
 * One figure per kernel: `value` is our ns/bar, `ratio` = library / ours (how many times faster we are).
 * Takes ~40 s, mostly in the library calls (its Bollinger bands cost microseconds per bar).
 */
export async function benchIndicators(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const data = randomWalk(BARS, 1);
  const warmUp = cases({
    high: data.high.subarray(0, WARM_UP_BARS),
    low: data.low.subarray(0, WARM_UP_BARS),
    close: data.close.subarray(0, WARM_UP_BARS),
  });
  for (const c of cases(data)) {
    // A short untimed pass first, so no timed run pays for compiling the code under test.
    const w = warmUp.find((x) => x.name === c.name)!;
    sink += w.ours() === undefined ? 0 : 1;
    sink += w.library() === undefined ? 0 : 1;
    const ours = bestNsPerBar(c.ours);
    const library = bestNsPerBar(c.library);
    figures.push({
      name: `indicator.${c.name}.ns_per_bar`,
      value: round(ours),
      unit: 'ns/bar',
      library_ns_per_bar: round(library),
      ratio: round(library / ours),
      library_call: c.libraryCall,
      params: c.params,
      bars: BARS,
      runs: RUNS,
    });
  }
  return figures;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
