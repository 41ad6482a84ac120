import { TIMEFRAME_MS, type Timeframe } from '../../core/domain/bar.js';
import { DAY_MS } from '../../core/calendar/civil-date.js';

/** Default span of a simulated-market backtest without a start date. */
const DEFAULT_SPAN_DAYS: Readonly<Record<Timeframe, number>> = { '1m': 5, '5m': 30, '15m': 60, '1h': 180, '1d': 3 * 365 };

/**
 * The data window of a backtest from optional start/end days (UTC midnight, epoch ms). Files are used as they are
 * (the whole file by default). The simulated market can print bars for any time and a provider holds decades, so
 * for both (`open`) the window ends at the last bar that has closed by `now` and starts a timeframe-dependent span
 * before that (3 years of daily bars, 5 days of minutes) unless a start day is given.
 */
export function backtestWindow(args: { now: number; timeframe: Timeframe; open: boolean; fromDay?: number; toDay?: number }):
  { from: number | undefined; to: number } {
  const lastClosedBarOpen = args.now - TIMEFRAME_MS[args.timeframe];
  const endOfTo = args.toDay === undefined ? undefined : args.toDay + DAY_MS - 1;
  const to = !args.open
    ? endOfTo ?? Number.MAX_SAFE_INTEGER
    : Math.min(endOfTo ?? lastClosedBarOpen, lastClosedBarOpen);
  const from = args.fromDay ?? (args.open ? Math.floor(to / DAY_MS) * DAY_MS - DEFAULT_SPAN_DAYS[args.timeframe] * DAY_MS : undefined);
  return { from, to };
}
