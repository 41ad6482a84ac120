import type { ClosedTrade } from '../engine/report.js';
import { compareKeys } from './group-stats.js';

/**
 * A trade set read once into columns. Every later pass (tallies, sorting, streaks, drawdown) runs over these typed
 * arrays: touching 500k trade objects again in another order costs a cache miss per object and dominated the time.
 */
export interface TradeColumns {
  readonly length: number;
  readonly pnl: Float64Array;
  readonly entryTime: Float64Array;
  readonly exitTime: Float64Array;
  readonly barsHeld: Float64Array;
  /** 0 long, 1 short. */
  readonly side: Uint8Array;
  readonly symbolId: Uint32Array;
  /** Symbol names by id, in first-seen order. */
  readonly symbols: readonly string[];
  /** Ids in name order (code units). */
  readonly symbolsByName: readonly number[];
  /** symbolRank[id]: the symbol's place in name order, for tie-breaks without string compares. */
  readonly symbolRank: Uint32Array;
  readonly reasonId: Uint32Array;
  readonly reasons: readonly string[];
  readonly reasonsByName: readonly number[];
}

export function tradeColumns(trades: readonly ClosedTrade[]): TradeColumns {
  const n = trades.length;
  const pnl = new Float64Array(n);
  const entryTime = new Float64Array(n);
  const exitTime = new Float64Array(n);
  const barsHeld = new Float64Array(n);
  const side = new Uint8Array(n);
  const symbolId = new Uint32Array(n);
  const reasonId = new Uint32Array(n);
  const symbolIds = new Map<string, number>();
  const reasonIds = new Map<string, number>();
  // Consecutive trades often share a symbol (and an exit reason): skip the hash lookup then.
  let lastSymbol = '';
  let lastSymbolId = -1;
  let lastReason = '';
  let lastReasonId = -1;
  for (let i = 0; i < n; i++) {
    const t = trades[i]!;
    pnl[i] = t.pnl;
    entryTime[i] = t.entryTime;
    exitTime[i] = t.exitTime;
    barsHeld[i] = t.barsHeld;
    side[i] = t.side === 'long' ? 0 : 1;
    if (t.symbol !== lastSymbol || lastSymbolId < 0) {
      lastSymbol = t.symbol;
      lastSymbolId = idOf(symbolIds, t.symbol);
    }
    symbolId[i] = lastSymbolId;
    if (t.exitReason !== lastReason || lastReasonId < 0) {
      lastReason = t.exitReason;
      lastReasonId = idOf(reasonIds, t.exitReason);
    }
    reasonId[i] = lastReasonId;
  }
  const symbols = [...symbolIds.keys()];
  const symbolsByName = byName(symbols);
  const symbolRank = new Uint32Array(symbols.length);
  for (let rank = 0; rank < symbolsByName.length; rank++) symbolRank[symbolsByName[rank]!] = rank;
  const reasons = [...reasonIds.keys()];
  return {
    length: n,
    pnl,
    entryTime,
    exitTime,
    barsHeld,
    side,
    symbolId,
    symbols,
    symbolsByName,
    symbolRank,
    reasonId,
    reasons,
    reasonsByName: byName(reasons),
  };
}

function idOf(ids: Map<string, number>, key: string): number {
  let id = ids.get(key);
  if (id === undefined) {
    id = ids.size;
    ids.set(key, id);
  }
  return id;
}

/** Ids (indices of `names`) sorted by name; Map keys iterate in insertion order, so index = id. */
function byName(names: readonly string[]): number[] {
  return names.map((_, i) => i).sort((a, b) => compareKeys(names[a]!, names[b]!));
}
