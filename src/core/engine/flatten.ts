import type { Fill } from '../domain/order.js';
import { ok, type Result } from '../domain/result.js';
import { applyFill } from './book.js';
import type { CostConfig } from './config.js';
import { slippedPrice } from './fill-model.js';
import type { ClosedTrade } from './report.js';
import { recordClosedTrade, type EngineState } from './state.js';

export interface FlattenFill {
  readonly fill: Fill;
  readonly closed: readonly ClosedTrade[];
}

/**
 * `/run stop flatten:true` in the engine: every open position closed at `at`, at its symbol's last price (the close
 * of its latest bar, or the position's last mark when there is none) moved against the order by the slippage, with
 * its commission; equity is then the cash. One definition for the flatten itself and for its replay.
 */
export function flattenBook(state: EngineState, lastPrice: (symbol: string) => number | undefined, at: number, runKey: string, costs: CostConfig): Result<readonly FlattenFill[]> {
  const out: FlattenFill[] = [];
  for (const p of [...state.book.open]) {
    const side = p.qty > 0 ? 'sell' : 'buy';
    const price = slippedPrice(lastPrice(p.symbol) ?? p.lastPrice, side, costs.slippageBps);
    const qty = Math.abs(p.qty);
    const fill: Fill = { id: `${runKey}:${at}:${p.symbol}:flatten`, symbol: p.symbol, side, qty, price, commission: qty * price * costs.commissionRate, time: at, exitReason: 'flatten' };
    const applied = applyFill(state.book, fill);
    if (!applied.ok) return applied;
    for (const t of applied.value) recordClosedTrade(state, t);
    out.push({ fill, closed: applied.value });
  }
  state.equity = state.book.cash;
  return ok(out);
}
