/** The simulated market's clock grid. Sim symbols trade 24/7, so every UTC calendar day is a trading day. */
import { DAY_MS } from '../../core/calendar/civil-date.js';

/** 2000-01-01T00:00:00Z: day 0 of every simulated path. */
export const SIM_EPOCH_MS = 946_684_800_000;
/** 5-minute bars are the base grid; every other timeframe is derived from them. */
export const STEP_MS = 300_000;
export const STEPS_PER_DAY = 288;
/** Calendar days per year: with 24/7 trading, annual volatility spreads over 365 days, not 252. */
export const DAYS_PER_YEAR = 365;

/** Day index of an epoch-ms time (day 0 = SIM_EPOCH_MS). */
export function dayIndex(timeMs: number): number {
  return Math.floor((timeMs - SIM_EPOCH_MS) / DAY_MS);
}
