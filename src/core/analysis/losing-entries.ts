import { DIMENSIONS, type Dimension } from './trade-dimensions.js';
import type { GroupStats } from './group-stats.js';

/**
 * A group whose losers stand out against the whole trade set. Money in the account currency; "loss" amounts are
 * positive where they say "excess", negative where they are sums of losing pnl (as GroupStats.lossPnl).
 *
 * The group's excess loss is what it lost beyond its fair share (its share of the trades times the set's total
 * loss), and it splits exactly into two parts a reader can act on:
 *   excessLoss = expectedLossPnl - lossPnl = rateEffect + sizeEffect
 *   rateEffect = (losses - count x overall loss rate) x |overall average loss|   (more losers than usual)
 *   sizeEffect = losses x (|group average loss| - |overall average loss|)         (bigger losers than usual)
 */
export interface LosingStandout {
  readonly dimension: Dimension;
  readonly key: string;
  readonly count: number;
  readonly wins: number;
  readonly losses: number;
  readonly lossRatePct: number;
  readonly overallLossRatePct: number;
  readonly lossPnl: number;
  /** The group's share of the set's total loss: count / trades x the set's lossPnl (negative or 0). */
  readonly expectedLossPnl: number;
  readonly excessLoss: number;
  readonly rateEffect: number;
  readonly sizeEffect: number;
  /** Sort key: max(excessLoss, rateEffect), so a group with an unusual loss rate ranks even if its losers were small. */
  readonly impact: number;
  readonly totalPnl: number;
}

export interface StandoutOptions {
  /** Groups with fewer trades are not judged (too few to stand out honestly). */
  readonly minGroupTrades: number;
  /** At most this many groups per dimension. */
  readonly maxPerDimension: number;
}

export interface OverallLosses {
  readonly trades: number;
  readonly losses: number;
  /** Sum of losing pnl, 0 or negative. */
  readonly lossPnl: number;
}

/**
 * Groups of every dimension whose loss rate is above the set's or whose losers cost more than their share, the
 * top `maxPerDimension` of each, all sorted by impact (largest first), then dimension order, then the group's
 * place in its breakdown. Empty when the set has no loser.
 */
export function losingStandouts(
  overall: OverallLosses,
  breakdowns: Readonly<Record<Dimension, readonly GroupStats[]>>,
  opts: StandoutOptions,
): LosingStandout[] {
  if (overall.losses === 0) return [];
  const rate = overall.losses / overall.trades;
  const avgLossAbs = -overall.lossPnl / overall.losses;
  // A group identical to the whole set computes its excess as float noise around 0; that is not standing out.
  const eps = 1e-9 * Math.max(1, -overall.lossPnl);
  const ranked: { s: LosingStandout; dim: number; pos: number }[] = [];
  DIMENSIONS.forEach((dimension, dim) => {
    const picked: { s: LosingStandout; dim: number; pos: number }[] = [];
    breakdowns[dimension].forEach((g, pos) => {
      if (g.count < opts.minGroupTrades || g.losses === 0) return;
      const expectedLossPnl = (g.count / overall.trades) * overall.lossPnl;
      const excessLoss = expectedLossPnl - g.lossPnl;
      const rateEffect = (g.losses - g.count * rate) * avgLossAbs;
      if (!(excessLoss > eps || rateEffect > eps)) return;
      picked.push({
        dim,
        pos,
        s: {
          dimension,
          key: g.key,
          count: g.count,
          wins: g.wins,
          losses: g.losses,
          lossRatePct: (g.losses / g.count) * 100,
          overallLossRatePct: rate * 100,
          lossPnl: g.lossPnl,
          expectedLossPnl,
          excessLoss,
          rateEffect,
          sizeEffect: excessLoss - rateEffect,
          impact: Math.max(excessLoss, rateEffect),
          totalPnl: g.totalPnl,
        },
      });
    });
    picked.sort(byImpact);
    ranked.push(...picked.slice(0, opts.maxPerDimension));
  });
  return ranked.sort(byImpact).map((r) => r.s);
}

function byImpact(a: { s: LosingStandout; dim: number; pos: number }, b: { s: LosingStandout; dim: number; pos: number }): number {
  return b.s.impact - a.s.impact || a.dim - b.dim || a.pos - b.pos;
}
