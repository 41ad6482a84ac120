import { computeMetrics, maxDrawdownPct } from '../engine/metrics.js';
import type { ClosedTrade, Metrics } from '../engine/report.js';
import { exitOrder } from './exit-order.js';
import { tradeColumns } from './trade-columns.js';

export type TradeStats = Pick<Metrics, 'trades' | 'winRatePct' | 'profitFactor' | 'expectancy' | 'avgWin' | 'avgLoss'>;

const EMPTY_CURVE = { time: new Float64Array(0), equity: new Float64Array(0) };

/** The trade statistics exactly as computeMetrics defines them (no equity curve needed for these). */
export function tradeStats(trades: readonly ClosedTrade[]): TradeStats {
  const m = computeMetrics({ curve: EMPTY_CURVE, trades, startEquity: 1, exposedBars: 0, blocked: [] });
  return {
    trades: m.trades,
    winRatePct: m.winRatePct,
    profitFactor: m.profitFactor,
    expectancy: m.expectancy,
    avgWin: m.avgWin,
    avgLoss: m.avgLoss,
  };
}

/**
 * Metrics of an arbitrary trade set (a filter of a run's trades, a replay's survivors ...), which has no equity
 * curve: the curve is startCash plus the cumulative pnl in exit order (see exitOrder), one point per trade.
 * Sharpe, Sortino, CAGR and exposure need a marked curve and are not given. Money in the account currency.
 */
export interface TradeSetMetrics extends TradeStats {
  readonly wins: number;
  readonly losses: number;
  readonly totalPnl: number;
  readonly startCash: number;
  /** startCash + totalPnl. */
  readonly endEquity: number;
  readonly totalReturnPct: number;
  /** Largest peak-to-trough fall of the cumulative-pnl curve (startCash is its first point), as a % of the peak. */
  readonly maxDrawdownPct: number;
  /** Largest peak-to-trough fall of the same curve in money (it may sit under a different peak than the %). */
  readonly maxDrawdown: number;
  /** Largest winning pnl, 0 without winners; largest losing pnl (negative), 0 without losers. */
  readonly largestWin: number;
  readonly largestLoss: number;
}

/** Throws on a non-positive or non-finite startCash, like computeMetrics: callers parse it at the edge. */
export function tradeSetMetrics(trades: readonly ClosedTrade[], startCash: number): TradeSetMetrics {
  if (!(startCash > 0) || !Number.isFinite(startCash)) {
    throw new RangeError(`tradeSetMetrics: startCash must be a positive finite number, got ${startCash}`);
  }
  const c = tradeColumns(trades);
  const order = exitOrder(c);
  const curve = new Float64Array(trades.length + 1);
  curve[0] = startCash;
  let total = 0; // summed apart from startCash so totalPnl carries no rounding from the cash amount
  let peak = startCash;
  let drawdown = 0;
  let wins = 0;
  let losses = 0;
  let largestWin = 0;
  let largestLoss = 0;
  for (let k = 0; k < order.length; k++) {
    const pnl = c.pnl[order[k]!]!;
    total += pnl;
    const equity = startCash + total;
    curve[k + 1] = equity;
    if (equity > peak) peak = equity;
    else if (peak - equity > drawdown) drawdown = peak - equity;
    if (pnl > 0) {
      wins++;
      if (pnl > largestWin) largestWin = pnl;
    } else if (pnl < 0) {
      losses++;
      if (pnl < largestLoss) largestLoss = pnl;
    }
  }
  return {
    ...tradeStats(trades),
    wins,
    losses,
    totalPnl: total,
    startCash,
    endEquity: startCash + total,
    totalReturnPct: (total / startCash) * 100,
    maxDrawdownPct: maxDrawdownPct(curve),
    maxDrawdown: drawdown,
    largestWin,
    largestLoss,
  };
}
