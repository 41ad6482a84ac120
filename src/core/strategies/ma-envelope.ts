import { z } from 'zod';
import type { Signal } from '../domain/signal.js';
import { sma } from '../indicators/index.js';
import { intParam, numParam } from './params.js';
import { barIndexAt, fmt, heldQty, scaledConfidence, signal } from './signal-helpers.js';
import { defineStrategy, NO_SIGNALS } from './strategy.js';

export const maEnvelopeParams = z.strictObject({
  period: intParam(20, { min: 2, max: 1000 }),
  pct: numParam(2.5, { min: 0.01, max: 50 }),
});
export type MaEnvelopeParams = z.infer<typeof maEnvelopeParams>;

interface Prepared {
  readonly mid: readonly Float64Array[];
}

export const maEnvelope = defineStrategy<MaEnvelopeParams, Prepared>({
  id: 'ma-envelope',
  version: '1.0.0',
  title: 'Moving-average envelope',
  description:
    'Mean reversion around SMA(period 20) with bands at +/- pct (2.5)%: enters long when the close drops below ' +
    'the lower band (SMA x (1 - pct/100)) and exits when the close gets back above the SMA. Long only; needs ' +
    'period bars.',
  paramsSchema: maEnvelopeParams,
  minBars: (p) => p.period,
  dataSymbols: () => [],
  prepare: (u, p) => ({ mid: u.series.map((s) => sma(s.close, p.period)) }),
  decide({ t, universe: u, params: p, prepared, holdings }) {
    const minIndex = p.period - 1;
    const lowerFactor = 1 - p.pct / 100;
    let out: Signal[] | undefined;
    for (let k = 0; k < u.series.length; k++) {
      if (!u.tradable[k]) continue;
      const i = barIndexAt(u, k, t);
      if (i < minIndex) continue;
      const close = u.series[k]!.close[i]!;
      const mid = prepared.mid[k]![i]!;
      const lower = mid * lowerFactor;
      const cheap = close < lower;
      const recovered = close > mid;
      if (!cheap && !recovered) continue;
      const symbol = u.symbols[k]!;
      const qty = heldQty(holdings, symbol);
      if (cheap && qty === 0) {
        // Confidence: 0.5 at the band, full when the close is another pct% below it.
        const conf = scaledConfidence((lower - close) / lower, p.pct / 100);
        const band = `SMA${p.period} ${fmt(mid)} - ${fmt(p.pct)}%`;
        const reason = `close ${fmt(close)} below lower band ${fmt(lower)} (${band})`;
        (out ??= []).push(signal(symbol, 'enter_long', conf, reason));
      } else if (recovered && qty > 0) {
        // Confidence: 0.5 at the SMA, full at the upper band.
        const conf = scaledConfidence((close - mid) / mid, p.pct / 100);
        const reason = `close ${fmt(close)} back above SMA${p.period} ${fmt(mid)}`;
        (out ??= []).push(signal(symbol, 'exit_long', conf, reason));
      }
    }
    return out ?? NO_SIGNALS;
  },
});
