// How a rule proposal reads on every platform: the rule, why, the numbers, and what a person can do about it.
import type { ReplayReport } from '../replay/replay.js';
import { reproductionLine, variantLines } from '../replay/text.js';
import type { Reply } from '../chat/reply.js';
import { proposalButtons, ruleLabel } from '../workspace/rule-proposals.js';
import { type RuleProposalView } from '../workspace/ports.js';

export { ruleLabel } from '../workspace/rule-proposals.js';

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

/** A replay's deltas as a few lines with the numbers (the same lines replay_with_rule answers with). */
export function replayText(report: ReplayReport): string {
  const v = report.variants[0];
  if (v === undefined) return 'The replay produced no variant.';
  const lines = [
    `Replayed Run #${report.run} on its own ${report.bars} bars (${report.source.label}${report.source.simulated ? ', simulated' : ''})${report.cut ? ', up to the cut-off' : ''}:`,
    ...variantLines(report.baseline, v).map((l) => `• ${l}`),
    `• ${reproductionLine(report)}`,
    ...report.notes.map((note) => `• ${note}`),
  ];
  return lines.join('\n');
}
