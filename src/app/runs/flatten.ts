import { TIMEFRAME_MS } from '../../core/domain/bar.js';
import { ok, type Result } from '../../core/domain/result.js';
import { flattenBook } from '../../core/engine/flatten.js';
import type { RunDeps } from './iterate.js';
import { fillNotification } from '../../core/runs/iteration-notifications.js';
import type { IterationCommit, NotificationDraft, RunSnapshot } from './model.js';
import { fromEngineState, toEngineState } from '../../core/runs/state-mapping.js';

export interface FlattenBy {
  readonly actor: string;
  readonly now: number;
  /** The status change that goes with it in the same transaction (`/run stop flatten:true`: stopped). */
  readonly transition: IterationCommit['transition'];
  /** Notifications of that change, queued with the flatten's own. */
  readonly notifications: readonly NotificationDraft[];
}

/**
 * The run's book flattened at market now, as one commit decided on `snap` (compare-and-set on its version): every
 * open position closed at its latest close (moved against the order by the run's slippage, with its commission),
 * every pending order cancelled, with a decision record, the fills, trades and an equity point.
 */
export async function flattenCommit(deps: Pick<RunDeps, 'marketData'>, snap: RunSnapshot, by: FlattenBy): Promise<Result<IterationCommit>> {
  const { run, state, positions, pending } = snap;
  const { now } = by;
  const m = run.manifest;
  const market = deps.marketData(m.dataSource, { pinned: m.sources, adjustment: m.adjustment });
  if (!market.ok) return market;
  const engine = toEngineState(state, positions, m.startCash, null);
  const lastClose = new Map<string, number>();
  for (const p of engine.book.open) {
    const bars = await market.value.getBars({ symbol: p.symbol, timeframe: m.timeframe, from: now - 30 * TIMEFRAME_MS[m.timeframe] - 10 * 86_400_000, to: now - TIMEFRAME_MS[m.timeframe] });
    if (bars.ok && bars.value.length > 0) lastClose.set(p.symbol, bars.value.close[bars.value.length - 1]!);
  }
  const flattened = flattenBook(engine, (symbol) => lastClose.get(symbol), now, `run:${run.id}`, m.costs);
  if (!flattened.ok) return flattened;
  const fills = flattened.value.map(({ fill, closed }) => ({ fill, clientOrderId: null, closed }));
  const trades = flattened.value.flatMap(({ closed }) => closed);
  const equity = engine.equity;
  const after = fromEngineState(engine, state, state.lastBarTime ?? now);
  return ok({
    runId: run.id,
    expectedVersion: snap.version,
    barTime: now,
    asOf: now,
    state: { ...after.state, lastBarTime: state.lastBarTime },
    positions: [],
    pending: [],
    filledOrderIds: [],
    fills: fills.map(({ fill }) => ({ fill, clientOrderId: null })),
    trades,
    equity: { at: now, cash: engine.book.cash, equity },
    decision: {
      inputs: { asOf: now, flatten: true },
      signals: [],
      verdicts: [],
      orders: [],
      notes: [{ kind: 'decision', content: `flattened ${fills.length} position(s) and cancelled ${pending.length} pending order(s), by ${by.actor}` }],
    },
    transition: by.transition,
    notifications: [...fills.map((f) => fillNotification(run.number, `${run.id}:flatten:${f.fill.id}`, f, null)), ...by.notifications],
  });
}
