import { stableSortByKey } from './radix-order.js';
import type { TradeColumns } from './trade-columns.js';

/**
 * Trade indices in exit order: exit time, then entry time, then symbol, then input position, so ties (several
 * positions closed on one bar) come out the same way whatever order the trades arrive in. Trades from the
 * backtester and the store are already in that order: the check is one pass and nothing is sorted.
 */
export function exitOrder(c: TradeColumns): Uint32Array {
  const n = c.length;
  const order = new Uint32Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    order[i] = i;
    if (sorted && i > 0 && compareTies(c, i - 1, i) > 0) sorted = false;
  }
  if (sorted) return order;
  // Radix by exit time (stable, so input position stays ordered within a tie), then order each run of equal exit
  // times by the remaining keys: such runs are a few positions closed on one bar.
  const byExit = stableSortByKey(c.exitTime, order);
  let start = 0;
  for (let k = 1; k <= n; k++) {
    if (k < n && c.exitTime[byExit[k]!] === c.exitTime[byExit[k - 1]!]) continue;
    if (k - start > 1) byExit.subarray(start, k).sort((a, b) => compareTies(c, a, b) || a - b);
    start = k;
  }
  return byExit;
}

function compareTies(c: TradeColumns, a: number, b: number): number {
  return (
    c.exitTime[a]! - c.exitTime[b]! ||
    c.entryTime[a]! - c.entryTime[b]! ||
    c.symbolRank[c.symbolId[a]!]! - c.symbolRank[c.symbolId[b]!]!
  );
}
