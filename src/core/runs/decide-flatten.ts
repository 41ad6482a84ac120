/**
 * A run's book flattened at market now (`/run stop flatten:true`), decided from its book and each held symbol's latest
 * close: every open position closed at that close (moved against the order by the run's slippage, with its
 * commission), every pending order cancelled, with the decision record, the fills, trades, an equity point and what the
 * channel is told. The shell gathers the closes and commits the outcome in one transaction (src/app/runs/flatten.ts).
 * Pure.
 */
import { ok, type Result } from '../domain/result.js';
import type { CostConfig } from '../engine/config.js';
import { flattenBook, flattenOrderId } from '../engine/flatten.js';
import type { IterationOutcome } from './decide-iteration.js';
import { fillNotification } from './iteration-notifications.js';
import type { NotificationDraft, RunState, StoredPosition } from './run-book.js';
import { fromEngineState, toEngineState } from './state-mapping.js';
import type { Executions, OrderSide, PlannedOrder } from '../domain/order.js';

export interface FlattenInput {
  readonly runId: string;
  readonly runNumber: number;
  readonly startCash: number;
  readonly costs: CostConfig;
  readonly state: RunState;
  readonly positions: readonly StoredPosition[];
  readonly pending: readonly PlannedOrder[];
  /** The latest close of each held symbol; a symbol without one closes at its position's last mark. */
  readonly lastClose: ReadonlyMap<string, number>;
  readonly actor: string;
  readonly now: number;
  /** Notifications of the status change that goes with the flatten, queued with its own. */
  readonly notifications: readonly NotificationDraft[];
  /** What the run's broker did with each closing order (`flattenOrders`); absent: closed by the fill model. */
  readonly executions?: Executions;
}

/** The orders that close every position of the run at `now`: one per held symbol, for the whole quantity. */
export function flattenOrders(runId: string, positions: readonly StoredPosition[], now: number):
  { readonly clientOrderId: string; readonly symbol: string; readonly side: OrderSide; readonly qty: number }[] {
  return positions.map((p) => ({ clientOrderId: flattenOrderId(`run:${runId}`, now, p.symbol), symbol: p.symbol, side: p.qty > 0 ? 'sell' : 'buy', qty: Math.abs(p.qty) }));
}

export function decideFlatten(x: FlattenInput): Result<Omit<IterationOutcome, 'transition'>> {
  const engine = toEngineState(x.state, x.positions, x.startCash, null);
  const flattened = flattenBook(engine, (symbol) => x.lastClose.get(symbol), x.now, `run:${x.runId}`, x.costs, x.executions);
  if (!flattened.ok) return flattened;
  const fills = flattened.value.map(({ fill, closed }) => ({ fill, clientOrderId: null, closed }));
  const after = fromEngineState(engine, x.state, x.state.lastBarTime ?? x.now);
  return ok({
    barTime: x.now,
    asOf: x.now,
    state: { ...after.state, lastBarTime: x.state.lastBarTime },
    positions: [],
    pending: [],
    filledOrderIds: [],
    fills: fills.map(({ fill }) => ({ fill, clientOrderId: null })),
    trades: flattened.value.flatMap(({ closed }) => closed),
    equity: { at: x.now, cash: engine.book.cash, equity: engine.equity },
    decision: {
      inputs: { asOf: x.now, flatten: true },
      signals: [],
      verdicts: [],
      orders: [],
      notes: [{ kind: 'decision', content: `flattened ${fills.length} position(s) and cancelled ${x.pending.length} pending order(s), by ${x.actor}` }],
    },
    notifications: [...fills.map((f) => fillNotification(x.runNumber, `${x.runId}:flatten:${f.fill.id}`, f, null)), ...x.notifications],
  });
}
