import {
  examplesOf,
  fmtMoney,
  inForceOfType,
  losesBeyondShare,
  none,
  subsetStats,
  SUGGEST_LIMITS,
  type HeuristicInput,
  type HeuristicOutcome,
} from './suggest-common.js';

/** The upper bounds of analyze_trades' holding buckets (0-1, 2-5, 6-20, 21+ bars). */
const BUCKET_BOUNDS = [1, 5, 20] as const;

/**
 * A holding limit of B bars when the trades held longer than B lost money and lost beyond their share. B is tried at
 * the holding buckets' bounds and at the 75th and 90th percentile of bars held; the B with the most pnl at stake
 * wins (a tie goes to the longer, less intrusive limit).
 */
export function suggestMaxHolding(input: HeuristicInput): HeuristicOutcome {
  const { trades } = input;
  const held = trades.map((t) => t.barsHeld).sort((a, b) => a - b);
  const percentile = (p: number): number => held[Math.min(held.length - 1, Math.floor(p * held.length))]!;
  const bounds = [...new Set([...BUCKET_BOUNDS, percentile(0.75), percentile(0.9)])].filter((b) => b >= 1).sort((a, b) => a - b);
  const all = subsetStats(trades);
  let best: { bars: number; stats: ReturnType<typeof subsetStats> } | null = null;
  for (const bars of bounds) {
    const stats = subsetStats(trades.filter((t) => t.barsHeld > bars));
    if (stats.count < SUGGEST_LIMITS.minGroupTrades || !losesBeyondShare(stats, all)) continue;
    if (best === null || -stats.netPnl >= -best.stats.netPnl) best = { bars, stats };
  }
  if (best === null) return none('max_holding_bars: no group of long-held trades lost beyond its share');
  const { bars, stats } = best;
  const tighter = inForceOfType(input.inForce, 'max_holding_bars', [...new Set(trades.map((t) => t.symbol))]).find((r) => r.params.bars <= bars);
  if (tighter !== undefined) return none(`max_holding_bars: rule ${tighter.id} already exits after ${tighter.params.bars} bars`);
  const group = trades.filter((t) => t.barsHeld > bars);
  const share = (stats.count / all.count) * 100;
  return {
    skipped: null,
    candidates: [{
      kind: 'max_holding_bars',
      type: 'max_holding_bars',
      params: { bars },
      idStem: `max-holding-${bars}`,
      name: `Exit after ${bars} bars (suggested)`,
      rationale: `The ${stats.count} trades held longer than ${bars} bars (${share.toFixed(0)}% of trades) netted ${fmtMoney(stats.netPnl)} with ${stats.losers} losers, beyond their share of the losses; exiting after ${bars} bars would have ended them earlier.`,
      evidence: {
        tradesConsidered: all.count,
        concerned: stats.count,
        losers: stats.losers,
        concernedPnl: stats.netPnl,
        threshold: bars,
        thresholdUnit: 'bars held',
        thresholdWhy: `of the limits tried (${bounds.join(', ')} bars: the holding buckets' bounds and the 75th/90th percentile of bars held), the one whose longer-held trades lost the most`,
        atStake: -stats.netPnl,
        atStakeWhy: 'the net loss of the trades held longer: an upper bound, since an earlier exit keeps whatever they had made or lost by then',
        examples: examplesOf(group, (t) => `held ${t.barsHeld} bars`),
      },
    }],
  };
}
