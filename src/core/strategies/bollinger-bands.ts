import { z } from 'zod';
import type { Signal } from '../domain/signal.js';
import { bollinger } from '../indicators/index.js';
import { boolParam, intParam, numParam } from './params.js';
import { barIndexAt, fmt, heldQty, scaledConfidence, signal } from './signal-helpers.js';
import { defineStrategy, NO_SIGNALS } from './strategy.js';

export const bollingerBandsParams = z.strictObject({
  period: intParam(20, { min: 2, max: 1000 }),
  stdDev: numParam(2, { min: 0.1, max: 10 }),
  allowShort: boolParam(false),
});
export type BollingerBandsParams = z.infer<typeof bollingerBandsParams>;

interface Prepared {
  readonly middle: readonly Float64Array[];
  readonly upper: readonly Float64Array[];
  readonly lower: readonly Float64Array[];
}

export const bollingerBands = defineStrategy<BollingerBandsParams, Prepared>({
  id: 'bollinger-bands',
  version: '1.0.0',
  title: 'Bollinger Bands mean reversion',
  description:
    'Bollinger(period 20, stdDev 2) mean reversion: enters long when the close drops below the lower band and ' +
    'exits when it closes above the middle band (the SMA). With allowShort (default false) it also shorts above ' +
    'the upper band and covers below the middle band. Needs period bars.',
  paramsSchema: bollingerBandsParams,
  minBars: (p) => p.period,
  dataSymbols: () => [],
  prepare: (u, p) => {
    const bands = u.series.map((s) => bollinger(s.close, p.period, p.stdDev));
    return { middle: bands.map((b) => b.middle), upper: bands.map((b) => b.upper), lower: bands.map((b) => b.lower) };
  },
  decide({ t, universe: u, params: p, prepared, holdings }) {
    const minIndex = p.period - 1;
    let out: Signal[] | undefined;
    for (let k = 0; k < u.series.length; k++) {
      if (!u.tradable[k]) continue;
      const i = barIndexAt(u, k, t);
      if (i < minIndex) continue;
      const close = u.series[k]!.close[i]!;
      const mid = prepared.middle[k]![i]!;
      const symbol = u.symbols[k]!;
      const lower = prepared.lower[k]![i]!;
      const upper = prepared.upper[k]![i]!;
      // Confidence: 0.5 at the band (or the middle for exits), full one half-band-width (stdDev sigmas)
      // further out. A zero-width band (flat prices) gives 0.5.
      const halfWidth = upper - mid;
      const qty = heldQty(holdings, symbol);
      if (qty === 0 && close < lower) {
        const conf = scaledConfidence(lower - close, halfWidth);
        const reason = `close ${fmt(close)} below lower band ${fmt(lower)} (middle ${fmt(mid)})`;
        (out ??= []).push(signal(symbol, 'enter_long', conf, reason));
      } else if (qty === 0 && close > upper && p.allowShort) {
        const conf = scaledConfidence(close - upper, halfWidth);
        const reason = `close ${fmt(close)} above upper band ${fmt(upper)} (middle ${fmt(mid)}), shorting`;
        (out ??= []).push(signal(symbol, 'enter_short', conf, reason));
      } else if (qty > 0 && close > mid) {
        const conf = scaledConfidence(close - mid, halfWidth);
        const reason = `close ${fmt(close)} above middle band ${fmt(mid)}`;
        (out ??= []).push(signal(symbol, 'exit_long', conf, reason));
      } else if (qty < 0 && close < mid) {
        const conf = scaledConfidence(mid - close, halfWidth);
        const reason = `close ${fmt(close)} below middle band ${fmt(mid)}, covering`;
        (out ??= []).push(signal(symbol, 'exit_short', conf, reason));
      }
    }
    return out ?? NO_SIGNALS;
  },
});
