import { z } from 'zod';
import { momentum } from '../indicators/index.js';
import { intListParam, intParam } from './params.js';
import { fmtPct, signal } from './signal-helpers.js';
import { isRebalanceStep, rankAt, rankConfidence, rebalanceTo, scoreAt } from './rotation.js';
import { defineStrategy, NO_SIGNALS } from './strategy.js';

export const sectorRotationParams = z.strictObject({
  lookbacks: intListParam([21, 63, 126], { min: 1, max: 2000 }),
  topN: intParam(3, { min: 1, max: 100 }),
  rebalanceEvery: intParam(21, { min: 1, max: 1000 }),
});
export type SectorRotationParams = z.infer<typeof sectorRotationParams>;

interface Prepared {
  /** Mean of the momentum over each lookback; NaN until the longest lookback is available. */
  readonly score: readonly Float64Array[];
}

/** Mean of momentum(close, L) over the lookbacks L. */
export function compositeMomentum(close: Float64Array, lookbacks: readonly number[]): Float64Array {
  const score = new Float64Array(close.length);
  for (const lookback of lookbacks) {
    const m = momentum(close, lookback);
    for (let i = 0; i < score.length; i++) score[i] = score[i]! + m[i]!;
  }
  for (let i = 0; i < score.length; i++) score[i] = score[i]! / lookbacks.length;
  return score;
}

const maxOf = (xs: readonly number[]): number => xs.reduce((a, b) => Math.max(a, b), 0);

export const sectorRotation = defineStrategy<SectorRotationParams, Prepared>({
  id: 'sector-rotation',
  version: '1.0.0',
  title: 'Sector rotation (composite momentum)',
  description:
    'Every rebalanceEvery (21) timeline steps, scores each tradable symbol of the basket by the mean of its ' +
    'momentum over lookbacks (21, 63 and 126 bars) and holds the top N (topN 3, capped at the basket size) ' +
    'whatever the sign of the score; the rest are exited. Long only; needs max(lookbacks) + 1 bars.',
  paramsSchema: sectorRotationParams,
  minBars: (p) => maxOf(p.lookbacks) + 1,
  dataSymbols: () => [],
  prepare: (u, p) => ({ score: u.series.map((s) => compositeMomentum(s.close, p.lookbacks)) }),
  decide({ t, universe: u, params: p, prepared, holdings }) {
    if (!isRebalanceStep(t, p.rebalanceEvery)) return NO_SIGNALS;
    const scores = prepared.score;
    const ranked = rankAt(u, t, scores, maxOf(p.lookbacks) + 1);
    const targets = ranked.slice(0, p.topN);
    const label = `composite momentum (${p.lookbacks.join('/')} bars)`;
    return rebalanceTo(
      u,
      t,
      holdings,
      targets,
      (k) => {
        const rank = ranked.indexOf(k);
        const why =
          rank < 0
            ? `${label} unavailable`
            : `${label} ${fmtPct(scoreAt(u, scores, k, t))} ranks #${rank + 1} of ${ranked.length}, ` +
              `outside the top ${p.topN}`;
        // Confidence 1: a rebalance exit is mechanical, the symbol left the top N.
        return signal(u.symbols[k]!, 'exit_long', 1, `rebalance: ${why}`);
      },
      (k) => {
        const rank = ranked.indexOf(k);
        const reason =
          `rebalance: ${label} ${fmtPct(scoreAt(u, scores, k, t))} ranks #${rank + 1} of ${ranked.length} ` +
          `(top ${p.topN})`;
        // Confidence by rank among the eligible symbols: 1 for the best, 0.5 for the last.
        return signal(u.symbols[k]!, 'enter_long', rankConfidence(rank, ranked.length), reason);
      },
    );
  },
});
