import { TIMEFRAME_MS, type BarSeries, type Timeframe } from '../../core/domain/bar.js';
import { assertNever } from '../../core/domain/result.js';
import { DAY_MS } from '../../core/calendar/civil-date.js';
import { SIM_EPOCH_MS, STEP_MS } from './calendar.js';
import { aggregate, copyBar, createColumns, type Columns } from './columns.js';
import { MINUTES_PER_STEP, refineStep } from './refine-minutes.js';
import type { SimSymbol } from './sim-symbol.js';

const minuteScratch = createColumns(MINUTES_PER_STEP);

/**
 * Bars `first..last` (inclusive indices on the timeframe's grid, 0 = the bar opening at SIM_EPOCH_MS).
 * Whole days are always generated and then selected, so a bar never depends on the requested window.
 */
export function buildBars(sym: SimSymbol, timeframe: Timeframe, first: number, last: number): BarSeries {
  const tfMs = TIMEFRAME_MS[timeframe];
  const n = last - first + 1;
  const out = createColumns(n);
  const time = new Float64Array(n);
  for (let i = 0; i < n; i++) time[i] = SIM_EPOCH_MS + (first + i) * tfMs;
  switch (timeframe) {
    case '1d':
      for (let i = 0; i < n; i++) sym.writeDailyBar(first + i, out, i);
      break;
    case '5m':
    case '15m':
    case '1h':
      fillAggregates(sym, tfMs / STEP_MS, DAY_MS / tfMs, first, last, out);
      break;
    case '1m':
      fillMinutes(sym, first, last, out);
      break;
    default:
      assertNever(timeframe);
  }
  return { symbol: sym.profile.symbol, timeframe, length: n, time, ...out };
}

/** Timeframes made of `group` consecutive 5-minute bars (5m itself is a group of one). */
function fillAggregates(sym: SimSymbol, group: number, perDay: number, first: number, last: number, out: Columns): void {
  for (let d = Math.floor(first / perDay); d <= Math.floor(last / perDay); d++) {
    const bars = sym.day(d);
    const from = Math.max(first, d * perDay);
    const to = Math.min(last, d * perDay + perDay - 1);
    for (let g = from; g <= to; g++) {
      const j = g - d * perDay;
      if (group === 1) copyBar(bars, j, out, g - first);
      else aggregate(bars, j * group, group, out, g - first);
    }
  }
}

function fillMinutes(sym: SimSymbol, first: number, last: number, out: Columns): void {
  const perDay = DAY_MS / TIMEFRAME_MS['1m'];
  for (let d = Math.floor(first / perDay); d <= Math.floor(last / perDay); d++) {
    const bars = sym.day(d);
    const from = Math.max(first, d * perDay) - d * perDay; // minute-of-day range needed
    const to = Math.min(last, d * perDay + perDay - 1) - d * perDay;
    for (let k = Math.floor(from / MINUTES_PER_STEP); k <= Math.floor(to / MINUTES_PER_STEP); k++) {
      refineStep(sym.profile.seed, d, k, bars, minuteScratch, 0);
      for (let m = 0; m < MINUTES_PER_STEP; m++) {
        const minute = k * MINUTES_PER_STEP + m;
        if (minute >= from && minute <= to) copyBar(minuteScratch, m, out, d * perDay + minute - first);
      }
    }
  }
}
