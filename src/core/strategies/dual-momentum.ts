import { z } from 'zod';
import { momentum } from '../indicators/index.js';
import { intParam, numParam, optionalSymbolParam } from './params.js';
import { barIndexAt, fmtPct, scaledConfidence, signal } from './signal-helpers.js';
import { isRebalanceStep, rankAt, rebalanceTo, scoreAt } from './rotation.js';
import { defineStrategy, NO_SIGNALS } from './strategy.js';

export const dualMomentumParams = z.strictObject({
  lookback: intParam(252, { min: 1, max: 2000 }),
  /** A fraction: the best symbol is held only if its momentum is above it, else the safe symbol or cash. */
  threshold: numParam(0, { min: -1, max: 100 }),
  /** A tradable symbol of the run (e.g. a bond fund) held when risk is off; null = cash. */
  safeSymbol: optionalSymbolParam(),
  rebalanceEvery: intParam(21, { min: 1, max: 1000 }),
});
export type DualMomentumParams = z.infer<typeof dualMomentumParams>;

interface Prepared {
  readonly momentum: readonly Float64Array[];
  /** Universe index of safeSymbol when it is loaded and tradable, else -1 (risk-off means cash). */
  readonly safeK: number;
}

export const dualMomentum = defineStrategy<DualMomentumParams, Prepared>({
  id: 'dual-momentum',
  version: '1.0.0',
  title: 'Dual momentum (absolute + relative)',
  description:
    'Antonacci-style dual momentum: every rebalanceEvery (21) timeline steps, picks the tradable symbol with ' +
    'the best momentum over lookback (252 bars) (relative momentum) and holds it if that momentum is above ' +
    'threshold (0) (absolute momentum); otherwise holds safeSymbol if given (it must be one of the run\'s ' +
    'symbols and is not ranked; default none) or stays in cash. Long only; needs lookback + 1 bars.',
  paramsSchema: dualMomentumParams,
  minBars: (p) => p.lookback + 1,
  dataSymbols: () => [],
  prepare: (u, p) => {
    const k = p.safeSymbol === null ? -1 : u.symbols.indexOf(p.safeSymbol);
    return {
      momentum: u.series.map((s) => momentum(s.close, p.lookback)),
      safeK: k >= 0 && u.tradable[k] ? k : -1,
    };
  },
  decide({ t, universe: u, params: p, prepared, holdings }) {
    if (!isRebalanceStep(t, p.rebalanceEvery)) return NO_SIGNALS;
    const scores = prepared.momentum;
    const minBars = p.lookback + 1;
    const ranked = rankAt(u, t, scores, minBars, prepared.safeK);
    if (ranked.length === 0) return NO_SIGNALS; // nothing to compare yet
    const best = ranked[0]!;
    const bestMom = scoreAt(u, scores, best, t);
    const bestText = `${u.symbols[best]} ${p.lookback}-bar momentum ${fmtPct(bestMom)}`;
    const riskOn = bestMom > p.threshold;
    const safeK = prepared.safeK;
    const safeReady = safeK >= 0 && barIndexAt(u, safeK, t) + 1 >= minBars;
    const targets = riskOn ? [best] : safeReady ? [safeK] : [];
    const verdict = riskOn
      ? `best is ${bestText}, above the threshold ${fmtPct(p.threshold)}`
      : `best is ${bestText}, not above the threshold ${fmtPct(p.threshold)}: ` +
        (safeReady ? `moving to ${u.symbols[safeK]}` : 'moving to cash');
    return rebalanceTo(
      u,
      t,
      holdings,
      targets,
      // Confidence 1: a rebalance exit is mechanical, the symbol is no longer the pick.
      (k) => signal(u.symbols[k]!, 'exit_long', 1, `rebalance: ${verdict}`),
      // Confidence: 0.5 at the threshold, full when the best momentum is 50 percentage points beyond it
      // (above it for the risky pick, below it for the safe symbol).
      (k) =>
        signal(
          u.symbols[k]!,
          'enter_long',
          scaledConfidence(riskOn ? bestMom - p.threshold : p.threshold - bestMom, 0.5),
          `rebalance: ${verdict}`,
        ),
    );
  },
});
