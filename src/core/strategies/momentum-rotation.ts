import { z } from 'zod';
import { momentum } from '../indicators/index.js';
import { intParam, numParam } from './params.js';
import { fmtPct, scaledConfidence, signal } from './signal-helpers.js';
import { isRebalanceStep, rankAt, rebalanceTo, scoreAt } from './rotation.js';
import { defineStrategy, NO_SIGNALS } from './strategy.js';

export const momentumRotationParams = z.strictObject({
  lookback: intParam(126, { min: 1, max: 2000 }),
  topN: intParam(1, { min: 1, max: 100 }),
  /** A fraction: 0.05 means the symbol must be up more than 5% over the lookback. */
  minMomentum: numParam(0, { min: -1, max: 100 }),
  rebalanceEvery: intParam(21, { min: 1, max: 1000 }),
});
export type MomentumRotationParams = z.infer<typeof momentumRotationParams>;

interface Prepared {
  readonly momentum: readonly Float64Array[];
}

export const momentumRotation = defineStrategy<MomentumRotationParams, Prepared>({
  id: 'momentum-rotation',
  version: '1.0.0',
  title: 'Momentum rotation',
  description:
    'Every rebalanceEvery (21) timeline steps, ranks the tradable symbols by momentum over lookback (126 bars, ' +
    'about 6 months: close / close lookback bars ago - 1) and holds the top N (topN 1) whose momentum is above ' +
    'minMomentum (0); held symbols that drop out are exited. With one symbol it is an absolute-momentum filter. ' +
    'Long only; needs lookback + 1 bars.',
  paramsSchema: momentumRotationParams,
  minBars: (p) => p.lookback + 1,
  dataSymbols: () => [],
  prepare: (u, p) => ({ momentum: u.series.map((s) => momentum(s.close, p.lookback)) }),
  decide({ t, universe: u, params: p, prepared, holdings }) {
    if (!isRebalanceStep(t, p.rebalanceEvery)) return NO_SIGNALS;
    const scores = prepared.momentum;
    const ranked = rankAt(u, t, scores, p.lookback + 1);
    const qualified = ranked.filter((k) => scoreAt(u, scores, k, t) > p.minMomentum);
    const targets = qualified.slice(0, p.topN);
    const label = `${p.lookback}-bar momentum`;
    return rebalanceTo(
      u,
      t,
      holdings,
      targets,
      (k) => {
        const rank = ranked.indexOf(k);
        const m = rank >= 0 ? scoreAt(u, scores, k, t) : Number.NaN;
        const why =
          rank < 0
            ? `${label} unavailable`
            : m > p.minMomentum
              ? `${label} ${fmtPct(m)} ranks #${rank + 1} of ${ranked.length}, outside the top ${p.topN}`
              : `${label} ${fmtPct(m)} is not above the minimum ${fmtPct(p.minMomentum)}`;
        // Confidence 1: a rebalance exit is mechanical, the symbol no longer qualifies.
        return signal(u.symbols[k]!, 'exit_long', 1, `rebalance: ${why}`);
      },
      (k) => {
        const m = scoreAt(u, scores, k, t);
        const rank = ranked.indexOf(k);
        // Confidence: 0.5 just above minMomentum, full 50 percentage points above it.
        const conf = scaledConfidence(m - p.minMomentum, 0.5);
        const reason =
          `rebalance: ${label} ${fmtPct(m)} ranks #${rank + 1} of ${ranked.length} ` +
          `(top ${p.topN}, minimum ${fmtPct(p.minMomentum)})`;
        return signal(u.symbols[k]!, 'enter_long', conf, reason);
      },
    );
  },
});
