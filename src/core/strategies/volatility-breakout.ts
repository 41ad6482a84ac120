import { z } from 'zod';
import type { Signal } from '../domain/signal.js';
import { atr, sma } from '../indicators/index.js';
import { intParam, numParam } from './params.js';
import { barIndexAt, fmt, heldQty, scaledConfidence, signal } from './signal-helpers.js';
import { defineStrategy, NO_SIGNALS } from './strategy.js';

export const volatilityBreakoutParams = z.strictObject({
  k: numParam(1, { min: 0.01, max: 20 }),
  atrPeriod: intParam(14, { min: 1, max: 500 }),
  exitPeriod: intParam(20, { min: 2, max: 1000 }),
});
export type VolatilityBreakoutParams = z.infer<typeof volatilityBreakoutParams>;

interface Prepared {
  readonly atr: readonly Float64Array[];
  readonly exitSma: readonly Float64Array[];
}

export const volatilityBreakout = defineStrategy<VolatilityBreakoutParams, Prepared>({
  id: 'volatility-breakout',
  version: '1.0.0',
  title: 'Volatility breakout (ATR expansion)',
  description:
    'Enters long when a bar closes up by more than k (1.0) times the previous bar\'s ATR(atrPeriod 14), i.e. ' +
    'an unusually large up move; exits when the close falls below its SMA(exitPeriod 20). Long only; needs ' +
    'max(atrPeriod + 2, exitPeriod) bars.',
  paramsSchema: volatilityBreakoutParams,
  // ATR[i - 1] needs atrPeriod true ranges, the first of which needs a previous close.
  minBars: (p) => Math.max(p.atrPeriod + 2, p.exitPeriod),
  dataSymbols: () => [],
  prepare: (u, p) => ({
    atr: u.series.map((s) => atr(s.high, s.low, s.close, p.atrPeriod)),
    exitSma: u.series.map((s) => sma(s.close, p.exitPeriod)),
  }),
  decide({ t, universe: u, params: p, prepared, holdings }) {
    const minIndex = Math.max(p.atrPeriod + 2, p.exitPeriod) - 1;
    let out: Signal[] | undefined;
    for (let k = 0; k < u.series.length; k++) {
      if (!u.tradable[k]) continue;
      const i = barIndexAt(u, k, t);
      if (i < minIndex) continue;
      const closes = u.series[k]!.close;
      const close = closes[i]!;
      const move = close - closes[i - 1]!;
      const prevAtr = prepared.atr[k]![i - 1]!;
      const mid = prepared.exitSma[k]![i]!;
      const expands = move > p.k * prevAtr;
      const weak = close < mid;
      if (!expands && !weak) continue;
      const symbol = u.symbols[k]!;
      const qty = heldQty(holdings, symbol);
      if (expands && qty === 0) {
        // Confidence: 0.5 when the move just exceeds k x ATR, full at twice that.
        const conf = scaledConfidence(move / (p.k * prevAtr) - 1, 1);
        const reason =
          `close ${fmt(close)} rose ${fmt(move)} > ${fmt(p.k)} x ATR${p.atrPeriod} ${fmt(prevAtr)} ` +
          `(prev close ${fmt(closes[i - 1]!)})`;
        (out ??= []).push(signal(symbol, 'enter_long', conf, reason));
      } else if (weak && qty > 0) {
        // Confidence: 0.5 at the SMA, full when the close is 5% below it.
        const conf = scaledConfidence((mid - close) / mid, 0.05);
        const reason = `close ${fmt(close)} fell below SMA${p.exitPeriod} ${fmt(mid)}`;
        (out ??= []).push(signal(symbol, 'exit_long', conf, reason));
      }
    }
    return out ?? NO_SIGNALS;
  },
});
