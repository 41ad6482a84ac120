import { z } from 'zod';
import type { Signal } from '../domain/signal.js';
import { donchian } from '../indicators/index.js';
import { intParam } from './params.js';
import { barIndexAt, fmt, heldQty, scaledConfidence, signal } from './signal-helpers.js';
import { defineStrategy, NO_SIGNALS } from './strategy.js';

export const breakoutParams = z.strictObject({
  entryPeriod: intParam(20, { min: 2, max: 1000 }),
  exitPeriod: intParam(10, { min: 2, max: 1000 }),
});
export type BreakoutParams = z.infer<typeof breakoutParams>;

interface Prepared {
  /** Highest high of the entryPeriod bars ending at j (inclusive); read at i - 1 to exclude bar i. */
  readonly entryHigh: readonly Float64Array[];
  /** Lowest low of the exitPeriod bars ending at j (inclusive); read at i - 1. */
  readonly exitLow: readonly Float64Array[];
}

export const breakout = defineStrategy<BreakoutParams, Prepared>({
  id: 'breakout',
  version: '1.0.0',
  title: 'Donchian breakout',
  description:
    'Turtle-style channel breakout: enters long when the close exceeds the highest high of the previous ' +
    'entryPeriod (20) bars, exits when the close falls below the lowest low of the previous exitPeriod (10) ' +
    'bars. The channels exclude the current bar. Long only; needs max(entryPeriod, exitPeriod) + 1 bars.',
  paramsSchema: breakoutParams,
  minBars: (p) => Math.max(p.entryPeriod, p.exitPeriod) + 1,
  dataSymbols: () => [],
  prepare: (u, p) => ({
    entryHigh: u.series.map((s) => donchian(s.high, s.low, p.entryPeriod).upper),
    exitLow: u.series.map((s) => donchian(s.high, s.low, p.exitPeriod).lower),
  }),
  decide({ t, universe: u, params: p, prepared, holdings }) {
    const minIndex = Math.max(p.entryPeriod, p.exitPeriod);
    let out: Signal[] | undefined;
    for (let k = 0; k < u.series.length; k++) {
      if (!u.tradable[k]) continue;
      const i = barIndexAt(u, k, t);
      if (i < minIndex) continue;
      const close = u.series[k]!.close[i]!;
      const high = prepared.entryHigh[k]![i - 1]!;
      const low = prepared.exitLow[k]![i - 1]!;
      if (!(close > high) && !(close < low)) continue;
      const symbol = u.symbols[k]!;
      const qty = heldQty(holdings, symbol);
      // Confidence: 0.5 at the channel edge, full when the close is 5% beyond it.
      if (close > high && qty === 0) {
        const conf = scaledConfidence((close - high) / high, 0.05);
        const reason = `close ${fmt(close)} broke above the ${p.entryPeriod}-bar high ${fmt(high)}`;
        (out ??= []).push(signal(symbol, 'enter_long', conf, reason));
      } else if (close < low && qty > 0) {
        const conf = scaledConfidence((low - close) / low, 0.05);
        const reason = `close ${fmt(close)} broke below the ${p.exitPeriod}-bar low ${fmt(low)}`;
        (out ??= []).push(signal(symbol, 'exit_long', conf, reason));
      }
    }
    return out ?? NO_SIGNALS;
  },
});
