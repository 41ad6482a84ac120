/**
 * The quant check: a deterministic adjustment of a signal's confidence from the strategy's recent record in this
 * run. It is not a gate: it never blocks, it only scales confidence (which sizing may use).
 */

export interface RecordSummary {
  /** Closed trades considered (the last `window`, non-finite returns skipped). */
  readonly n: number;
  /** Mean trade return, % of entry notional (0 when n is 0). */
  readonly expectancyPct: number;
  /** Per-trade mean / sd (n - 1), not annualised; null with fewer than 2 trades or zero deviation. */
  readonly sharpe: number | null;
  /** Largest fall of the compounded trade equity (starting at 1) from its running peak, positive %. */
  readonly maxDrawdownPct: number;
}

export interface QuantCheckConfig {
  /** Below this many trades the record says nothing: factor 1. */
  readonly minTrades: number;
}

export const DEFAULT_QUANT_CHECK_CONFIG: QuantCheckConfig = { minTrades: 5 };

export interface ConfidenceAdjustment {
  /** Adjusted confidence, clamped to [0, 1]. */
  readonly confidence: number;
  readonly factor: number;
  /** Plain language with the numbers, for the decision log. */
  readonly note: string;
}

export function summarizeRecord(tradeReturnsPct: readonly number[], window = 20): RecordSummary {
  const from = Math.max(0, tradeReturnsPct.length - Math.max(0, Math.floor(window)));
  let n = 0;
  let mean = 0;
  let m2 = 0;
  let equity = 1;
  let peak = 1;
  let worst = 0;
  for (let i = from; i < tradeReturnsPct.length; i++) {
    const r = tradeReturnsPct[i]!;
    if (!Number.isFinite(r)) continue; // cannot be averaged or compounded
    n++;
    const d = r - mean;
    mean += d / n;
    m2 += d * (r - mean);
    // A loss of 100% or more wipes the compounded equity out; it cannot go below zero.
    equity = Math.max(0, equity * (1 + r / 100));
    if (equity > peak) peak = equity;
    else worst = Math.max(worst, (peak - equity) / peak);
  }
  const sd = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
  return { n, expectancyPct: mean, sharpe: sd > 0 ? mean / sd : null, maxDrawdownPct: worst * 100 };
}

/**
 * factor = 1 + 0.125 x tanh(expectancyPct / 1%) + 0.125 x tanh(sharpe / 0.5) - 0.5 x min(maxDrawdownPct / 25%, 1)
 *
 * - Each term is monotone: the factor rises with expectancy and Sharpe and falls with drawdown.
 * - tanh saturates, so one outlier trade cannot dominate: an expectancy of +1% per trade or a per-trade Sharpe of
 *   0.5 already earns most of its bonus. An undefined Sharpe (too few or identical returns) contributes 0.
 * - Drawdown weighs most because it is what a losing streak looks like: a 25% drawdown over the window halves
 *   confidence on its own.
 * - Bounds by construction: [1 - 0.125 - 0.125 - 0.5, 1 + 0.125 + 0.125] = [0.25, 1.25].
 */
export const QUANT_FACTOR = {
  min: 0.25,
  max: 1.25,
  expectancyWeight: 0.125,
  expectancyScalePct: 1,
  sharpeWeight: 0.125,
  sharpeScale: 0.5,
  drawdownWeight: 0.5,
  drawdownScalePct: 25,
} as const;

export function confidenceFactor(summary: RecordSummary): number {
  const f = QUANT_FACTOR;
  const e = Math.tanh(finiteOr0(summary.expectancyPct) / f.expectancyScalePct);
  const s = Math.tanh(finiteOr0(summary.sharpe ?? 0) / f.sharpeScale);
  const d = Math.min(Math.max(finiteOr0(summary.maxDrawdownPct), 0) / f.drawdownScalePct, 1);
  const raw = 1 + f.expectancyWeight * e + f.sharpeWeight * s - f.drawdownWeight * d;
  return clamp(raw, f.min, f.max);
}

export function adjustConfidence(
  confidence: number,
  summary: RecordSummary,
  config: QuantCheckConfig = DEFAULT_QUANT_CHECK_CONFIG,
): ConfidenceAdjustment {
  const base = clamp(finiteOr0(confidence), 0, 1);
  if (summary.n < config.minTrades) {
    return {
      confidence: base,
      factor: 1,
      note: `not enough history (${summary.n} of ${config.minTrades} trades)`,
    };
  }
  const factor = confidenceFactor(summary);
  const sharpe = summary.sharpe === null ? 'n/a' : summary.sharpe.toFixed(1);
  return {
    confidence: clamp(base * factor, 0, 1),
    factor,
    note:
      `last ${summary.n} trades: expectancy ${summary.expectancyPct.toFixed(1)}%, Sharpe ${sharpe}, ` +
      `drawdown ${summary.maxDrawdownPct.toFixed(1)}% -> confidence x${factor.toFixed(2)}`,
  };
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const finiteOr0 = (x: number): number => (Number.isFinite(x) ? x : 0);
