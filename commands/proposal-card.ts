// How a rule proposal reads on every platform: the rule, why, the numbers, and what a person can do about it.
import type { ReplayReport } from '../src/app/replay.js';
import type { Reply } from '../src/app/reply.js';
import { proposalButtons, ruleLabel, type RuleProposalView } from '../src/app/rule-proposals.js';

export { ruleLabel } from '../src/app/rule-proposals.js';

const signed = (x: number, digits = 2): string => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;

export function statusLine(p: RuleProposalView): string {
  if (p.status === 'pending') return 'pending: an admin can approve it (optionally as a shadow rule first) or reject it';
  const when = p.decidedAt === null ? '' : ` ${new Date(p.decidedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `${p.status}${p.decidedBy === null ? '' : ` by ${p.decidedBy}`}${when}`;
}

export function proposalCard(p: RuleProposalView, extra?: string): Reply {
  return {
    kind: 'ok',
    title: `Rule proposal: ${p.rule.id}`,
    text: [p.rationale, p.summary, ...(extra === undefined ? [] : [extra])].filter((s) => s !== '').join('\n\n'),
    fields: [
      { name: 'Rule', value: `${ruleLabel(p)} (${p.rule.category})`, inline: false },
      { name: 'From', value: p.run === null ? 'the analyst' : `Run #${p.run}`, inline: true },
      { name: 'Status', value: statusLine(p), inline: true },
      { name: 'Proposal', value: p.id, inline: true },
    ],
    buttons: proposalButtons(p),
  };
}

/** A replay's deltas as a few lines with the numbers. */
export function replayText(report: ReplayReport): string {
  const v = report.variants[0];
  if (v === undefined) return 'The replay produced no variant.';
  const d = v.deltas;
  const base = report.baseline;
  const lines = [
    `Replayed Run #${report.run} on its own ${report.bars} bars (${report.source.label}${report.source.simulated ? ', simulated' : ''})${report.cut ? ', up to the cut-off' : ''}:`,
    `• pnl ${base.totalPnl.toFixed(2)} → ${(base.totalPnl + d.totalPnl).toFixed(2)} (${signed(d.totalPnl)}); return ${signed(d.totalReturnPct)} pts; max drawdown ${signed(d.maxDrawdownPct)} pts; win rate ${signed(d.winRatePct, 1)} pts; trades ${signed(d.trades, 0)}`,
    `• ${v.trades.blocked.length} trade(s) blocked (${signed(v.pnlFrom.blocked)}), ${v.trades.exitedDifferently.length} exited differently (${signed(v.pnlFrom.exits)}), ${v.trades.resized.length} resized (${signed(v.pnlFrom.resized)}), ${v.trades.added.length} new (${signed(v.pnlFrom.added)}), ${v.trades.unchanged} unchanged`,
  ];
  if (!report.reproduction.reproduced) {
    lines.push(`• Note: the baseline replay gives ${report.reproduction.baselineTrades} trades where the run stored ${report.reproduction.storedTrades} (${report.reproduction.matched} match), so read the deltas against the replay, not the stored run.`);
  }
  for (const note of report.notes) lines.push(`• ${note}`);
  return lines.join('\n');
}
