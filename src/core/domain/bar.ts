/** Bars are stored column-wise: the engine and the indicator kernels work on Float64Arrays. */

export const TIMEFRAMES = ['1m', '5m', '15m', '1h', '1d'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

export const isTimeframe = (s: string): s is Timeframe => (TIMEFRAMES as readonly string[]).includes(s);

export const TIMEFRAME_MS: Readonly<Record<Timeframe, number>> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '1d': 86_400_000,
};

/** One bar, for APIs that deal in a handful of bars. `time` is the bar's open time, epoch ms UTC. */
export interface Bar {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** A symbol's bars, oldest first, strictly increasing `time` (epoch ms UTC of the bar's open). */
export interface BarSeries {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly length: number;
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export function createBarSeries(symbol: string, timeframe: Timeframe, bars: readonly Bar[]): BarSeries {
  const n = bars.length;
  const s = {
    symbol,
    timeframe,
    length: n,
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const b = bars[i]!;
    s.time[i] = b.time;
    s.open[i] = b.open;
    s.high[i] = b.high;
    s.low[i] = b.low;
    s.close[i] = b.close;
    s.volume[i] = b.volume;
  }
  return s;
}

export function barAt(series: BarSeries, i: number): Bar {
  return {
    time: series.time[i]!,
    open: series.open[i]!,
    high: series.high[i]!,
    low: series.low[i]!,
    close: series.close[i]!,
    volume: series.volume[i]!,
  };
}

/** The first `n` bars of a series (views, no copy). Used to give code only what was known as of a time. */
export function sliceSeries(series: BarSeries, start: number, end: number): BarSeries {
  return {
    symbol: series.symbol,
    timeframe: series.timeframe,
    length: Math.max(0, end - start),
    time: series.time.subarray(start, end),
    open: series.open.subarray(start, end),
    high: series.high.subarray(start, end),
    low: series.low.subarray(start, end),
    close: series.close.subarray(start, end),
    volume: series.volume.subarray(start, end),
  };
}

/** Number of bars with `time <= asOf` (binary search). */
export function countAsOf(series: BarSeries, asOf: number): number {
  let lo = 0;
  let hi = series.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (series.time[mid]! <= asOf) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
