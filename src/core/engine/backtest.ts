import type { PlannedOrder } from '../domain/order.js';
import type { Universe } from '../strategies/strategy.js';
import { computeMetrics } from './metrics.js';
import type { EngineConfig } from './config.js';
import { createBlockedLog } from './blocked-log.js';
import { stepBar, type StepEvent, type StepSink } from './step.js';
import { createPlannerContext } from './plan.js';
import { createEngineState } from './state.js';
import type { BlockedSignal, ClosedTrade, EquityCurve, Metrics, OpenPositionReport } from './report.js';

export interface BacktestResult {
  readonly metrics: Metrics;
  readonly curve: EquityCurve;
  readonly trades: readonly ClosedTrade[];
  readonly openPositions: readonly OpenPositionReport[];
  readonly blocked: readonly BlockedSignal[];
  /** Drawdown halts and strategy failures, in time order. */
  readonly events: readonly StepEvent[];
  readonly bars: number;
  readonly exposedBars: number;
}

/**
 * The backtest loop. Per timeline step t, in this order:
 *  1. pending market orders fill at bar t's open (entries sized now for percent sizing, capped by the gates);
 *  2. protective exits are checked intrabar on bar t's high/low;
 *  3. positions are marked at bar t's close -> equity curve, peak, day start, drawdown halt;
 *  4. planIteration at bar t's close -> orders for bar t+1's open.
 * Orders for a symbol wait for that symbol's next bar. Positions still open at the end are marked at the last
 * close and reported as open, not as closed trades.
 */
/** `periodsPerYear`: the curve's observations a year, to annualise its metrics (see computeMetrics). */
export function runBacktest(universe: Universe, config: EngineConfig, startCash: number, periodsPerYear?: number): BacktestResult {
  const ctx = createPlannerContext(universe, config);
  const state = createEngineState(startCash);
  const book = state.book;
  const T = universe.times.length;
  const equity = new Float64Array(T);
  const cashCurve = new Float64Array(T);
  const blocked = createBlockedLog();
  const events: StepEvent[] = [];
  const sink: StepSink = {
    fill: () => undefined,
    blocked: (b, t) => blocked.add(b, t),
    event: (e) => events.push(e),
    plan: () => undefined,
  };
  let pending: PlannedOrder[] = [];
  let exposedBars = 0;
  for (let t = 0; t < T; t++) {
    pending = stepBar(ctx, state, t, pending, sink);
    equity[t] = state.equity;
    cashCurve[t] = book.cash;
    if (book.open.length > 0) exposedBars++;
  }
  const trades = book.trades;
  const openPositions: OpenPositionReport[] = [];
  for (const p of book.open) {
    openPositions.push({
      symbol: p.symbol,
      side: p.qty > 0 ? 'long' : 'short',
      qty: Math.abs(p.qty),
      entryTime: p.entryTime,
      entryPrice: p.avgPrice,
      marketPrice: p.lastPrice,
      unrealizedPnl: (p.lastPrice - p.avgPrice) * p.qty,
    });
  }
  const curve: EquityCurve = { time: universe.times, equity, cash: cashCurve };
  const metrics = computeMetrics({ curve, trades, startEquity: startCash, exposedBars, blocked: blocked.records, ...(periodsPerYear === undefined ? {} : { periodsPerYear }) });
  return { metrics, curve, trades, openPositions, blocked: blocked.records, events, bars: T, exposedBars };
}
