/**
 * A desk's start at real brokers: the orders a previous process left intended or working are looked up by client order
 * id before anything is sent again (broker-orders.ts has the flow they belong to).
 */
import { fail, ok, type Result } from '../../core/domain/result.js';
import type { BrokerOrder } from '../broker/ports.js';
import { recordAnswer, sendIntended, type SendGuard } from './broker-orders.js';
import type { BrokerFactory, BrokerOrderLedger, LedgerOrder, RunStore } from './ports.js';

export interface RecoveryDeps {
  readonly store: Pick<RunStore, 'loadSnapshot'>;
  readonly brokerFor: BrokerFactory;
  readonly ledger: BrokerOrderLedger;
  readonly sendGuard?: SendGuard;
}

export interface Recovered {
  /** Unconfirmed orders looked up at their broker. */
  readonly lookedUp: number;
  /** Found there (sent before the crash): recorded, never sent again. */
  readonly found: number;
  /** Not there and still for the run's next open: sent now. */
  readonly sent: number;
  /** Not there and their bar has passed: dropped (the run's next bar sizes what it still wants again). */
  readonly dropped: number;
  /** One line per run that could not be recovered now (its broker unreachable ...); its orders stay as they were. */
  readonly failures: readonly string[];
}

/** The reason an order that never reached the broker is dropped with at a restart. */
export const MISSED_ITS_BAR = 'never reached the broker before the desk stopped, and its bar has passed: not sent';

/**
 * At a desk's start, before anything trades: every order the ledger has as intended or working is looked up at its
 * broker by client order id. Found: its state is recorded (and followed from then on). Not found and still meant for the
 * run's next open: sent. Not found and its bar has passed: dropped with a reason. Nothing is ever sent twice: a lookup
 * always comes first, and the broker refuses a second order under the same id.
 */
export async function recoverBrokerOrders(deps: RecoveryDeps, now: () => number): Promise<Result<Recovered>> {
  const rows = await deps.ledger.unfinished();
  if (!rows.ok) return rows;
  const byRun = new Map<string, LedgerOrder[]>();
  for (const row of rows.value) byRun.set(row.runId, [...(byRun.get(row.runId) ?? []), row]);
  let lookedUp = 0;
  let found = 0;
  let sent = 0;
  let dropped = 0;
  const failures: string[] = [];
  for (const [runId, orders] of byRun) {
    const done = await recoverRun(deps, runId, orders, now);
    if (!done.ok) {
      failures.push(done.error.message);
      continue;
    }
    lookedUp += done.value.lookedUp;
    found += done.value.found;
    sent += done.value.sent;
    dropped += done.value.dropped;
  }
  return ok({ lookedUp, found, sent, dropped, failures });
}

async function recoverRun(deps: RecoveryDeps, runId: string, orders: readonly LedgerOrder[], now: () => number): Promise<Result<Omit<Recovered, 'failures'>>> {
  const snap = await deps.store.loadSnapshot(runId);
  if (!snap.ok) return snap;
  const runBroker = snap.value.run.manifest.broker;
  if (runBroker === undefined) return ok({ lookedUp: 0, found: 0, sent: 0, dropped: 0 });
  const broker = deps.brokerFor(snap.value, { time: Number.NaN, opens: new Map() });
  if (!broker.ok) return fail(broker.error.code, `Run #${snap.value.run.number}: ${broker.error.message}`);
  let found = 0;
  let dropped = 0;
  let toSend = 0;
  for (const row of orders) {
    const there = await broker.value.getOrder(row.clientOrderId);
    if (!there.ok) return fail(there.error.code, `Run #${row.runNumber}: order ${row.clientOrderId}: ${there.error.message}`);
    if (there.value !== null) {
      found++;
      const recorded = await recordAnswer(deps.ledger, runBroker, row, there.value, now());
      if (!recorded.ok) return recorded;
      continue;
    }
    if (row.status !== 'intended') continue; // the broker forgot a working order: reconciliation will say so
    if (row.pending && snap.value.state.lastBarTime === row.barTime) {
      toSend++;
      continue;
    }
    dropped++;
    const missed: BrokerOrder = { clientOrderId: row.clientOrderId, symbol: row.symbol, side: row.side, qty: row.qty, status: 'cancelled', filledQty: 0, fills: [], reason: MISSED_ITS_BAR };
    const recorded = await recordAnswer(deps.ledger, runBroker, row, missed, now());
    if (!recorded.ok) return recorded;
  }
  if (toSend === 0) return ok({ lookedUp: orders.length, found, sent: 0, dropped });
  const sent = await sendIntended(broker.value, deps.ledger, runBroker, snap.value, now, deps.sendGuard);
  if (!sent.ok) return fail(sent.error.code, `Run #${snap.value.run.number}: ${sent.error.message}`);
  return ok({ lookedUp: orders.length, found, sent: sent.value.sent.length, dropped });
}
