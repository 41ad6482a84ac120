// Which stored trades a baseline replay did not give again (and which it gave that the run never made), each with
// the reason: the replayed bar where its decisions first left the run's record before the trade ended, or, when
// none did, the caveats the replay knows of (another strategy version, rule lists the history lacks).
import type { ClosedTrade } from '../../core/engine/report.js';
import { sameTrade, type TradeRef } from './diff.js';

export interface TradeDifference extends TradeRef {
  /** `stored`: the run made it, the replay did not; `replayed`: the replay made it, the run did not. */
  readonly only: 'stored' | 'replayed';
  readonly why: string;
}

/** Most differences listed; the count of matched trades always covers them all. */
export const MAX_DIFFERENCES = 200;

const iso = (ms: number): string => new Date(ms).toISOString();
const keyOf = (t: ClosedTrade): string => `${t.symbol}|${t.side}|${t.entryTime}`;

/** Trades of `a` with no identical trade in `b` (several on one key are paired in order). */
function unmatched(a: readonly ClosedTrade[], b: readonly ClosedTrade[]): ClosedTrade[] {
  const pool = new Map<string, ClosedTrade[]>();
  for (const t of b) pool.set(keyOf(t), [...(pool.get(keyOf(t)) ?? []), t]);
  return a.filter((t) => {
    const list = pool.get(keyOf(t));
    const i = list?.findIndex((r) => sameTrade(t, r)) ?? -1;
    if (i < 0) return true;
    list!.splice(i, 1);
    return false;
  });
}

export function explainDifferences(
  stored: readonly ClosedTrade[],
  replayed: readonly ClosedTrade[],
  divergences: readonly { readonly time: number; readonly why: string }[],
  caveats: readonly string[],
): TradeDifference[] {
  const why = (t: ClosedTrade): string => {
    let cause: { time: number; why: string } | undefined;
    for (const d of divergences) if (d.time <= t.exitTime) cause = d;
    if (cause !== undefined) return `the replay's decisions left the run's record at ${iso(cause.time)}: ${cause.why}`;
    if (caveats.length > 0) return caveats.join('; ');
    return 'every replayed decision matches the run\'s record, yet this trade differs: the record does not explain it';
  };
  const out: TradeDifference[] = [];
  const add = (only: TradeDifference['only'], trades: readonly ClosedTrade[]): void => {
    for (const t of trades) {
      out.push({ only, symbol: t.symbol, side: t.side, entryTime: t.entryTime, exitTime: t.exitTime, exitReason: t.exitReason, qty: t.qty, pnl: t.pnl, why: why(t) });
    }
  };
  add('stored', unmatched(stored, replayed));
  add('replayed', unmatched(replayed, stored));
  return out.sort((a, b) => a.entryTime - b.entryTime || (a.only < b.only ? -1 : 1));
}
