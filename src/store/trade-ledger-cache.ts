// Decoded trade ledgers, most recently used first. An analyst question reads the same run through several tools
// (analyze_trades, calculate_metrics, get_trades ...): decoding 500k trades once instead of per tool is most of
// what keeps the answer under a second. Bounded by trades held, not runs, so one huge run cannot pin the heap.
import type { ClosedTrade } from '../core/engine/report.js';

export interface LedgerCache {
  get(runId: string, version: number, count: number): readonly ClosedTrade[] | undefined;
  set(runId: string, version: number, count: number, trades: readonly ClosedTrade[]): void;
}

/** Keeps at most `maxTrades` trades over all cached runs (default 1,000,000: about 150 MB). */
export function createLedgerCache(maxTrades = 1_000_000): LedgerCache {
  const entries = new Map<string, { key: string; trades: readonly ClosedTrade[] }>();
  let held = 0;
  const keyOf = (version: number, count: number) => `${version}:${count}`;
  return {
    get(runId, version, count) {
      const entry = entries.get(runId);
      if (entry === undefined || entry.key !== keyOf(version, count)) return undefined;
      entries.delete(runId);
      entries.set(runId, entry);
      return entry.trades;
    },
    set(runId, version, count, trades) {
      if (trades.length > maxTrades) return;
      const old = entries.get(runId);
      if (old !== undefined) {
        held -= old.trades.length;
        entries.delete(runId);
      }
      for (const [id, entry] of entries) {
        if (held + trades.length <= maxTrades) break;
        held -= entry.trades.length;
        entries.delete(id);
      }
      entries.set(runId, { key: keyOf(version, count), trades });
      held += trades.length;
    },
  };
}
