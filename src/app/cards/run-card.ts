import type { RunManifest, RunSummary } from '../runs/model.js';
import type { ReplyButton, ReplyField } from '../chat/reply.js';
import { formatSizing } from '../../core/engine/config.js';
import type { Rule } from '../../core/risk/rules.js';
import { brokerText } from '../../core/runs/run-broker.js';

/** The fields every run card shows: what runs, on what, at which broker (LIVE marked), with which rules. */
export function runFields(run: RunSummary): ReplyField[] {
  const m = run.manifest;
  const params = Object.entries(m.params).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('/') : String(v)}`).join(', ');
  return [
    { name: 'Strategy', value: `${m.strategy.id} (${params})`, inline: true },
    { name: 'Symbols', value: m.symbols.join(', '), inline: true },
    { name: 'Timeframe', value: m.timeframe, inline: true },
    { name: 'Mode', value: run.mode, inline: true },
    { name: 'Broker', value: brokerText(m.broker), inline: true },
    { name: 'Status', value: run.status, inline: true },
    { name: 'Sizing', value: formatSizing(m.sizing), inline: true },
    { name: 'Data', value: dataText(m) },
    { name: 'Rules in force', value: rulesInForce(m.rules) },
  ];
}

/** Where the run's bars come from; a provider run names the provider serving each symbol, and says when prices are raw. */
export function dataText(m: Pick<RunManifest, 'dataSource' | 'sources' | 'adjustment'>): string {
  if (m.dataSource === 'sim') return 'simulated market (not real prices)';
  if (m.dataSource === 'csv') return 'csv files';
  const served = Object.entries(m.sources ?? {});
  const text = served.length === 0 ? m.dataSource : served.map(([symbol, provider]) => `${symbol}: ${provider}`).join(', ');
  return m.adjustment === 'raw' ? `${text} (raw prices)` : text;
}

/** The rules a run trades under, by id (shadow ones marked), or that only the hard gates apply. */
export function rulesInForce(rules: readonly Pick<Rule, 'id' | 'shadow'>[]): string {
  return rules.length === 0 ? 'none (hard gates only)' : rules.map((r) => `${r.id}${r.shadow ? ' (shadow)' : ''}`).join(', ');
}

/**
 * The buttons of a run card: Pause or Resume as the status allows, Stop while the run is live, and Summary. Each
 * press runs its command with the role of whoever presses.
 */
export function runButtons(number: number, status: RunSummary['status']): ReplyButton[] {
  const live = status === 'running' || status === 'paused' || status === 'halted';
  return [
    ...(status === 'running' ? [{ command: `/run pause run:${number}`, label: 'Pause', style: 'secondary' as const }] : []),
    ...(status === 'paused' || status === 'halted' ? [{ command: `/run resume run:${number}`, label: 'Resume', style: 'primary' as const }] : []),
    ...(live ? [{ command: `/run stop run:${number}`, label: 'Stop', style: 'danger' as const }] : []),
    { command: `/run summary run:${number}`, label: 'Summary', style: 'secondary' },
  ];
}
