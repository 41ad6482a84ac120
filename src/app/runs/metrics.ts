import { calendarForSymbol } from '../../core/calendar/calendar.js';
import { observationsPerYear } from '../../core/engine/annualisation.js';
import { computeMetrics } from '../../core/engine/metrics.js';
import type { RunHistory } from './ports.js';
import type { RunMetrics } from './report-format.js';

/**
 * A run's metrics: a backtest's saved ones, otherwise computed from its equity snapshots and trades. A snapshot
 * whose equity differs from its cash had a position open at that close (the exposure the metrics count). The
 * ratios are annualised by the run's own calendar (the one its iterations follow) and timeframe, thinned by the
 * spacing of the snapshots (a backtest's stored curve keeps at most 5,000 points).
 */
export function runMetrics(h: RunHistory): RunMetrics {
  const n = h.equity.length;
  const spanMs = n === 0 ? 0 : h.equity[n - 1]!.time - h.equity[0]!.time;
  if (h.savedMetrics !== null) return { metrics: h.savedMetrics, spanMs };
  const time = new Float64Array(n);
  const equity = new Float64Array(n);
  const cash = new Float64Array(n);
  let exposedBars = 0;
  for (let i = 0; i < n; i++) {
    const p = h.equity[i]!;
    time[i] = p.time;
    equity[i] = p.equity;
    cash[i] = p.cash;
    if (Math.abs(p.equity - p.cash) > 1e-9) exposedBars++;
  }
  const c = h.run.config;
  const calendar = calendarForSymbol(c.symbols[0]!, { simulated: c.simulated });
  const metrics = computeMetrics({
    curve: { time, equity, cash }, trades: h.trades, startEquity: c.startCash, exposedBars, blocked: h.blocked,
    periodsPerYear: observationsPerYear(calendar, c.timeframe, time),
  });
  return { metrics, spanMs };
}

/** The equity curve as the chart wants it. */
export function equitySeries(name: string, h: RunHistory): { name: string; time: number[]; equity: number[] } {
  return { name, time: h.equity.map((p) => p.time), equity: h.equity.map((p) => p.equity) };
}
