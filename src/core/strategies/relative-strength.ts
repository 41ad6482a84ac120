import { z } from 'zod';
import type { BarSeries } from '../domain/bar.js';
import type { Signal } from '../domain/signal.js';
import { sma } from '../indicators/index.js';
import { intParam, symbolParam } from './params.js';
import { barIndexAt, fmt, heldQty, scaledConfidence, signal } from './signal-helpers.js';
import { defineStrategy, NO_SIGNALS } from './strategy.js';

export const relativeStrengthParams = z.strictObject({
  benchmark: symbolParam('SPY'),
  smaPeriod: intParam(50, { min: 2, max: 1000 }),
  rsPeriod: intParam(50, { min: 2, max: 1000 }),
});
export type RelativeStrengthParams = z.infer<typeof relativeStrengthParams>;

interface Prepared {
  /** Universe index of the benchmark, -1 when it is not loaded (then the strategy never signals). */
  readonly benchmarkK: number;
  readonly closeSma: readonly Float64Array[];
  /** RS line per symbol, aligned on the symbol's own bars (NaN before the benchmark's first bar). */
  readonly rs: readonly Float64Array[];
  readonly rsSma: readonly Float64Array[];
}

/** close / benchmark close, using the benchmark's latest bar at or before each of the symbol's bars. */
export function relativeStrengthLine(s: BarSeries, bench: BarSeries): Float64Array {
  const rs = new Float64Array(s.length).fill(Number.NaN);
  let j = -1;
  for (let i = 0; i < s.length; i++) {
    while (j + 1 < bench.length && bench.time[j + 1]! <= s.time[i]!) j++;
    if (j >= 0) rs[i] = s.close[i]! / bench.close[j]!;
  }
  return rs;
}

/** SMA of a line that is NaN until some index: averaging starts at the first defined value. */
function smaFromFirstValue(line: Float64Array, period: number): Float64Array {
  let first = 0;
  while (first < line.length && Number.isNaN(line[first]!)) first++;
  const out = new Float64Array(line.length).fill(Number.NaN);
  if (first < line.length) out.set(sma(line.subarray(first), period), first);
  return out;
}

function describe(p: RelativeStrengthParams, close: number, avg: number, rs: number, rsAvg: number): string {
  return (
    `close ${fmt(close)} vs SMA${p.smaPeriod} ${fmt(avg)}, ` +
    `RS vs ${p.benchmark} ${rs.toFixed(4)} vs its SMA${p.rsPeriod} ${rsAvg.toFixed(4)}`
  );
}

export const relativeStrength = defineStrategy<RelativeStrengthParams, Prepared>({
  id: 'relative-strength',
  version: '1.0.0',
  title: 'Relative strength vs a benchmark',
  description:
    'Holds symbols that are strong both on their own and against a benchmark (default SPY, loaded as data): ' +
    'enters long when the close is above its SMA(smaPeriod 50) and the RS line (close / benchmark close) is ' +
    'above its SMA(rsPeriod 50); exits when either condition fails. Never trades the benchmark. Long only; ' +
    'needs max(smaPeriod, rsPeriod) bars.',
  paramsSchema: relativeStrengthParams,
  minBars: (p) => Math.max(p.smaPeriod, p.rsPeriod),
  dataSymbols: (p) => [p.benchmark],
  prepare: (u, p) => {
    const benchmarkK = u.symbols.indexOf(p.benchmark);
    const bench = benchmarkK >= 0 ? u.series[benchmarkK]! : undefined;
    const rs = u.series.map((s) => (bench ? relativeStrengthLine(s, bench) : new Float64Array(0)));
    return {
      benchmarkK,
      closeSma: u.series.map((s) => (bench ? sma(s.close, p.smaPeriod) : new Float64Array(0))),
      rs,
      rsSma: rs.map((line) => smaFromFirstValue(line, p.rsPeriod)),
    };
  },
  decide({ t, universe: u, params: p, prepared, holdings }) {
    const benchK = prepared.benchmarkK;
    if (benchK < 0) return NO_SIGNALS;
    const minIndex = Math.max(p.smaPeriod, p.rsPeriod) - 1;
    let out: Signal[] | undefined;
    for (let k = 0; k < u.series.length; k++) {
      if (!u.tradable[k] || k === benchK) continue;
      const i = barIndexAt(u, k, t);
      if (i < minIndex) continue;
      const close = u.series[k]!.close[i]!;
      const avg = prepared.closeSma[k]![i]!;
      const rs = prepared.rs[k]![i]!;
      const rsAvg = prepared.rsSma[k]![i]!;
      if (Number.isNaN(avg) || Number.isNaN(rsAvg)) continue; // benchmark history too short yet
      const strong = close > avg && rs > rsAvg;
      const symbol = u.symbols[k]!;
      const qty = heldQty(holdings, symbol);
      if (strong && qty === 0) {
        // Confidence: 0.5 when both just clear their averages, full when the weaker of the two margins is 10%.
        const conf = scaledConfidence(Math.min(close / avg - 1, rs / rsAvg - 1), 0.1);
        const reason = `above trend and outperforming: ${describe(p, close, avg, rs, rsAvg)}`;
        (out ??= []).push(signal(symbol, 'enter_long', conf, reason));
      } else if (!strong && qty > 0) {
        // Confidence: 0.5 when one just slips under its average, full when the worse margin is -10%.
        const conf = scaledConfidence(-Math.min(close / avg - 1, rs / rsAvg - 1), 0.1);
        const what = close > avg ? 'underperforming' : rs > rsAvg ? 'below trend' : 'below trend and underperforming';
        (out ??= []).push(signal(symbol, 'exit_long', conf, `${what}: ${describe(p, close, avg, rs, rsAvg)}`));
      }
    }
    return out ?? NO_SIGNALS;
  },
});
