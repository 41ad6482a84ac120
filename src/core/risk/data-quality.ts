import type { BarSeries } from '../domain/bar.js';
import { DAY_MS } from '../calendar/civil-date.js';

/**
 * A data-quality score for a bar series, fed to the circuit breaker (`data_quality` events, minimum 0.8 by default).
 *
 * score = max(0, 1 - sum of penalties):
 * - structural problems make the data unusable, so any one of them alone scores below 0.8:
 *   non-finite or non-positive prices: 0.25 + 0.75 x share of bars affected;
 *   duplicate, decreasing or non-finite times: 0.25 + 0.75 x share of bars affected;
 *   a stale last bar (older than `staleAfterMs` at `now`) or a last bar in the future: 0.25.
 * - local blemishes scale with how common they are, so a few in twenty years barely register:
 *   high < low or open/close outside [low, high]: min(0.5, 10 x share of bars);
 *   missing bars (a gap longer than the step): min(0.5, 5 x missing / (bars + missing)).
 *
 * Calendars: 'continuous' (crypto, 24x7) expects a bar every step. 'exchange' allows market closures: a gap that
 * crosses a UTC day boundary and lasts at most max(4 days, step + 3 days) is fine (nights, weekends, holidays);
 * for daily bars a longer gap counts the weekdays it skipped. Intraday sessions with a midday break (e.g. Tokyo)
 * will show the break as missing bars. The default stale limit is 2 x step ('continuous') and
 * max(2 x step, 4 days + step) ('exchange', so Friday's bar is still current over a long weekend).
 */
export type DataCalendar = 'continuous' | 'exchange';

export interface DataQualityOptions {
  readonly calendar?: DataCalendar;
  /** Overrides the default stale limit. */
  readonly staleAfterMs?: number;
}

export interface DataQuality {
  /** In [0, 1]; 1 is clean. */
  readonly score: number;
  /** Plain-language findings with counts and the first occurrence; empty when clean. */
  readonly issues: readonly string[];
}

const CLOSURE_MS = 4 * DAY_MS;

export function assessDataQuality(
  series: BarSeries,
  expectedStepMs: number,
  now: number,
  opts: DataQualityOptions = {},
): DataQuality {
  if (!(expectedStepMs > 0) || !Number.isFinite(expectedStepMs)) {
    throw new RangeError(`assessDataQuality: expectedStepMs must be positive, got ${expectedStepMs}`);
  }
  const n = series.length;
  if (n === 0) return { score: 0, issues: ['no bars'] };
  const exchange = opts.calendar === 'exchange';
  const maxClosureMs = Math.max(CLOSURE_MS, expectedStepMs + 3 * DAY_MS);
  const scan = scanBars(series, expectedStepMs, exchange, maxClosureMs);
  const issues: string[] = [];
  let penalty = 0;
  const { badPrice, badTime, badOhlc, missing, gaps } = scan;
  if (badPrice.count > 0) {
    penalty += 0.25 + (0.75 * badPrice.count) / n;
    issues.push(`${bars(badPrice.count)} with non-finite or non-positive prices (first at ${fmtTime(badPrice.first)})`);
  }
  if (badTime.count > 0) {
    penalty += 0.25 + (0.75 * badTime.count) / n;
    issues.push(`${bars(badTime.count)} with a duplicate, decreasing or invalid time (first at ${fmtTime(badTime.first)})`);
  }
  if (badOhlc.count > 0) {
    penalty += Math.min(0.5, (10 * badOhlc.count) / n);
    issues.push(`${bars(badOhlc.count)} with high < low or open/close outside [low, high] (first at ${fmtTime(badOhlc.first)})`);
  }
  if (missing > 0) {
    penalty += Math.min(0.5, (5 * missing) / (n + missing));
    issues.push(
      `about ${missing} missing ${missing === 1 ? 'bar' : 'bars'} in ${gaps} ${gaps === 1 ? 'gap' : 'gaps'} ` +
        `(largest ${fmtDuration(scan.largestGap)} after ${fmtTime(scan.largestGapAfter)})`,
    );
  }
  const stale = staleness(series.time[n - 1]!, now, opts.staleAfterMs ?? (exchange ? Math.max(2 * expectedStepMs, maxClosureMs + expectedStepMs) : 2 * expectedStepMs));
  if (stale !== null) {
    penalty += 0.25;
    issues.push(stale);
  }
  return { score: Math.max(0, 1 - penalty), issues };
}

