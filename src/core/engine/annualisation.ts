/**
 * How often an equity curve is observed in a year, to annualise per-observation Sharpe and Sortino, and how much
 * of a sample an annualised figure needs before it means anything.
 *
 * The basis is the run's calendar and timeframe (never a fixed 252): a 24/7 market (crypto, the simulated one)
 * has 365 x 1,440 = 525,600 one-minute bars a year and 365 daily bars; US equities have 252 sessions of 6.5 hours
 * (390 one-minute bars, 78 five-minute, 26 fifteen-minute, 7 hourly with the last one partial, 1 daily). Early
 * closes are ignored (about 0.3% of a year). A curve observed every k-th bar (a stored backtest curve thinned to
 * 5,000 points, a paper run that missed bars) has k times fewer observations: k is the median spacing of its
 * points in bars.
 */
import type { MarketCalendar } from '../calendar/calendar.js';
import { assertNever } from '../domain/result.js';
import { TIMEFRAME_MS, type Timeframe } from '../domain/bar.js';
import { DAY_MS } from '../calendar/civil-date.js';

export const YEAR_MS = 365.25 * DAY_MS;

/** Fewer returns than this: Sharpe and Sortino are n/a (their standard error swamps the value). */
export const MIN_RATIO_RETURNS = 30;
/**
 * A curve spanning less than this: Sharpe, Sortino and CAGR are n/a. Annualising three days of one-minute
 * returns gives Sharpe figures like -42 and CAGRs in the millions of percent, which are noise, not results.
 */
export const MIN_ANNUALISED_SPAN_MS = 30 * DAY_MS;

const US_SESSION_MINUTES = 390;
const US_SESSIONS_A_YEAR = 252;
const DAYS_A_YEAR = 365;

/** Bar closes in a year of `calendar` at `timeframe`. */
export function barsPerYear(calendar: MarketCalendar, timeframe: Timeframe): number {
  const tfMinutes = TIMEFRAME_MS[timeframe] / 60_000;
  switch (calendar.kind) {
    case '24/7':
      return timeframe === '1d' ? DAYS_A_YEAR : DAYS_A_YEAR * (1_440 / tfMinutes);
    case 'us-equities':
      return US_SESSIONS_A_YEAR * (timeframe === '1d' ? 1 : Math.ceil(US_SESSION_MINUTES / tfMinutes));
    default:
      return assertNever(calendar);
  }
}

/**
 * Median gap between consecutive points (ms), null with fewer than two points. A curve has few distinct gaps (the
 * bar size, nights, weekends), so they are counted rather than sorted: one pass over a 1M-point curve.
 */
export function medianSpacingMs(time: ArrayLike<number>): number | null {
  const n = time.length;
  if (n < 2) return null;
  const counts = new Map<number, number>();
  // Runs of equal gaps are counted in a local and added to the map once per run (most of a curve is one run).
  let gap = time[1]! - time[0]!;
  let run = 0;
  for (let i = 1; i < n; i++) {
    const g = time[i]! - time[i - 1]!;
    if (g !== gap) {
      counts.set(gap, (counts.get(gap) ?? 0) + run);
      gap = g;
      run = 0;
    }
    run++;
  }
  counts.set(gap, (counts.get(gap) ?? 0) + run);
  const gaps = [...counts.keys()].sort((a, b) => a - b);
  const middle = (n - 2) >> 1; // the lower median of the n - 1 gaps
  let seen = 0;
  for (const gap of gaps) {
    seen += counts.get(gap)!;
    if (seen > middle) return gap;
  }
  return gaps[gaps.length - 1]!;
}

/**
 * Observations a year of a curve with these point times on this calendar: barsPerYear divided by the curve's
 * median spacing in whole bars (at least 1). A session calendar's nights and weekends are long gaps, never the
 * median, so they do not thin it.
 */
export function observationsPerYear(calendar: MarketCalendar, timeframe: Timeframe, time: ArrayLike<number>): number {
  const spacing = medianSpacingMs(time);
  const every = spacing === null ? 1 : Math.max(1, Math.round(spacing / TIMEFRAME_MS[timeframe]));
  return barsPerYear(calendar, timeframe) / every;
}

const days = (ms: number): string => `${(ms / DAY_MS).toFixed(1)} day(s)`;

/** Why an annualised figure is n/a on this sample, or null when the sample is large enough. */
export function shortSampleNote(returns: number, spanMs: number): string | null {
  const short = shortSpanNote(spanMs);
  if (short !== null) return short;
  return returns < MIN_RATIO_RETURNS ? `n/a: ${returns} return(s), under the ${MIN_RATIO_RETURNS} an annualised ratio needs` : null;
}

/** Why CAGR is n/a on a curve spanning `spanMs`, or null when it is long enough. */
export function shortSpanNote(spanMs: number): string | null {
  return spanMs < MIN_ANNUALISED_SPAN_MS
    ? `n/a: the equity curve spans ${days(spanMs)}, under the ${MIN_ANNUALISED_SPAN_MS / DAY_MS} days an annualised figure needs`
    : null;
}
