// A replay (replay.ts) as a person reads it: the same lines in the MCP tools' answers and on a proposal's card.
import type { MetricDeltas, ReplayMetrics } from './diff.js';
import type { ReplayReport, ReplayVariant } from './replay.js';

const signed = (x: number, digits = 2): string => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;

/** Trades whose difference a replay's answer spells out one line each (the structured answer lists more). */
const DIFFERENCES_IN_TEXT = 10;

/** "The baseline reproduces the stored run: 14 of 14 trades." or how it differs, trade by trade, and why. */
export function reproductionLine(r: ReplayReport): string {
  const p = r.reproduction;
  if (p.reproduced) return `The baseline (the run's own rules) reproduces the stored run: ${p.matched} of ${p.storedTrades} trades.`;
  const lines = [`The baseline does not fully reproduce the stored run: ${p.matched} of ${p.storedTrades} stored trades matched, ${p.baselineTrades} replayed. Differences:`];
  for (const d of p.differences.slice(0, DIFFERENCES_IN_TEXT)) {
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
    lines.push(`- ${d.only === 'stored' ? 'only the run' : 'only the replay'}: ${d.symbol} ${d.side} ${d.qty} ${day(d.entryTime)} -> ${day(d.exitTime)} (${d.exitReason}, pnl ${d.pnl.toFixed(2)}): ${d.why}`);
  }
  if (p.differences.length > DIFFERENCES_IN_TEXT) lines.push(`- and ${p.differences.length - DIFFERENCES_IN_TEXT} more (listed in the structured answer).`);
  return lines.join('\n');
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
