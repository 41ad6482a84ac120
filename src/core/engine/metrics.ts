import { medianSpacingMs, shortSampleNote, shortSpanNote, YEAR_MS } from './annualisation.js';
import type { BlockedSignal, ClosedTrade, EquityCurve, Metrics } from './report.js';

/**
 * Backtest metrics. Definitions (the README quotes this block):
 *
 * - startEquity: the account's starting equity. endEquity: the last curve point (startEquity if the curve is empty).
 *   totalReturnPct = (endEquity / startEquity - 1) x 100.
 * - cagrPct = ((endEquity / startEquity) ^ (365.25 days / span) - 1) x 100, span = last curve time - first curve
 *   time; -100 when endEquity <= 0; null (n/a, cagrNote says why) when the span is under 30 days.
 * - Returns: r_i = E_i / E_{i-1} - 1 between consecutive curve points (a return after a point at equity <= 0 is
 *   skipped: it is undefined), annualised by the curve's observations a year (periodsPerYear, from the run's
 *   calendar and timeframe: see annualisation.ts). Risk-free rate 0:
 *   sharpe = mean(r) / sd(r) x sqrt(periodsPerYear), sd with n - 1;
 *   sortino = mean(r) / sqrt(sum(min(r, 0)^2) / n) x sqrt(periodsPerYear);
 *   both null (n/a) below the minimum sample (fewer than 30 returns, or a curve spanning under 30 days), with a
 *   zero deviation, or (sortino) without a losing return; sharpeNote / sortinoNote say which.
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
  /**
   * Observations of the curve a year (observationsPerYear(calendar, timeframe, curve.time)). Callers that know the
   * run's calendar pass it; without it the median spacing of the points is taken as real time (right for a 24/7
   * market, 365/252 too high for daily US-equity bars).
   */
  readonly periodsPerYear?: number;
}

export function computeMetrics(input: MetricsInput): Metrics {
  const { curve, startEquity } = input;
  if (!(startEquity > 0) || !Number.isFinite(startEquity)) {
    // The engine validates the account size at the edge; reaching here is a bug.
    throw new RangeError(`computeMetrics: startEquity must be a positive finite number, got ${startEquity}`);
  }
  const n = curve.equity.length;
  const endEquity = n > 0 ? curve.equity[n - 1]! : startEquity;
  const span = n > 0 ? curve.time[n - 1]! - curve.time[0]! : 0;
  const periodsPerYear = input.periodsPerYear ?? realTimePeriods(curve.time);
  const ratios = returnRatios(curve, periodsPerYear ?? 0);
  const cagrNote = shortSpanNote(span);
  return {
    startEquity,
    endEquity,
    totalReturnPct: (endEquity / startEquity - 1) * 100,
    cagrPct: cagrNote === null ? cagrPct(startEquity, endEquity, span) : null,
    cagrNote,
    sharpe: ratios.sharpe,
    sharpeNote: ratios.sharpeNote,
    sortino: ratios.sortino,
    sortinoNote: ratios.sortinoNote,
    periodsPerYear,
    maxDrawdownPct: maxDrawdownPct(curve.equity),
    ...tradeStats(input.trades),
    exposurePct: n > 0 ? (input.exposedBars / n) * 100 : 0,
    blockedBy: countBlocked(input.blocked),
  };
}

function cagrPct(start: number, end: number, spanMs: number): number {
  if (end <= 0) return -100;
  return (Math.pow(end / start, YEAR_MS / spanMs) - 1) * 100;
}

/** Observations a year when the points are taken as evenly spread in real time (no calendar known). */
function realTimePeriods(time: Float64Array): number | null {
  const spacing = medianSpacingMs(time);
  return spacing === null || !(spacing > 0) ? null : YEAR_MS / spacing;
}

export interface ReturnRatios {
  readonly sharpe: number | null;
  readonly sharpeNote: string | null;
  readonly sortino: number | null;
  readonly sortinoNote: string | null;
}

/** Sharpe and Sortino of the point-to-point returns, in one pass (Welford for a stable variance). */
export function returnRatios(curve: EquityCurve, periodsPerYear: number): ReturnRatios {
  const { time, equity } = curve;
  let count = 0;
  let mean = 0;
  let m2 = 0;
  let downSq = 0;
  for (let i = 1; i < equity.length; i++) {
    const prev = equity[i - 1]!;
    if (!(prev > 0)) continue;
    const r = equity[i]! / prev - 1;
    count++;
    const d = r - mean;
    mean += d / count;
    m2 += d * (r - mean);
    if (r < 0) downSq += r * r;
  }
  const n = time.length;
  const short = shortSampleNote(count, n > 0 ? time[n - 1]! - time[0]! : 0);
  if (short !== null) return { sharpe: null, sharpeNote: short, sortino: null, sortinoNote: short };
  const annualise = Math.sqrt(periodsPerYear);
  const sd = Math.sqrt(m2 / (count - 1));
  const downDev = Math.sqrt(downSq / count);
  return {
    sharpe: sd > 0 ? (mean / sd) * annualise : null,
    sharpeNote: sd > 0 ? null : 'n/a: the returns never vary (zero standard deviation)',
    sortino: downDev > 0 ? (mean / downDev) * annualise : null,
    sortinoNote: downDev > 0 ? null : 'n/a: no return was negative (zero downside deviation)',
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

/** Metrics saved by a version before the n/a notes: what such a save holds. */
export type MetricsSavedBeforeNotes = Omit<Metrics, 'cagrNote' | 'sharpeNote' | 'sortinoNote' | 'periodsPerYear'>;

/**
 * Metrics saved before annualisation followed the calendar (Sharpe and Sortino of day-end returns x sqrt(252),
 * CAGR of any span), read with today's rules as far as the save allows: under 30 days they are n/a; the ratios'
 * basis stays the 252 days they were computed with.
 */
export function metricsSavedBeforeNotes(m: MetricsSavedBeforeNotes, spanMs: number): Metrics {
  const short = shortSpanNote(spanMs);
  const undefinedThen = 'n/a: undefined (fewer than two daily returns, or no variation)';
  return {
    ...m,
    cagrPct: short === null ? m.cagrPct : null,
    cagrNote: short ?? (m.cagrPct === null ? undefinedThen : null),
    sharpe: short === null ? m.sharpe : null,
    sharpeNote: short ?? (m.sharpe === null ? undefinedThen : null),
    sortino: short === null ? m.sortino : null,
    sortinoNote: short ?? (m.sortino === null ? undefinedThen : null),
    periodsPerYear: 252,
  };
}
