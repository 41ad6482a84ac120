// How the run reports print numbers and times: one place, so every card agrees.
import type { Metrics } from '../../core/engine/report.js';
import type { ReplyField } from '../reply.js';

export const money = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const signedMoney = (x: number): string => `${x > 0 ? '+' : x < 0 ? '-' : ''}${money(Math.abs(x))}`;
export const pct = (x: number): string => `${x.toFixed(2)}%`;
export const signedPct = (x: number): string => `${x > 0 ? '+' : ''}${x.toFixed(2)}%`;
export const ratio = (x: number | null): string => (x === null ? 'n/a' : x.toFixed(2));
export const qty = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 6 });
export const price = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 });

/** `2024-01-02 12:01` (UTC), or `-` when not known. */
export const minute = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));
export const day = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString().slice(0, 10));

/** Day P&L as `+1,234.50 (+1.23%)` against the day's starting equity. */
export function dayPnl(equity: number, dayStartEquity: number): string {
  const pnl = equity - dayStartEquity;
  return dayStartEquity > 0 ? `${signedMoney(pnl)} (${signedPct((pnl / dayStartEquity) * 100)})` : signedMoney(pnl);
}

/** The metrics the reports show, in order; `value` null = undefined for this run (e.g. Sharpe of a short run). */
export const REPORT_METRICS: readonly { readonly name: string; readonly value: (m: Metrics) => number | null; readonly format: (x: number | null) => string }[] = [
  { name: 'Return', value: (m) => m.totalReturnPct, format: (x) => (x === null ? 'n/a' : pct(x)) },
  { name: 'CAGR', value: (m) => m.cagrPct, format: (x) => (x === null ? 'n/a' : pct(x)) },
  { name: 'Sharpe', value: (m) => m.sharpe, format: ratio },
  { name: 'Max drawdown', value: (m) => m.maxDrawdownPct, format: (x) => (x === null ? 'n/a' : pct(x)) },
  { name: 'Trades', value: (m) => m.trades, format: (x) => (x === null ? 'n/a' : String(x)) },
  { name: 'Win rate', value: (m) => m.winRatePct, format: (x) => (x === null ? 'n/a' : pct(x)) },
  { name: 'Profit factor', value: (m) => m.profitFactor, format: ratio },
];

export function metricFields(m: Metrics): ReplyField[] {
  return [
    { name: 'Start equity', value: money(m.startEquity), inline: true },
    { name: 'End equity', value: money(m.endEquity), inline: true },
    ...REPORT_METRICS.map((r) => ({ name: r.name, value: r.format(r.value(m)), inline: true })),
  ];
}
