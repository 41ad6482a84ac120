import type { BlockedSignal, ClosedTrade, EquityCurve, Metrics } from './report.js';

/**
 * Backtest metrics. Definitions (the README quotes this block):
 *
 * - startEquity: the account's starting equity. endEquity: the last curve point (startEquity if the curve is empty).
 *   totalReturnPct = (endEquity / startEquity - 1) x 100.
 * - cagrPct = ((endEquity / startEquity) ^ (365.25 days / span) - 1) x 100, span = last curve time - first curve
 *   time. 0 when the span is 0; -100 when endEquity <= 0.
 * - Daily returns: the equity at the last curve point of each UTC calendar day is that day's close E_d;
 *   r_d = E_d / E_{d-1} - 1 over consecutive days present in the curve (weekends and holidays are simply absent).
 *   Intraday curves are reduced to day ends first. A return after a day that ended at equity <= 0 is skipped
 *   (it is undefined). Risk-free rate 0, 252 trading days a year:
 *   sharpe = mean(r) / sd(r) x sqrt(252), sd with n - 1;
 *   sortino = mean(r) / sqrt(sum(min(r, 0)^2) / n) x sqrt(252);
 *   both null with fewer than 2 returns or a zero deviation.
 * - maxDrawdownPct: the largest peak-to-trough fall of the curve, (peak - trough) / peak x 100, positive.
 * - trades: closed trades. winRatePct: share with pnl > 0, x 100 (0 without trades). profitFactor: sum of winning
 *   pnl / |sum of losing pnl|, null when no trade lost. expectancy: mean pnl (0 without trades). avgWin: mean pnl of
 *   winners (0 if none). avgLoss: mean pnl of losers, negative (0 if none). A trade with pnl exactly 0 counts
 *   towards trades and expectancy only.
 * - exposurePct = exposedBars / curve length x 100 (0 for an empty curve).
 * - blockedBy: count of blocked signals per `by` key; shadow entries are counted under the same key.
 *
 * Every aggregate is one pass over its input with scalar accumulators: 500k trades and a 1M-point curve take a
 * few milliseconds (see bench/metrics.ts).
 */
export interface MetricsInput {
  /** Close-marked equity, one point per timeline bar, ascending epoch ms. */
  readonly curve: EquityCurve;
  readonly trades: readonly ClosedTrade[];
  readonly startEquity: number;
  /** Bars with at least one open position at the close. */
  readonly exposedBars: number;
  readonly blocked: readonly BlockedSignal[];
}

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;
const ANNUALIZE = Math.sqrt(252);

export function computeMetrics(input: MetricsInput): Metrics {
  const { curve, startEquity } = input;
  if (!(startEquity > 0) || !Number.isFinite(startEquity)) {
    // The engine validates the account size at the edge; reaching here is a bug.
    throw new RangeError(`computeMetrics: startEquity must be a positive finite number, got ${startEquity}`);
  }
  const n = curve.equity.length;
  const endEquity = n > 0 ? curve.equity[n - 1]! : startEquity;
  const span = n > 0 ? curve.time[n - 1]! - curve.time[0]! : 0;
  const ratios = dailyRatios(curve);
  return {
    startEquity,
    endEquity,
    totalReturnPct: (endEquity / startEquity - 1) * 100,
    cagrPct: cagrPct(startEquity, endEquity, span),
    sharpe: ratios.sharpe,
    sortino: ratios.sortino,
    maxDrawdownPct: maxDrawdownPct(curve.equity),
    ...tradeStats(input.trades),
    exposurePct: n > 0 ? (input.exposedBars / n) * 100 : 0,
    blockedBy: countBlocked(input.blocked),
  };
}

function cagrPct(start: number, end: number, spanMs: number): number {
  if (end <= 0) return -100;
  if (!(spanMs > 0)) return 0;
  return (Math.pow(end / start, YEAR_MS / spanMs) - 1) * 100;
}

export interface DailyRatios {
  readonly sharpe: number | null;
  readonly sortino: number | null;
}

/** Sharpe and Sortino from day-end equity, in one pass (Welford for a stable variance). */
export function dailyRatios(curve: EquityCurve): DailyRatios {
  const { time, equity } = curve;
  let count = 0;
  let mean = 0;
  let m2 = 0;
  let downSq = 0;
  let prevClose = Number.NaN; // previous day's close
  let dayClose = Number.NaN; // running close of the current day
  let day = Number.NaN;
  const addDay = (close: number): void => {
    if (prevClose > 0) {
      const r = close / prevClose - 1;
      count++;
      const d = r - mean;
      mean += d / count;
      m2 += d * (r - mean);
      if (r < 0) downSq += r * r;
    }
    prevClose = close;
  };
  for (let i = 0; i < equity.length; i++) {
    const d = Math.floor(time[i]! / DAY_MS);
    if (d !== day) {
      if (i > 0) addDay(dayClose);
      day = d;
    }
    dayClose = equity[i]!;
  }
  if (equity.length > 0) addDay(dayClose);
  if (count < 2) return { sharpe: null, sortino: null };
  const sd = Math.sqrt(m2 / (count - 1));
  const downDev = Math.sqrt(downSq / count);
  return {
    sharpe: sd > 0 ? (mean / sd) * ANNUALIZE : null,
    sortino: downDev > 0 ? (mean / downDev) * ANNUALIZE : null,
  };
}

export function maxDrawdownPct(equity: Float64Array): number {
  // Track the trough below each peak and only divide when a peak is left behind: no division per point.
  let peak = Number.NEGATIVE_INFINITY;
  let trough = Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i]!;
    if (e > peak) {
      if (peak > 0 && trough < peak) worst = Math.max(worst, (peak - trough) / peak);
      peak = e;
      trough = e;
    } else if (e < trough) trough = e;
  }
  if (peak > 0 && trough < peak) worst = Math.max(worst, (peak - trough) / peak);
  return worst * 100;
}

type TradeStats = Pick<Metrics, 'trades' | 'winRatePct' | 'profitFactor' | 'expectancy' | 'avgWin' | 'avgLoss'>;

function tradeStats(trades: readonly ClosedTrade[]): TradeStats {
  const n = trades.length;
  let wins = 0;
  let losses = 0;
  let grossProfit = 0;
  let grossLoss = 0; // sum of losing pnl, negative
  let total = 0;
  for (let i = 0; i < n; i++) {
    const pnl = trades[i]!.pnl;
    total += pnl;
    if (pnl > 0) {
      wins++;
      grossProfit += pnl;
    } else if (pnl < 0) {
      losses++;
      grossLoss += pnl;
    }
  }
  return {
    trades: n,
    winRatePct: n > 0 ? (wins / n) * 100 : 0,
    profitFactor: losses > 0 ? grossProfit / -grossLoss : null,
    expectancy: n > 0 ? total / n : 0,
    avgWin: wins > 0 ? grossProfit / wins : 0,
    avgLoss: losses > 0 ? grossLoss / losses : 0,
  };
}

function countBlocked(blocked: readonly BlockedSignal[]): Readonly<Record<string, number>> {
  // A Map keeps arbitrary keys (even "__proto__") safe; fromEntries defines own properties.
  const counts = new Map<string, number>();
  for (let i = 0; i < blocked.length; i++) {
    const by = blocked[i]!.by;
    counts.set(by, (counts.get(by) ?? 0) + 1);
  }
  return Object.fromEntries(counts);
}
