import type { ClosedTrade, BlockedSignal } from '../../../src/core/engine/report.js';
import type { BacktestRunRecord } from '../../../src/store/runs/backtest-runs.js';
import type { BacktestManifest } from '../../../src/app/backtest/manifest.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 2);

export const SAMPLE_TRADES: readonly ClosedTrade[] = [
  { symbol: 'ORCL', side: 'long', qty: 100, entryTime: T0 + DAY, entryPrice: 10.5, exitTime: T0 + 5 * DAY, exitPrice: 11.25, pnl: 74, commission: 1, exitReason: 'signal', barsHeld: 4 },
  { symbol: 'GOOG', side: 'short', qty: 3, entryTime: T0 + 2 * DAY, entryPrice: 500, exitTime: T0 + 7 * DAY, exitPrice: 520, pnl: -61, commission: 1, exitReason: 'stop_loss', barsHeld: 5 },
];

export const SAMPLE_BLOCKED: readonly BlockedSignal[] = [
  { time: T0 + 3 * DAY, symbol: 'ORCL', by: 'gate:max-position', reason: 'position would be 40% > 25%', observed: 40, limit: 25, shadow: false },
  { time: T0 + 4 * DAY, symbol: 'GOOG', by: 'rule:r1', reason: 'blackout window', observed: null, limit: null, shadow: true },
];

/** A plausible saved backtest; override any field. */
export function sampleRecord(over: Partial<BacktestRunRecord> = {}): BacktestRunRecord {
  return {
    workspace: { platform: 'console', externalId: 'local', name: 'Local desk' },
    strategyId: 'sma-cross',
    strategyVersion: '1.0.0',
    params: { fast: 10, slow: 30 },
    symbols: ['ORCL', 'GOOG'],
    timeframe: '1d',
    dataSource: 'csv:/data',
    quantEnabled: true,
    gatesMode: 'enforce',
    sizing: { kind: 'fixed_pct', pct: 10 },
    rules: [{ id: 'r1', type: 'blackout_window' }],
    rulesHash: 'abc123',
    // An older save's manifest: only some fields (the store reads saved backtests leniently).
    manifest: { codeVersion: 'test', strategy: { id: 'sma-cross' } } as unknown as BacktestManifest,
    results: { metrics: { totalReturnPct: 1.5, sharpe: null } },
    startingCash: 100_000,
    dataFrom: T0,
    dataTo: T0 + 9 * DAY,
    createdBy: 'cli',
    trades: SAMPLE_TRADES,
    equity: Array.from({ length: 10 }, (_, i) => ({ time: T0 + i * DAY, cash: 100_000 - i, equity: 100_000 + i * 10 })),
    blocked: SAMPLE_BLOCKED,
    startedAt: T0 + 20 * DAY,
    endedAt: T0 + 20 * DAY + 1_500,
    ...over,
  };
}
