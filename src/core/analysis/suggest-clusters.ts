import type { ClosedTrade } from '../engine/report.js';
import { compareKeys } from './group-stats.js';
import {
  examplesOf,
  fmtMoney,
  fmtPct,
  idNumber,
  inForceOfType,
  losesBeyondShare,
  none,
  subsetStats,
  SUGGEST_LIMITS,
  type HeuristicInput,
  type HeuristicOutcome,
  type SubsetStats,
} from './suggest-common.js';
import { DAY_MS } from '../calendar/civil-date.js';

/** Largest position cap tried. */
const MAX_CAP = 10;
/** Day-loss limits tried, % of the day's starting equity; the desk's daily-loss gate defaults to 5%. */
const DAILY_LIMITS = [0.5, 1, 1.5, 2, 3, 4] as const;

/**
 * Positions open when each trade was entered: trades entered earlier and not yet exited (an exit at the same time
 * counts as open: it was still open when the entry was decided), and trades entered at the same time that come
 * first by symbol, as same-bar entries count against a position cap. O(n log n).
 */
export function openAtEntry(trades: readonly ClosedTrade[]): Uint32Array {
  const n = trades.length;
  const entries = Float64Array.from(trades, (t) => t.entryTime).sort();
  const exits = Float64Array.from(trades, (t) => t.exitTime).sort();
  const byEntry = trades.map((_, i) => i).sort((a, b) => trades[a]!.entryTime - trades[b]!.entryTime || compareKeys(trades[a]!.symbol, trades[b]!.symbol) || a - b);
  const open = new Uint32Array(n);
  let sameTimeRank = 0;
  for (let k = 0; k < n; k++) {
    const i = byEntry[k]!;
    const e = trades[i]!.entryTime;
    sameTimeRank = k > 0 && trades[byEntry[k - 1]!]!.entryTime === e ? sameTimeRank + 1 : 0;
    open[i] = lowerBound(entries, e) - lowerBound(exits, e) + sameTimeRank;
  }
  return open;
}

/** A position cap M when the trades entered with M or more positions already open lost beyond their share. */
export function suggestMaxOpen(input: HeuristicInput): HeuristicOutcome {
  const { trades } = input;
  const open = openAtEntry(trades);
  const most = Math.min(MAX_CAP, open.reduce((m, x) => Math.max(m, x), 0));
  if (most < 1) return none('max_open_positions: no trade was entered while another was open');
  const all = subsetStats(trades);
  let best: { max: number; stats: SubsetStats } | null = null;
  for (let max = 1; max <= most; max++) {
    const stats = subsetStats(trades.filter((_, i) => open[i]! >= max));
    if (stats.count < SUGGEST_LIMITS.minGroupTrades || !losesBeyondShare(stats, all)) continue;
    if (best === null || -stats.netPnl >= -best.stats.netPnl) best = { max, stats };
  }
  if (best === null) return none('max_open_positions: entries made while positions were already open did not lose beyond their share');
  const { max, stats } = best;
  const tighter = inForceOfType(input.inForce, 'max_open_positions', [...new Set(trades.map((t) => t.symbol))]).find((r) => r.params.max <= max);
  if (tighter !== undefined) return none(`max_open_positions: rule ${tighter.id} already caps positions at ${tighter.params.max}`);
  const crowded = trades.filter((_, i) => open[i]! >= max);
  return {
    skipped: null,
    candidates: [{
      kind: 'max_open_positions',
      type: 'max_open_positions',
      params: { max },
      idStem: `max-open-${max}`,
      name: `At most ${max} open position(s) (suggested)`,
      rationale: `The ${stats.count} trades entered while ${max} or more positions were already open lost ${stats.losers} times and netted ${fmtMoney(stats.netPnl)}, beyond their share: losses came in clusters of open positions.`,
      evidence: {
        tradesConsidered: all.count,
        concerned: stats.count,
        losers: stats.losers,
        concernedPnl: stats.netPnl,
        threshold: max,
        thresholdUnit: 'open positions',
        thresholdWhy: `of the caps tried (1 to ${most}), the one whose blocked entries lost the most`,
        atStake: -stats.netPnl,
        atStakeWhy: 'the net loss of the trades entered over the cap (blocking one changes what is open later: replay to see the real effect)',
        examples: examplesOf(crowded, (t) => `entered with ${open[trades.indexOf(t)]} position(s) open`),
      },
    }],
  };
}

