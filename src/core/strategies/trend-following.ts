import { z } from 'zod';
import type { Signal } from '../domain/signal.js';
import { sma } from '../indicators/index.js';
import { intParam } from './params.js';
import { barIndexAt, fmt, heldQty, scaledConfidence, signal } from './signal-helpers.js';
import { defineStrategy, NO_SIGNALS } from './strategy.js';

export const trendFollowingParams = z
  .strictObject({
    fast: intParam(50, { min: 2, max: 1000 }),
    slow: intParam(200, { min: 3, max: 2000 }),
  })
  .superRefine((p, ctx) => {
    if (p.fast >= p.slow) {
      const message = `expected an integer < slow (${p.slow}), got ${p.fast}`;
      ctx.addIssue({ code: 'custom', path: ['fast'], message });
    }
  });
export type TrendFollowingParams = z.infer<typeof trendFollowingParams>;

interface Prepared {
  readonly fast: readonly Float64Array[];
  readonly slow: readonly Float64Array[];
  /** +1 where fast crossed above slow at bar i, -1 where it crossed below, else 0: one read per quiet step. */
  readonly cross: readonly Int8Array[];
}

/** Strict crosses: fast < slow on bar i - 1 and fast > slow on bar i (equality on either bar is no cross). */
export function smaCrosses(fast: Float64Array, slow: Float64Array): Int8Array {
  const cross = new Int8Array(fast.length);
  for (let i = 1; i < fast.length; i++) {
    const f0 = fast[i - 1]!;
    const s0 = slow[i - 1]!;
    const f1 = fast[i]!;
    const s1 = slow[i]!;
    if (f0 < s0 && f1 > s1) cross[i] = 1;
    else if (f0 > s0 && f1 < s1) cross[i] = -1;
  }
  return cross;
}

export const trendFollowing = defineStrategy<TrendFollowingParams, Prepared>({
  id: 'trend-following',
  version: '1.0.0',
  title: 'Trend following (SMA cross)',
  description:
    'Goes long when the fast SMA of the close crosses above the slow SMA and exits when it crosses back below ' +
    '(defaults fast 50, slow 200: the golden/death cross). A cross is strict on both bars: fast < slow on the ' +
    'previous bar and fast > slow on this one (equality is not a cross). Long only; needs slow + 1 bars.',
  paramsSchema: trendFollowingParams,
  minBars: (p) => p.slow + 1,
  dataSymbols: () => [],
  prepare: (u, p) => {
    const fast = u.series.map((s) => sma(s.close, p.fast));
    const slow = u.series.map((s) => sma(s.close, p.slow));
    return { fast, slow, cross: fast.map((f, k) => smaCrosses(f, slow[k]!)) };
  },
  decide({ t, universe: u, params: p, prepared, holdings }) {
    const minIndex = p.slow; // series index + 1 >= minBars
    let out: Signal[] | undefined;
    for (let k = 0; k < u.series.length; k++) {
      if (!u.tradable[k]) continue;
      const i = barIndexAt(u, k, t);
      if (i < minIndex) continue;
      const cross = prepared.cross[k]![i]!;
      if (cross === 0) continue;
      const up = cross > 0;
      const down = cross < 0;
      const f1 = prepared.fast[k]![i]!;
      const s1 = prepared.slow[k]![i]!;
      const symbol = u.symbols[k]!;
      const qty = heldQty(holdings, symbol);
      const close = u.series[k]!.close[i]!;
      // Confidence: 0.5 at the cross, rising with how far the close already is beyond the slow SMA in the
      // direction of the cross; full at 10% away.
      if (up && qty === 0) {
        const conf = scaledConfidence((close - s1) / s1, 0.1);
        const reason = `SMA${p.fast} ${fmt(f1)} crossed above SMA${p.slow} ${fmt(s1)} (close ${fmt(close)})`;
        (out ??= []).push(signal(symbol, 'enter_long', conf, reason));
      } else if (down && qty > 0) {
        const conf = scaledConfidence((s1 - close) / s1, 0.1);
        const reason = `SMA${p.fast} ${fmt(f1)} crossed below SMA${p.slow} ${fmt(s1)} (close ${fmt(close)})`;
        (out ??= []).push(signal(symbol, 'exit_long', conf, reason));
      }
    }
    return out ?? NO_SIGNALS;
  },
});
