/**
 * What the chart API is asked for a desk request, within Yahoo's own limits (as of 2026): 1-minute bars exist for
 * the last 30 days only and come at most 8 days per request, so a 1m window is split into 8-day requests; 5, 15 and
 * 30-minute bars exist for the last 60 days, hourly (60m) for the last 730 days. A window reaching further back is
 * refused with data.range naming the limit (Yahoo itself answers an error or silently nothing there).
 * A US stock's desk hour is session-anchored (09:30-10:30), so it is built from 30-minute bars; crypto hours are
 * clock-aligned and asked for directly.
 */
import { TIMEFRAME_MS, type Timeframe } from '../../core/domain/bar.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { formatTime } from '../window.js';
import type { YahooMarket } from './yahoo-symbol.js';
import { DAY_MS } from '../../core/calendar/civil-date.js';

export type YahooInterval = '1m' | '5m' | '15m' | '30m' | '60m' | '1d';

export interface ChartPlan {
  readonly interval: YahooInterval;
  /** Request windows in epoch ms, `[start, end)`, oldest first. */
  readonly windows: readonly { readonly start: number; readonly end: number }[];
  /** Desk hours are built from the half hours (US stocks at 1h). */
  readonly sessionHours: boolean;
}


interface IntervalLimit {
  /** How far back Yahoo keeps bars of this interval. */
  readonly historyDays: number;
  /** Longest window one request may span. */
  readonly requestDays: number;
  readonly name: string;
}

const LIMITS: Readonly<Record<Exclude<YahooInterval, '1d'>, IntervalLimit>> = {
  '1m': { historyDays: 30, requestDays: 8, name: '1-minute' },
  '5m': { historyDays: 60, requestDays: 60, name: '5-minute' },
  '15m': { historyDays: 60, requestDays: 60, name: '15-minute' },
  '30m': { historyDays: 60, requestDays: 60, name: '30-minute' },
  '60m': { historyDays: 730, requestDays: 730, name: 'hourly' },
};

function intervalFor(timeframe: Timeframe, market: YahooMarket): YahooInterval {
  if (timeframe === '1h') return market === 'crypto' ? '60m' : '30m';
  return timeframe;
}

/**
 * The requests for bars with desk times in `from..to`. `end` reaches one desk bar past `to` (Yahoo's period2 is
 * exclusive and a bar stamped at `to` must be included); bars after `to` are dropped by the caller.
 */
export function planChart(timeframe: Timeframe, market: YahooMarket, from: number | undefined, to: number, nowMs: number): Result<ChartPlan> {
  const interval = intervalFor(timeframe, market);
  const end = to + TIMEFRAME_MS[timeframe];
  const sessionHours = timeframe === '1h' && market === 'us-equities';
  if (interval === '1d') return ok({ interval, windows: [{ start: Math.max(0, from ?? 0), end }], sessionHours });
  const limit = LIMITS[interval];
  const oldest = nowMs - limit.historyDays * DAY_MS;
  // Without `from` the window starts at the oldest bar Yahoo keeps; a window wholly before it is refused the same way.
  const tooOld = from !== undefined ? from < oldest : end <= oldest;
  if (tooOld) {
    const asked = from === undefined ? `'to' ${formatTime(to)}` : `'from' ${formatTime(from)}`;
    return fail('data.range',
      `Yahoo Finance keeps ${limit.name} bars for the last ${limit.historyDays} days only: ${asked} is before ${formatTime(oldest)} (ask for a later window, or daily bars)`,
      { from, to, oldest });
  }
  const start = from ?? oldest;
  const windows: { start: number; end: number }[] = [];
  const step = limit.requestDays * DAY_MS;
  for (let s = start; s < end; s += step) windows.push({ start: s, end: Math.min(end, s + step) });
  return ok({ interval, windows, sessionHours });
}
