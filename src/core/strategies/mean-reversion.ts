import { z } from 'zod';
import type { Signal } from '../domain/signal.js';
import { rsi } from '../indicators/index.js';
import { boolParam, intParam, numParam } from './params.js';
import { barIndexAt, fmt, heldQty, scaledConfidence, signal } from './signal-helpers.js';
import { defineStrategy, NO_SIGNALS } from './strategy.js';

export const meanReversionParams = z
  .strictObject({
    period: intParam(14, { min: 2, max: 500 }),
    oversold: numParam(30, { min: 0, max: 100 }),
    overbought: numParam(70, { min: 0, max: 100 }),
    allowShort: boolParam(false),
  })
  .superRefine((p, ctx) => {
    if (p.oversold >= p.overbought) {
      ctx.addIssue({
        code: 'custom',
        path: ['oversold'],
        message: `expected a number < overbought (${p.overbought}), got ${p.oversold}`,
      });
    }
  });
export type MeanReversionParams = z.infer<typeof meanReversionParams>;

interface Prepared {
  readonly rsi: readonly Float64Array[];
}

export const meanReversion = defineStrategy<MeanReversionParams, Prepared>({
  id: 'mean-reversion',
  version: '1.0.0',
  title: 'Mean reversion (RSI)',
  description:
    'Buys weakness: enters long when flat and RSI(14) falls below oversold (30), exits when RSI rises above ' +
    'overbought (70). With allowShort (default false) it also shorts when flat and RSI is above overbought and ' +
    'covers when RSI drops below oversold. Needs period + 1 bars.',
  paramsSchema: meanReversionParams,
  minBars: (p) => p.period + 1,
  dataSymbols: () => [],
  prepare: (u, p) => ({ rsi: u.series.map((s) => rsi(s.close, p.period)) }),
  decide({ t, universe: u, params: p, prepared, holdings }) {
    const minIndex = p.period;
    let out: Signal[] | undefined;
    for (let k = 0; k < u.series.length; k++) {
      if (!u.tradable[k]) continue;
      const i = barIndexAt(u, k, t);
      if (i < minIndex) continue;
      const r = prepared.rsi[k]![i]!;
      const below = r < p.oversold;
      const above = r > p.overbought;
      if (!below && !above) continue; // also skips NaN
      const symbol = u.symbols[k]!;
      const qty = heldQty(holdings, symbol);
      const close = u.series[k]!.close[i]!;
      // Confidence: 0.5 at the threshold, full when RSI is 20 points beyond it.
      const conf = scaledConfidence(below ? p.oversold - r : r - p.overbought, 20);
      const rsiText = `RSI${p.period} ${fmt(r)}`;
      if (below && qty === 0) {
        const reason = `${rsiText} below oversold ${fmt(p.oversold)} (close ${fmt(close)})`;
        (out ??= []).push(signal(symbol, 'enter_long', conf, reason));
      } else if (above && qty > 0) {
        const reason = `${rsiText} above overbought ${fmt(p.overbought)} (close ${fmt(close)})`;
        (out ??= []).push(signal(symbol, 'exit_long', conf, reason));
      } else if (above && qty === 0 && p.allowShort) {
        const reason = `${rsiText} above overbought ${fmt(p.overbought)}, shorting (close ${fmt(close)})`;
        (out ??= []).push(signal(symbol, 'enter_short', conf, reason));
      } else if (below && qty < 0) {
        const reason = `${rsiText} below oversold ${fmt(p.oversold)}, covering (close ${fmt(close)})`;
        (out ??= []).push(signal(symbol, 'exit_short', conf, reason));
      }
    }
    return out ?? NO_SIGNALS;
  },
});
