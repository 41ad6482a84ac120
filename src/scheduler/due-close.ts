import { barClosesBetween, lastBarClose, MAX_BAR_CLOSES } from '../core/calendar/bar-schedule.js';
import type { MarketCalendar } from '../core/calendar/calendar.js';
import type { Timeframe } from '../core/domain/bar.js';

export interface DueClose {
  /** The latest bar close at or before now: the only one the run iterates. */
  readonly close: number;
  /** Closes strictly between the last one run and `close`: logged, never traded. */
  readonly missed: number;
  /** `missed` is a floor: the gap held more closes than the calendar will list. */
  readonly missedAtLeast: boolean;
}

/**
 * The close a run should iterate at `now`, or null when it already ran the latest one. `lastRan` undefined means
 * "not known" (process start, run just seen): the latest close is due and nothing counts as missed.
 * Throws RangeError when `now` is outside the calendar's range.
 */
export function dueClose(calendar: MarketCalendar, timeframe: Timeframe, now: number, lastRan: number | undefined): DueClose | null {
  const close = lastBarClose(calendar, timeframe, now);
  if (lastRan === undefined) return { close, missed: 0, missedAtLeast: false };
  if (close <= lastRan) return null;
  try {
    return { close, missed: barClosesBetween(calendar, timeframe, lastRan, close).length - 1, missedAtLeast: false };
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return { close, missed: MAX_BAR_CLOSES, missedAtLeast: true };
  }
}
