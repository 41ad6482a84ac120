import { createBook, type Book } from './book.js';
import type { Verdict } from '../risk/gates.js';
import { DAY_MS } from '../calendar/civil-date.js';

/** What the planner reads about a run besides the bars. The backtester and the scheduler both keep one. */
export interface EngineState {
  readonly book: Book;
  /** Equity marked at the last close. */
  equity: number;
  peakEquity: number;
  /** Equity at the previous trading day's last close (the daily loss breaker's base). */
  dayStartEquity: number;
  /** UTC day number of the last marked bar. */
  dayKey: number;
  /** Set when the drawdown gate tripped: new entries stay halted until a human resumes. */
  entriesHalted: Verdict | null;
  /** Workspace kill switch (/halt): blocks new entries everywhere. */
  killSwitch: string | null;
  /** Net returns (% of entry notional) of the run's closed trades, oldest first, for the quant check. */
  readonly tradeReturnsPct: number[];
  /** Exit time of each entry of tradeReturnsPct. */
  readonly tradeExitTimes: number[];
}

export function createEngineState(startCash: number): EngineState {
  return {
    book: createBook(startCash),
    equity: startCash,
    peakEquity: startCash,
    dayStartEquity: startCash,
    dayKey: Number.NaN,
    entriesHalted: null,
    killSwitch: null,
    tradeReturnsPct: [],
    tradeExitTimes: [],
  };
}


/** Adds a closed trade to the record the quant check reads. */
export function recordClosedTrade(state: EngineState, trade: { pnl: number; entryPrice: number; qty: number; exitTime: number }): void {
  state.tradeReturnsPct.push((trade.pnl / (trade.entryPrice * trade.qty)) * 100);
  state.tradeExitTimes.push(trade.exitTime);
}

/**
 * Records a close-marked equity: rolls the trading day (the daily loss base is the previous day's last equity),
 * moves the peak, and reports the drawdown halt the first time it trips.
 */
export function observeEquity(state: EngineState, equity: number, time: number, maxDrawdownPct: number): boolean {
  const day = Math.floor(time / DAY_MS);
  if (day !== state.dayKey) {
    if (!Number.isNaN(state.dayKey)) state.dayStartEquity = state.equity;
    state.dayKey = day;
  }
  state.equity = equity;
  if (equity > state.peakEquity) state.peakEquity = equity;
  return state.entriesHalted === null && equity <= state.peakEquity * (1 - maxDrawdownPct / 100);
}
