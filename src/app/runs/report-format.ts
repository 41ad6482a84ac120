// How the run reports print numbers and times: one place, so every card agrees.
import type { Metrics } from '../../core/engine/report.js';
import type { ReplyField } from '../chat/reply.js';

export const money = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const signedMoney = (x: number): string => `${x > 0 ? '+' : x < 0 ? '-' : ''}${money(Math.abs(x))}`;
export const pct = (x: number): string => `${x.toFixed(2)}%`;
export const signedPct = (x: number): string => `${x > 0 ? '+' : ''}${x.toFixed(2)}%`;
export const ratio = (x: number | null): string => (x === null ? 'n/a' : x.toFixed(2));
// Eight decimals: a crypto position is held to 1e-8 of a coin (src/core/domain/quantity.ts), shown as held.
export const qty = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 8 });
export const price = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 });

/** `2024-01-02 12:01` (UTC), or `-` when not known. */
export const minute = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));
export const day = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString().slice(0, 10));

/** Day P&L as `+1,234.50 (+1.23%)` against the day's starting equity. */
export function dayPnl(equity: number, dayStartEquity: number): string {
  const pnl = equity - dayStartEquity;
  return dayStartEquity > 0 ? `${signedMoney(pnl)} (${signedPct((pnl / dayStartEquity) * 100)})` : signedMoney(pnl);
}

/** A run's metrics and the time its equity curve spans. */
export interface RunMetrics {
  readonly metrics: Metrics;
  readonly spanMs: number;
}

const orNa = (f: (x: number) => string) => (x: number | null): string => (x === null ? 'n/a' : f(x));

/** The metrics the reports show, in order; `value` null = undefined for this run (e.g. Sharpe of a short run). */
export const REPORT_METRICS: readonly { readonly name: string; readonly value: (r: RunMetrics) => number | null; readonly format: (x: number | null) => string }[] = [
  { name: 'Return', value: (r) => r.metrics.totalReturnPct, format: orNa(pct) },
  { name: 'CAGR', value: (r) => r.metrics.cagrPct, format: orNa(pct) },
  { name: 'Sharpe', value: (r) => r.metrics.sharpe, format: ratio },
  { name: 'Max drawdown', value: (r) => r.metrics.maxDrawdownPct, format: orNa(pct) },
  { name: 'Trades', value: (r) => r.metrics.trades, format: orNa(String) },
  { name: 'Win rate', value: (r) => r.metrics.winRatePct, format: orNa(pct) },
  { name: 'Profit factor', value: (r) => r.metrics.profitFactor, format: ratio },
];

export function metricFields(r: RunMetrics): ReplyField[] {
  const m = r.metrics;
  return [
    { name: 'Start equity', value: money(m.startEquity), inline: true },
    { name: 'End equity', value: money(m.endEquity), inline: true },
    ...REPORT_METRICS.map((x) => ({ name: x.name, value: x.format(x.value(r)), inline: true })),
    ...naNotes(m, ['Sharpe', 'CAGR']).map((note) => ({ name: 'Note', value: note })),
  ];
}

type Annualised = 'Sharpe' | 'Sortino' | 'CAGR';

/**
 * One line per distinct reason a shown annualised metric is n/a ("Sharpe, CAGR n/a: the equity curve spans 3.0
 * day(s), ..."), so a card never shows a bare n/a.
 */
export function naNotes(m: Pick<Metrics, 'cagrNote' | 'sharpeNote' | 'sortinoNote'>, shown: readonly Annualised[] = ['Sharpe', 'Sortino', 'CAGR']): string[] {
  const byNote = new Map<string, string[]>();
  const notes: Record<Annualised, string | null> = { Sharpe: m.sharpeNote, Sortino: m.sortinoNote, CAGR: m.cagrNote };
  for (const name of shown) {
    const note = notes[name];
    if (note !== null) byNote.set(note, [...(byNote.get(note) ?? []), name]);
  }
  return [...byNote].map(([note, names]) => `${names.join(', ')} ${note}`);
}