/**
 * A day-loss limit P when trades entered later on a UTC day whose realised losses had already reached P% of the
 * day's starting equity lost money. Realised pnl only (closed trades): the rule itself reads marked equity and may
 * stop entries sooner. The P with the most pnl at stake wins (a tie goes to the looser limit).
 */
export function suggestDailyLoss(input: HeuristicInput): HeuristicOutcome {
  const { trades } = input;
  if (input.timeframe === '1d') return none('max_daily_loss_pct: daily bars enter once a day; no entry follows a loss on the same day');
  const byExit = [...trades].sort((a, b) => a.exitTime - b.exitTime || a.entryTime - b.entryTime || compareKeys(a.symbol, b.symbol));
  let best: { pct: number; followOns: ClosedTrade[]; stats: SubsetStats } | null = null;
  for (const pct of DAILY_LIMITS) {
    const followOns = followOnsAfterDayLoss(byExit, trades, input.startCash, pct);
    const stats = subsetStats(followOns);
    if (stats.count < SUGGEST_LIMITS.minDailyFollowOns || stats.netPnl >= 0) continue;
    if (best === null || -stats.netPnl >= -best.stats.netPnl) best = { pct, followOns, stats };
  }
  if (best === null) return none('max_daily_loss_pct: entries made after a losing stretch of the same day did not lose money');
  const { pct, followOns, stats } = best;
  const tighter = inForceOfType(input.inForce, 'max_daily_loss_pct', [...new Set(trades.map((t) => t.symbol))]).find((r) => r.params.pct <= pct);
  if (tighter !== undefined) return none(`max_daily_loss_pct: rule ${tighter.id} already stops entries at ${fmtPct(tighter.params.pct)}`);
  const days = new Set(followOns.map((t) => Math.floor(t.entryTime / DAY_MS))).size;
  return {
    skipped: null,
    candidates: [{
      kind: 'max_daily_loss_pct',
      type: 'max_daily_loss_pct',
      params: { pct },
      idStem: `daily-loss-${idNumber(pct)}`,
      name: `Stop entries after a ${fmtPct(pct)} day loss (suggested)`,
      rationale: `On ${days} UTC day(s) losses had already reached ${fmtPct(pct)} of the day's starting equity when ${stats.count} more trades were entered; they lost ${stats.losers} times and netted ${fmtMoney(stats.netPnl)}.`,
      evidence: {
        tradesConsidered: trades.length,
        concerned: stats.count,
        losers: stats.losers,
        concernedPnl: stats.netPnl,
        threshold: pct,
        thresholdUnit: '% of the UTC day\'s starting equity',
        thresholdWhy: `of the limits tried (${DAILY_LIMITS.join(', ')}%, below the 5% daily-loss gate), the one whose later same-day entries lost the most (realised losses only)`,
        atStake: -stats.netPnl,
        atStakeWhy: 'the net loss of the trades entered after the day\'s realised loss reached the limit, all of which the rule would have blocked',
        examples: examplesOf(followOns, (t) => `entered after the day's losses passed ${fmtPct(pct)}`),
      },
    }],
  };
}

/** Trades entered on a UTC day strictly after that day's realised loss first reached pct% of its starting equity. */
function followOnsAfterDayLoss(byExit: readonly ClosedTrade[], trades: readonly ClosedTrade[], startCash: number, pct: number): ClosedTrade[] {
  const breachAt = new Map<number, number>();
  let realised = 0;
  let day = Number.NaN;
  let dayStart = startCash;
  let dayPnl = 0;
  for (const t of byExit) {
    const d = Math.floor(t.exitTime / DAY_MS);
    if (d !== day) {
      day = d;
      dayStart = startCash + realised;
      dayPnl = 0;
    }
    realised += t.pnl;
    dayPnl += t.pnl;
    if (!breachAt.has(d) && dayStart > 0 && -dayPnl >= (pct / 100) * dayStart) breachAt.set(d, t.exitTime);
  }
  return trades.filter((t) => {
    const at = breachAt.get(Math.floor(t.entryTime / DAY_MS));
    return at !== undefined && t.entryTime > at;
  });
}

/** Index of the first element >= x in a sorted array (the count of elements < x). */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
