// Rows shared by saved backtests and paper-run iterations: closed trades and blocked signals.
import type { BlockedSignal, ClosedTrade } from '../../core/engine/report.js';

export function tradeRow(runId: string, t: ClosedTrade) {
  return {
    runId,
    symbol: t.symbol,
    side: t.side,
    qty: t.qty,
    entryTime: new Date(t.entryTime),
    entryPrice: t.entryPrice,
    exitTime: new Date(t.exitTime),
    exitPrice: t.exitPrice,
    pnl: t.pnl,
    commission: t.commission,
    exitReason: t.exitReason,
    barsHeld: t.barsHeld,
  };
}

export function violationRow(runId: string, b: BlockedSignal, decisionId?: string) {
  return {
    runId,
    ...(decisionId === undefined ? {} : { decisionId }),
    by: b.by,
    symbol: b.symbol,
    observed: b.observed,
    limit: b.limit,
    // A shadow gate/rule only reports: the order went ahead.
    action: b.shadow ? 'reported' : 'entry_blocked',
    message: b.reason,
    at: new Date(b.time),
  };
}
