import type { BacktestOutcome } from './backtest.js';
import type { BacktestRunRecord } from './ports.js';

/** At most this many equity points are stored per run (evenly spaced, always keeping the last). */
const MAX_EQUITY_POINTS = 5_000;

export function backtestRunRecord(o: BacktestOutcome, workspace: BacktestRunRecord['workspace'], createdBy: string): BacktestRunRecord {
  const { curve } = o.result;
  const n = curve.time.length;
  const step = Math.max(1, Math.ceil(n / MAX_EQUITY_POINTS));
  const equity: { time: number; cash: number; equity: number }[] = [];
  const point = (i: number) => ({ time: curve.time[i]!, cash: curve.cash?.[i] ?? curve.equity[i]!, equity: curve.equity[i]! });
  for (let i = 0; i < n; i += step) equity.push(point(i));
  if (n > 0 && (n - 1) % step !== 0) equity.push(point(n - 1));
  return {
    workspace,
    strategyId: o.strategy.id,
    strategyVersion: o.strategy.version,
    params: o.strategy.params,
    symbols: [...o.request.symbols],
    timeframe: o.request.timeframe,
    dataSource: o.dataLabel,
    quantEnabled: o.request.quant.enabled,
    gatesMode: o.request.gatesMode,
    sizing: { ...o.request.sizing },
    rules: [...o.request.rules],
    rulesHash: o.rulesHash,
    manifest: o.manifest,
    results: { metrics: o.result.metrics, bars: o.result.bars, openPositions: o.result.openPositions, events: o.result.events, warnings: o.warnings },
    startingCash: o.request.startCash,
    dataFrom: o.firstBar,
    dataTo: o.lastBar,
    createdBy,
    trades: o.result.trades,
    equity,
    blocked: o.result.blocked,
  };
}
