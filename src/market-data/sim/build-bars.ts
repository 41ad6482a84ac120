import { TIMEFRAME_MS, type BarSeries, type Timeframe } from '../../core/domain/bar.js';
import { assertNever } from '../../core/domain/result.js';
import { DAY_MS } from '../../core/calendar/civil-date.js';
import { SIM_EPOCH_MS, STEP_MS } from './calendar.js';
import { aggregate, copyBar, createColumns, type Columns } from './columns.js';
import { MINUTES_PER_STEP, refineStep } from './refine-minutes.js';
import type { SimSymbol } from './sim-symbol.js';

const minuteScratch = createColumns(MINUTES_PER_STEP);
const MINUTES_PER_DAY = DAY_MS / TIMEFRAME_MS['1m'];

/**
 * Whole days of 1-minute bars kept between requests, by symbol and day. A desk asks every minute for the last few
 * days of each run's symbols (and runs share symbols); refining the same minutes for every run and every close was
 * most of an iteration's time. Only short windows use it: a long backtest reads each day once.
 */
export interface MinuteDays {
  get(key: string): Columns | undefined;
  set(key: string, day: Columns): void;
}
/** Windows spanning at most this many days are served through MinuteDays (an iteration's is 5 days and its strategy's bars). */
export const MINUTE_DAYS_WINDOW = 8;

/**
 * Bars `first..last` (inclusive indices on the timeframe's grid, 0 = the bar opening at SIM_EPOCH_MS).
 * Whole days are always generated and then selected, so a bar never depends on the requested window.
 */
export function buildBars(sym: SimSymbol, timeframe: Timeframe, first: number, last: number, minuteDays?: MinuteDays): BarSeries {
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
      if (minuteDays !== undefined && Math.floor(last / MINUTES_PER_DAY) - Math.floor(first / MINUTES_PER_DAY) < MINUTE_DAYS_WINDOW) {
        fillMinutesFromDays(sym, first, last, out, minuteDays);
      } else {
        fillMinutes(sym, first, last, out);
      }
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

/** The same bars as fillMinutes, copied from whole days generated once (the same steps, so the same numbers). */
function fillMinutesFromDays(sym: SimSymbol, first: number, last: number, out: Columns, days: MinuteDays): void {
  for (let d = Math.floor(first / MINUTES_PER_DAY); d <= Math.floor(last / MINUTES_PER_DAY); d++) {
    const key = `${sym.profile.symbol}|${d}`;
    let day = days.get(key);
    if (day === undefined) {
      day = createColumns(MINUTES_PER_DAY);
      fillMinutes(sym, d * MINUTES_PER_DAY, d * MINUTES_PER_DAY + MINUTES_PER_DAY - 1, day);
      days.set(key, day);
    }
    const from = Math.max(first, d * MINUTES_PER_DAY);
    const to = Math.min(last, d * MINUTES_PER_DAY + MINUTES_PER_DAY - 1);
    for (let g = from; g <= to; g++) copyBar(day, g - d * MINUTES_PER_DAY, out, g - first);
  }
}
