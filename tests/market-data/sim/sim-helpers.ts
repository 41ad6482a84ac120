// Shared by the simulated-market tests: unwrap results and aggregate bars the obvious (slow) way.
import type { BarSeries, Timeframe } from '../../../src/core/domain/bar.js';
import type { Result } from '../../../src/core/domain/result.js';
import type { MarketData } from '../../../src/app/market-data/ports.js';

export const DAY_MS = 86_400_000;
export const utc = (y: number, m: number, d: number, hh = 0, mm = 0): number => Date.UTC(y, m - 1, d, hh, mm);

export function unwrap(result: Result<BarSeries>): BarSeries {
  if (!result.ok) throw new Error(`expected bars, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export async function bars(md: MarketData, symbol: string, timeframe: Timeframe, from: number | undefined, to: number): Promise<BarSeries> {
  return unwrap(await md.getBars(from === undefined ? { symbol, timeframe, to } : { symbol, timeframe, from, to }));
}

export interface PlainBar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export function plain(s: BarSeries, i: number): PlainBar {
  return { time: s.time[i]!, open: s.open[i]!, high: s.high[i]!, low: s.low[i]!, close: s.close[i]!, volume: s.volume[i]! };
}

/** Bars `start..start+count-1` of `s` merged into one: first open, max high, min low, last close, total volume. */
export function merge(s: BarSeries, start: number, count: number): PlainBar {
  let high = -Infinity;
  let low = Infinity;
  let volume = 0;
  for (let i = start; i < start + count; i++) {
    high = Math.max(high, s.high[i]!);
    low = Math.min(low, s.low[i]!);
    volume += s.volume[i]!;
  }
  return { time: s.time[start]!, open: s.open[start]!, high, low, close: s.close[start + count - 1]!, volume };
}

export function columns(s: BarSeries): number[][] {
  return [s.time, s.open, s.high, s.low, s.close, s.volume].map((a) => Array.from(a));
}
