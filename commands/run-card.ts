import type { RunSummary } from '../src/app/runs/model.js';
import type { ReplyField } from '../src/app/reply.js';
import { formatSizing } from '../src/core/engine/config.js';

/** The fields every run card shows: what runs, on what, with which rules. */
export function runFields(run: RunSummary): ReplyField[] {
  const m = run.manifest;
  const params = Object.entries(m.params).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('/') : String(v)}`).join(', ');
  return [
    { name: 'Strategy', value: `${m.strategy.id} (${params})`, inline: true },
    { name: 'Symbols', value: m.symbols.join(', '), inline: true },
    { name: 'Timeframe', value: m.timeframe, inline: true },
    { name: 'Mode', value: run.mode, inline: true },
    { name: 'Status', value: run.status, inline: true },
    { name: 'Sizing', value: formatSizing(m.sizing), inline: true },
    { name: 'Data', value: m.dataSource === 'sim' ? 'simulated market (not real prices)' : 'csv files' },
    { name: 'Rules in force', value: m.rules.length === 0 ? 'none (hard gates only)' : m.rules.map((r) => `${r.id}${r.shadow ? ' (shadow)' : ''}`).join(', ') },
  ];
}
