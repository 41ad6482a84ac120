// Asking the provider for the parts of a window the cache lacks, and deciding what of the answer may be kept.
import { barAt, createBarSeries, TIMEFRAME_MS, type Bar, type BarSeries, type Timeframe } from '../../core/domain/bar.js';
import { DAY_MS } from '../../core/calendar/civil-date.js';
import { ok, type Result } from '../../core/domain/result.js';
import type { MarketData } from './ports.js';
import type { TimeWindow } from './ports.js';

/**
 * How long after its close a bar may still be published late (delayed feeds) or corrected (late prints). A window
 * reaching past this is covered only up to just before the last closed bar the provider gave: the next request asks
 * again from that bar on (one bar of overlap, so a correction to it is caught), never for a bar the feed had not yet
 * published, and never for the whole window again.
 */
export const SETTLE_MS = DAY_MS;

export interface FetchedParts {
  /** Closed bars to keep, oldest first. */
  readonly keep: BarSeries;
  /** What the provider answered for for good: empty stretches included, still-open time not. */
  readonly covered: TimeWindow[];
  /** Bars still forming at `now`: served, never kept. */
  readonly forming: BarSeries;
  /** The provider's own "no bars there" answer (`data.range`), given back when the whole answer is empty. */
  readonly emptyAnswer?: Result<never>;
}

/**
 * Fetches each missing window in turn. Any error but `data.range` with `details.noBars` (no bars in that window: an
 * answer, cached as an empty stretch) fails the whole request, unchanged, and nothing is kept.
 */
export async function fetchMissing(provider: MarketData, symbol: string, timeframe: Timeframe, missing: readonly TimeWindow[], now: number): Promise<Result<FetchedParts>> {
  const closedBy = now - TIMEFRAME_MS[timeframe]; // a bar opened at or before this has closed
  const settled = closedBy - SETTLE_MS;
  const keep: Bar[] = [];
  const forming: Bar[] = [];
  const covered: TimeWindow[] = [];
  let emptyAnswer: Result<never> | undefined;
  for (const w of missing) {
    const res = await provider.getBars({ symbol, timeframe, ...(Number.isFinite(w.from) ? { from: w.from } : {}), to: w.to });
    let lastKept = -Infinity;
    if (!res.ok) {
      // Only "no bars there" is an answer; a refused window (too long, beyond a history limit) must not be cached as
      // empty, or it would read as "no bars" from then on.
      if (res.error.code !== 'data.range' || res.error.details?.['noBars'] !== true) return res;
      emptyAnswer = res;
    } else {
      for (let i = 0; i < res.value.length; i++) {
        const t = res.value.time[i]!;
        if (t < w.from || t > w.to) continue; // never trusted to stay inside the window asked
        if (t <= closedBy) {
          keep.push(barAt(res.value, i));
          lastKept = t;
        } else forming.push(barAt(res.value, i));
      }
    }
    const end = w.to <= settled ? w.to : Math.max(Math.min(w.to, settled), lastKept - 1);
    if (end >= w.from) covered.push({ from: w.from, to: end });
  }
  const series = (bars: Bar[]) => createBarSeries(symbol.trim().toUpperCase(), timeframe, bars);
  return ok({ keep: series(keep), covered, forming: series(forming), ...(emptyAnswer === undefined ? {} : { emptyAnswer }) });
}
