import type { Executions, Fill } from '../domain/order.js';
import { fail, ok, type Result } from '../domain/result.js';
import { applyFill } from './book.js';
import type { CostConfig } from './config.js';
import { slippedPrice } from './fill-model.js';
import type { ClosedTrade } from './report.js';
import { recordClosedTrade, type EngineState } from './state.js';

export interface FlattenFill {
  readonly fill: Fill;
  readonly closed: readonly ClosedTrade[];
}

/** The client order id of the order that closes `symbol` in a flatten at `at` (also its fill's id). */
export const flattenOrderId = (runKey: string, at: number, symbol: string): string => `${runKey}:${at}:${symbol}:flatten`;

/**
 * `/run stop flatten:true` in the engine: every open position closed at `at`, at its symbol's last price (the close
 * of its latest bar, or the position's last mark when there is none) moved against the order by the slippage, with
 * its commission; equity is then the cash. One definition for the flatten itself and for its replay.
 *
 * With `executions` (a paper or live run: what its broker did with each closing order, by `flattenOrderId`), each
 * position closes at its execution's price and commission instead; a position whose order the broker refused or has
 * not filled makes the whole flatten fail with the broker's reason, so nothing is half-closed in the book.
 */
export function flattenBook(state: EngineState, lastPrice: (symbol: string) => number | undefined, at: number, runKey: string, costs: CostConfig,
  executions?: Executions): Result<readonly FlattenFill[]> {
  const out: FlattenFill[] = [];
  for (const p of [...state.book.open]) {
    const side = p.qty > 0 ? 'sell' : 'buy';
    const id = flattenOrderId(runKey, at, p.symbol);
    let qty = Math.abs(p.qty);
    let price = slippedPrice(lastPrice(p.symbol) ?? p.lastPrice, side, costs.slippageBps);
    let commission = qty * price * costs.commissionRate;
    if (executions !== undefined) {
      const done = executions.get(id);
      if (done === undefined) return fail('run.flatten_unfilled', `the broker has not filled the order closing ${p.symbol} yet`, { symbol: p.symbol });
      if (done.kind === 'refused') return fail('run.flatten_refused', `the broker refused the order closing ${p.symbol}: ${done.reason}`, { symbol: p.symbol });
      ({ qty, price, commission } = done);
    }
    const fill: Fill = { id, symbol: p.symbol, side, qty, price, commission, time: at, exitReason: 'flatten' };
    const applied = applyFill(state.book, fill);
    if (!applied.ok) return applied;
    for (const t of applied.value) recordClosedTrade(state, t);
    out.push({ fill, closed: applied.value });
  }
  state.equity = state.book.cash;
  return ok(out);
}
