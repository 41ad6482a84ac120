/**
 * Cancelling the open orders of a workspace's runs at their real brokers (/halt; a reconciliation difference, on its
 * account), each recorded in the ledger with the reason and posted to the run's thread.
 */
import { ok, type Result } from '../../core/domain/result.js';
import type { RunBroker } from '../../core/runs/run-broker.js';
import type { BrokerOrder } from '../broker/ports.js';
import type { WorkspaceRef } from '../chat/command.js';
import { isEnded, recordAnswer } from './broker-orders.js';
import type { BrokerFactory, BrokerOrderLedger, RunStore } from './ports.js';

export interface CancelDeps {
  readonly store: Pick<RunStore, 'listRuns' | 'loadSnapshot'>;
  readonly brokerFor: BrokerFactory;
  readonly ledger: BrokerOrderLedger;
}

export interface CancelledOrders {
  /** Orders cancelled at their broker (or, never sent, dropped before they were). */
  readonly cancelled: number;
  /** One line per order or run that could not be cancelled (its broker unreachable ...). */
  readonly failures: readonly string[];
}

/**
 * /halt at real brokers (and a reconciliation difference, on its account: `only`): every open order of the
 * workspace's runs is cancelled at its broker (an order recorded as
 * intended is looked up first: sent before a crash, it is cancelled there; never sent, it is dropped), each with
 * `reason`, recorded and posted to the run's thread. What filled before the cancel stays filled (the book applies it).
 */
export async function cancelOpenOrders(deps: CancelDeps, workspace: WorkspaceRef, reason: string, now: () => number,
  only?: RunBroker): Promise<Result<CancelledOrders>> {
  let cancelled = 0;
  const failures: string[] = [];
  for (const run of await deps.store.listRuns(workspace, { status: 'all' })) {
    const runBroker = run.manifest.broker;
    if (runBroker === undefined || run.mode === 'backtest') continue;
    if (only !== undefined && (only.name !== runBroker.name || only.account !== runBroker.account)) continue;
    const rows = await deps.ledger.ofRun(run.id);
    if (!rows.ok) return rows;
    const open = rows.value.filter((r) => !isEnded(r.status));
    if (open.length === 0) continue;
    const snap = await deps.store.loadSnapshot(run.id);
    if (!snap.ok) return snap;
    const broker = deps.brokerFor(snap.value, { time: Number.NaN, opens: new Map() });
    if (!broker.ok) {
      failures.push(`Run #${run.number}: ${broker.error.message}`);
      continue;
    }
    for (const row of open) {
      const there = await broker.value.getOrder(row.clientOrderId);
      if (!there.ok) {
        failures.push(`Run #${run.number} ${row.symbol}: ${there.error.message}`);
        continue;
      }
      let answer: BrokerOrder = there.value ?? { clientOrderId: row.clientOrderId, symbol: row.symbol, side: row.side, qty: row.qty, status: 'cancelled', filledQty: 0, fills: [], reason };
      if (there.value !== null && !isEnded(there.value.status)) {
        const done = await broker.value.cancel(row.clientOrderId, reason);
        const after = done.ok ? done : await broker.value.getOrder(row.clientOrderId);
        if (!after.ok || after.value === null) {
          failures.push(`Run #${run.number} ${row.symbol}: ${after.ok ? 'the broker lost the order' : after.error.message}`);
          continue;
        }
        answer = after.value;
      }
      const recorded = await recordAnswer(deps.ledger, runBroker, row, answer, now(), reason);
      if (!recorded.ok) return recorded;
      if (recorded.value.status === 'cancelled') cancelled++;
    }
  }
  return ok({ cancelled, failures });
}
