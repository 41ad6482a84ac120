import type { ClosedTrade } from '../engine/report.js';
import {
  adversePct,
  examplesOf,
  fmtMoney,
  fmtPct,
  idNumber,
  inForceOfType,
  niceCeil,
  none,
  subsetStats,
  SUGGEST_LIMITS,
  type HeuristicInput,
  type HeuristicOutcome,
} from './suggest-common.js';

/**
 * A stop loss when the losers have a fat tail: the threshold is tailFactor x the median loser's loss (% of entry),
 * rounded up, and at least minTail losers lost more than that. Closed trades do not record how far a winner dipped,
 * so the estimate only counts what the tail lost beyond the stop; replay_with_rule shows the real effect.
 */
export function suggestStopLoss(input: HeuristicInput): HeuristicOutcome {
  const { minLosers, tailFactor, minTail } = SUGGEST_LIMITS;
  const losers = input.trades.filter((t) => t.pnl < 0 && adversePct(t) > 0);
  if (losers.length < minLosers) return none(`stop_loss_pct: ${losers.length} losers with an adverse move, need ${minLosers}`);
  const losses = losers.map(adversePct).sort((a, b) => a - b);
  const median = medianOfSorted(losses);
  const threshold = niceCeil(tailFactor * median);
  const tail = losers.filter((t) => adversePct(t) > threshold);
  if (tail.length < minTail) {
    return none(`stop_loss_pct: no fat tail (${tail.length} loser(s) beyond ${fmtPct(threshold)}, ${tailFactor}x the median loss of ${fmtPct(median)})`);
  }
  const tighter = inForceOfType(input.inForce, 'stop_loss_pct', symbolsOf(tail)).find((r) => r.params.pct <= threshold);
  if (tighter !== undefined) return none(`stop_loss_pct: rule ${tighter.id} already stops at ${fmtPct(tighter.params.pct)}`);
  // Exited exactly at the stop, each tail loser would have lost threshold/adverse of what it lost.
  const atStake = tail.reduce((s, t) => s + -t.pnl * (1 - threshold / adversePct(t)), 0);
  const stats = subsetStats(tail);
  const worst = losses.at(-1)!;
  return {
    skipped: null,
    candidates: [{
      kind: 'stop_loss_pct',
      type: 'stop_loss_pct',
      params: { pct: threshold },
      idStem: `stop-loss-${idNumber(threshold)}`,
      name: `Stop loss ${fmtPct(threshold)} (suggested)`,
      rationale: `${tail.length} of ${losers.length} losers lost more than ${fmtPct(threshold)} of entry (worst ${fmtPct(worst)}, median loser ${fmtPct(median)}), costing ${fmtMoney(-stats.netPnl)}; a ${fmtPct(threshold)} stop would have cut them short.`,
      evidence: {
        tradesConsidered: input.trades.length,
        concerned: tail.length,
        losers: stats.losers,
        concernedPnl: stats.netPnl,
        threshold,
        thresholdUnit: '% of entry price',
        thresholdWhy: `${tailFactor}x the median loser's loss of ${fmtPct(median)} (over ${losers.length} losers), rounded up: losses past it are the tail`,
        atStake,
        atStakeWhy: 'what the tail losers lost beyond the stop level, if each had exited exactly there (gaps and winners stopped early are not counted)',
        examples: examplesOf(tail, (t) => `lost ${fmtPct(adversePct(t))} of entry`),
      },
    }],
  };
}

function medianOfSorted(xs: readonly number[]): number {
  const mid = xs.length >> 1;
  return xs.length % 2 === 1 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
}

function symbolsOf(trades: readonly ClosedTrade[]): string[] {
  return [...new Set(trades.map((t) => t.symbol))];
}
