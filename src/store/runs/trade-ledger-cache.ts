// Decoded trade ledgers, most recently used first. An analyst question reads the same run through several tools
// (analyze_trades, calculate_metrics, get_trades ...): decoding 500k trades once instead of per tool is most of
// what keeps the answer under a second. Bounded by trades held, not runs, so one huge run cannot pin the heap, and
// by runs, so thousands of runs without trades cannot either.
import { createLru } from '../../core/domain/lru.js';
import type { ClosedTrade } from '../../core/engine/report.js';
import { LIMITS } from '../../core/limits.js';

export interface LedgerCache {
  get(runId: string, version: number, count: number): readonly ClosedTrade[] | undefined;
  set(runId: string, version: number, count: number, trades: readonly ClosedTrade[]): void;
}

/** Keeps at most `maxTrades` trades over all cached runs (default 1,000,000: about 150 MB), of at most `maxRuns` runs. */
export function createLedgerCache(maxTrades: number = LIMITS.ledgerCacheTrades, maxRuns: number = LIMITS.ledgerCacheRuns): LedgerCache {
  const entries = createLru<string, { key: string; trades: readonly ClosedTrade[] }>({ maxEntries: maxRuns, maxWeight: maxTrades, weigh: (e) => e.trades.length });
  const keyOf = (version: number, count: number) => `${version}:${count}`;
  return {
    get(runId, version, count) {
      const entry = entries.get(runId);
      return entry === undefined || entry.key !== keyOf(version, count) ? undefined : entry.trades;
    },
    set(runId, version, count, trades) {
      entries.set(runId, { key: keyOf(version, count), trades });
    },
  };
}