interface BarScan {
  readonly badPrice: Tally;
  readonly badOhlc: Tally;
  readonly badTime: Tally;
  readonly gaps: number;
  readonly missing: number;
  readonly largestGap: number;
  readonly largestGapAfter: number;
}

/** One pass over the bars: bad prices, bad OHLC, bad times, and the gaps that are not an exchange's closures. */
function scanBars(series: BarSeries, expectedStepMs: number, exchange: boolean, maxClosureMs: number): BarScan {
  const { time, open, high, low, close } = series;
  const badPrice = new Tally();
  const badOhlc = new Tally();
  const badTime = new Tally();
  let gaps = 0;
  let missing = 0;
  let largestGap = 0;
  let largestGapAfter = 0;
  let lastTime = Number.NEGATIVE_INFINITY; // latest valid time so far: later bars must exceed it
  for (let i = 0; i < series.length; i++) {
    const o = open[i]!;
    const h = high[i]!;
    const l = low[i]!;
    const c = close[i]!;
    const t = time[i]!;
    if (!(o > 0 && h > 0 && l > 0 && c > 0) || !Number.isFinite(o + h + l + c)) badPrice.add(t);
    else if (h < l || o < l || o > h || c < l || c > h) badOhlc.add(t);
    if (!Number.isFinite(t) || t <= lastTime) {
      badTime.add(t);
      continue;
    }
    const gap = t - lastTime;
    const first = lastTime === Number.NEGATIVE_INFINITY;
    if (!first && gap > expectedStepMs && !(exchange && isClosure(lastTime, t, maxClosureMs))) {
      gaps++;
      // For daily exchange bars count the skipped weekdays; otherwise the steps that fit into the gap.
      const skipped = exchange && expectedStepMs === DAY_MS ? weekdaysBetween(lastTime, t) : Math.round(gap / expectedStepMs) - 1;
      missing += Math.max(1, skipped);
      if (gap > largestGap) {
        largestGap = gap;
        largestGapAfter = lastTime;
      }
    }
    lastTime = t;
  }
  return { badPrice, badOhlc, badTime, gaps, missing, largestGap, largestGapAfter };
}

/** The issue when the last bar is older than `staleAfterMs` or in the future; null when it is fresh. */
function staleness(last: number, now: number, staleAfterMs: number): string | null {
  if (!Number.isFinite(last)) return null;
  const age = now - last;
  if (age > staleAfterMs) return `stale: the last bar (${fmtTime(last)}) is ${fmtDuration(age)} old (limit ${fmtDuration(staleAfterMs)})`;
  if (age < 0) return `the last bar (${fmtTime(last)}) is ${fmtDuration(-age)} in the future`;
  return null;
}

/** Counts occurrences and remembers the first one's time (for the message). */
class Tally {
  count = 0;
  first = Number.NaN;
  add(t: number): void {
    if (this.count === 0) this.first = t;
    this.count++;
  }
}

/** A market closure: the gap spans a UTC day boundary and is not longer than a long weekend. */
function isClosure(from: number, to: number, maxClosureMs: number): boolean {
  return Math.floor(from / DAY_MS) !== Math.floor(to / DAY_MS) && to - from <= maxClosureMs;
}

/** Weekdays (Mon-Fri, UTC) strictly between the days of two times. */
export function weekdaysBetween(from: number, to: number): number {
  const d0 = Math.floor(from / DAY_MS) + 1;
  const d1 = Math.floor(to / DAY_MS); // exclusive
  if (d1 <= d0) return 0;
  const span = d1 - d0;
  let count = Math.floor(span / 7) * 5; // every full week has five weekdays
  for (let d = d0 + span - (span % 7); d < d1; d++) {
    const weekday = (((d + 4) % 7) + 7) % 7; // 1970-01-01 (day 0) was a Thursday; 0 = Sunday
    if (weekday !== 0 && weekday !== 6) count++;
  }
  return count;
}

const bars = (k: number): string => `${k} ${k === 1 ? 'bar' : 'bars'}`;

function fmtTime(t: number): string {
  if (!Number.isFinite(t) || Math.abs(t) > 8.64e15) return 'an invalid time';
  const iso = new Date(t).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 19)}Z`;
}

function fmtDuration(ms: number): string {
  if (ms >= DAY_MS) return `${(ms / DAY_MS).toFixed(1)} days`;
  if (ms >= 3_600_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${Math.round(ms / 60_000)} min`;
}
