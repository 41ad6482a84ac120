import { TIMEFRAME_MS, type Timeframe } from '../../core/domain/bar.js';
import { DAY_MS } from '../../core/calendar/civil-date.js';


/**
 * The first bar time an iteration loads before the bar it decides on (`decideOn`, that bar's open): enough history
 * for the strategy (and ATR sizing) across weekends, holidays and overnight gaps. The replay of a paper run loads
 * exactly this window for every bar the run decided, because a strategy's numbers depend on where its bars start
 * (an EMA or Wilder's ATR is seeded there, a rotation counts its rebalance steps from there).
 */
export function iterationWindowStart(decideOn: number, minBars: number, timeframe: Timeframe): number {
  return decideOn - (minBars + 60) * TIMEFRAME_MS[timeframe] * 3 - 5 * DAY_MS;
}
