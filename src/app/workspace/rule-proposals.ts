/** `pct=8`, `start=12:00, end=13:00`; arrays and objects as JSON. */
import type { ReplyButton } from '../chat/reply.js';
import type { RuleProposalView } from './ports.js';

export function formatParams(params: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(params).map(([k, v]) => `${k}=${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`);
  return parts.length === 0 ? '(none)' : parts.join(', ');
}

/** `stop_loss_pct pct=6`, `symbol_denylist symbols=["TSLA"] on TSLA`. */
export function ruleLabel(p: Pick<RuleProposalView, 'rule'>): string {
  return `${p.rule.type} ${formatParams(p.rule.params)}${p.rule.symbols === undefined ? '' : ` on ${p.rule.symbols.join(', ')}`}`;
}

/** A pending proposal's actions (buttons run human commands); `tag` tells them apart when a reply carries several. */
export function proposalButtons(p: RuleProposalView, tag = ''): ReplyButton[] {
  if (p.status !== 'pending') return [];
  const label = (s: string): string => (tag === '' ? s : `${s} ${tag}`);
  return [
    { command: `/proposal approve id:${p.id}`, label: label('Approve'), style: 'primary' },
    { command: `/proposal approve id:${p.id} shadow:true`, label: label('Approve as shadow'), style: 'secondary' },
    { command: `/proposal reject id:${p.id}`, label: label('Reject'), style: 'danger' },
    ...(p.run === null ? [] : [{ command: `/proposal replay id:${p.id}`, label: label('Replay'), style: 'secondary' as const }]),
  ];
}
