// A replay (replay.ts) as a person reads it: the same lines in the MCP tools' answers and on a proposal's card.
import type { MetricDeltas, ReplayMetrics } from './replay-diff.js';
import type { ReplayReport, ReplayVariant } from './replay.js';

const signed = (x: number, digits = 2): string => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;

/** "Baseline reproduces the stored run (14 of 14 trades)." or how it differs. */
export function reproductionLine(r: ReplayReport): string {
  const p = r.reproduction;
  return p.reproduced
    ? `The baseline (the run's own rules) reproduces the stored run: ${p.matched} of ${p.storedTrades} trades.`
    : `The baseline does not fully reproduce the stored run: ${p.matched} of ${p.storedTrades} stored trades matched, ${p.baselineTrades} replayed.`;
}

/** The metric deltas and the trade-level changes in two lines. */
export function variantLines(b: ReplayMetrics, v: ReplayVariant): string[] {
  const m = v.metrics;
  const d: MetricDeltas = v.deltas;
  const t = v.trades;
  const sharpe = b.sharpe === null || m.sharpe === null ? '' : `, sharpe ${b.sharpe.toFixed(2)} -> ${m.sharpe.toFixed(2)}`;
  const rules = v.blockedBy.filter((x) => x.baseline !== x.variant).map((x) => `${x.by} ${x.baseline} -> ${x.variant}`);
  return [
    `Trades ${b.trades} -> ${m.trades} (${signed(d.trades, 0)}); pnl ${b.totalPnl.toFixed(2)} -> ${m.totalPnl.toFixed(2)} (${signed(d.totalPnl)}); return ${b.totalReturnPct.toFixed(2)}% -> ${m.totalReturnPct.toFixed(2)}% (${signed(d.totalReturnPct)} pts); max drawdown ${b.maxDrawdownPct.toFixed(2)}% -> ${m.maxDrawdownPct.toFixed(2)}% (${signed(d.maxDrawdownPct)} pts); win rate ${b.winRatePct.toFixed(1)}% -> ${m.winRatePct.toFixed(1)}%${sharpe}.`,
    `Pnl ${signed(d.totalPnl)} = ${t.blocked.length} trade(s) blocked ${signed(v.pnlFrom.blocked)}, ${t.exitedDifferently.length} exited differently ${signed(v.pnlFrom.exits)}, ${t.resized.length} resized ${signed(v.pnlFrom.resized)}, ${t.added.length} new ${signed(v.pnlFrom.added)}; ${t.unchanged} unchanged.${rules.length > 0 ? ` Blocked signals: ${rules.join(', ')}.` : ''}`,
  ];
}
