import { TIMEFRAMES, TIMEFRAME_MS, type BarSeries } from '../../core/domain/bar.js';
import { createLru, type Lru } from '../../core/domain/lru.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { LIMITS } from '../../core/limits.js';
import type { BarsRequest, MarketData } from '../../app/market-data/ports.js';
import { normalizeSymbol } from '../symbol.js';
import { checkWindow, formatTime } from '../window.js';
import { DAY_MS } from '../../core/calendar/civil-date.js';
import { SIM_EPOCH_MS } from './calendar.js';
import { buildBars } from './build-bars.js';
import type { Columns } from './columns.js';
import { createDayBars } from './intraday.js';
import { SimSymbol } from './sim-symbol.js';

export interface SimMarketDataOptions {
  readonly seed?: number;
  /** Where generated symbols are kept between requests (default: createSimCache()). */
  readonly cache?: SimCache;
  /** Whole days of 1-minute bars kept between requests (default LIMITS.simMinuteDays; 0: none). */
  readonly minuteDays?: number;
}

/** Symbols with their daily paths, weighed in days of path held. */
export type SimCache = Lru<string, SimSymbol>;

/**
 * A symbol's daily path is rebuilt from day 0 after eviction (about a millisecond for 25 years), and is the same
 * path: eviction costs time, never changes a bar. Bounded so a client asking for thousands of symbols cannot
 * grow the process (each symbol holds ~0.5 MB of history up to today).
 */
export function createSimCache(maxDays: number = LIMITS.simCacheDays): SimCache {
  return createLru<string, SimSymbol>({ maxEntries: 4096, maxWeight: maxDays, weigh: (s) => s.path.capacityDays });
}

/** Largest answer in bars (~5 years of 1m or 28 years of 5m); beyond it the caller must narrow `from`. */
export const SIM_MAX_BARS = 3_000_000;
/** Days in the simulated calendar (the last is 2109-07-07): bounds the work one request can cause. */
export const SIM_MAX_DAYS = 40_000;

/**
 * The default market: seeded, deterministic OHLCV bars for any symbol, trading 24/7 from 2000-01-01 UTC.
 * Model and consistency guarantees: see daily-path.ts, intraday.ts and refine-minutes.ts.
 */
export function createSimMarketData({ seed = 42, cache = createSimCache(), minuteDays = LIMITS.simMinuteDays }: SimMarketDataOptions = {}): MarketData {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`sim seed must be a safe integer, got ${seed}`);
  const scratch = createDayBars();
  const days = minuteDays > 0 ? createLru<string, Columns>({ maxEntries: minuteDays }) : undefined;
  const getBars = (request: BarsRequest): Result<BarSeries> => {
    const symbol = normalizeSymbol(request.symbol);
    if (!symbol.ok) return symbol;
    const { timeframe, to } = request;
    if (!TIMEFRAMES.includes(timeframe)) {
      return fail('data.timeframe', `unknown timeframe '${String(timeframe)}' (use ${TIMEFRAMES.join(', ')})`);
    }
    const window = checkWindow(request.from, to);
    if (!window.ok) return window;
    const tfMs = TIMEFRAME_MS[timeframe];
    const from = Math.max(request.from ?? SIM_EPOCH_MS, SIM_EPOCH_MS);
    const first = Math.ceil((from - SIM_EPOCH_MS) / tfMs);
    const last = Math.floor((Math.min(to, SIM_EPOCH_MS + SIM_MAX_DAYS * DAY_MS - 1) - SIM_EPOCH_MS) / tfMs);
    if (to < SIM_EPOCH_MS || last < first) {
      const between = request.from === undefined ? `up to ${formatTime(to)}` : `between ${formatTime(request.from)} and ${formatTime(to)}`;
      return fail(
        'data.range',
        `no simulated ${timeframe} bars for ${symbol.value} ${between} (the simulated market runs ${formatTime(SIM_EPOCH_MS)}..${formatTime(SIM_EPOCH_MS + SIM_MAX_DAYS * DAY_MS - tfMs)})`,
      );
    }
    if (last - first + 1 > SIM_MAX_BARS) {
      return fail(
        'data.range',
        `${last - first + 1} simulated ${timeframe} bars requested for ${symbol.value} (limit ${SIM_MAX_BARS}); pass a later 'from'`,
      );
    }
    const sym = cache.get(symbol.value) ?? new SimSymbol(seed, symbol.value, scratch);
    const bars = buildBars(sym, timeframe, first, last, days);
    cache.set(symbol.value, sym); // after building: the path may have grown, so it is weighed again
    return ok(bars);
  };
  return {
    kind: 'sim',
    label: `simulated market (seed ${seed}) — not real prices`,
    simulated: true,
    getBars: (request) => Promise.resolve(getBars(request)),
  };
}
