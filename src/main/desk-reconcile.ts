/**
 * Reconciliation as the desk runs it (src/app/reconcile): every real broker account with runs on it at start, and an
 * account again after each iteration of one of its runs. Requests are coalesced per (workspace, account) and run one at
 * a time after the iteration has released its run's lease (a halt takes that lease). The same check guards every send:
 * while a difference is open on an account, its runs' orders are refused before they reach the broker.
 */
import type { SendGuard } from '../app/runs/broker-orders.js';
import { inFlightFills } from '../app/runs/broker-orders.js';
import { cancelOpenOrders } from '../app/runs/broker-cancel.js';
import { hasOpenDifference, reconcileAll, reconcileSettled, type SettledReconcileDeps } from '../app/reconcile/reconcile.js';
import type { Reconciliations } from '../app/reconcile/ports.js';
import { accountKey } from '../app/reconcile/ports.js';
import type { WorkspaceRef } from '../app/chat/command.js';
import type { DeskDeps } from '../app/desk/desk-deps.js';
import type { BrokerOrderLedger } from '../app/runs/ports.js';
import { describeDifference } from '../core/runs/reconcile.js';
import { ok } from '../core/domain/result.js';
import type { RunBroker } from '../core/runs/run-broker.js';

/** How long a difference seen once is given to settle (fills landing meanwhile) before it is acted on. */
export const SETTLE_MS = 2_000;

export interface DeskReconcile {
  /** Every account with runs at a real broker, now (desk start). */
  all(): Promise<void>;
  /** The account again, soon (after an iteration of one of its runs). */
  request(workspace: WorkspaceRef, broker: RunBroker): void;
  /** Refuses every order of a run whose account has an open difference. */
  readonly guard: SendGuard;
  /** Waits for the requests queued so far. */
  stop(): Promise<void>;
}

export interface DeskReconcileOptions {
  readonly deps: Pick<DeskDeps, 'runStore' | 'leasing' | 'accountBrokers' | 'reconciliations' | 'brokerFor'>;
  readonly ledger: BrokerOrderLedger;
  readonly now: () => number;
  readonly log: (line: string) => void;
  readonly settleMs?: number;
}

export function createDeskReconcile(o: DeskReconcileOptions): DeskReconcile | null {
  const { accountBrokers, reconciliations } = o.deps;
  if (accountBrokers === undefined || reconciliations === undefined) return null;
  const settleMs = o.settleMs ?? SETTLE_MS;
  const deps: SettledReconcileDeps = {
    store: o.deps.runStore, leasing: o.deps.leasing, accountBrokers, reconciliations,
    inFlight: (runIds) => inFlightFills(o.ledger, runIds),
    settle: () => new Promise((resolve) => setTimeout(resolve, settleMs)),
  };
  const say = (workspace: WorkspaceRef, broker: RunBroker, what: string): void => o.log(`reconciliation (${workspace.name}, ${accountKey(broker)}): ${what}`);
  const one = async (workspace: WorkspaceRef, broker: RunBroker): Promise<void> => {
    const done = await reconcileSettled(deps, { workspace, broker, now: o.now() });
    if (!done.ok) return say(workspace, broker, `not done: ${done.error.message}`);
    const r = done.value;
    if (r === null) return;
    if (r.recorded) {
      say(workspace, broker, `difference: ${r.reconciliation.differences.map(describeDifference).join('; ')}`);
      // Nothing trades while it is open: what the account's runs have working at the broker is cancelled too.
      const cancelled = await cancelOpenOrders({ store: o.deps.runStore, brokerFor: o.deps.brokerFor, ledger: o.ledger }, workspace,
        'cancelled: a reconciliation difference is open on the account', o.now, broker);
      if (!cancelled.ok) say(workspace, broker, `open orders not cancelled: ${cancelled.error.message}`);
      else for (const line of cancelled.value.failures) say(workspace, broker, `open order not cancelled: ${line}`);
    }
    if (r.resolved) say(workspace, broker, 'the account agrees again');
  };
  const queued = new Map<string, { workspace: WorkspaceRef; broker: RunBroker }>();
  let chain: Promise<void> = Promise.resolve();
  return {
    async all() {
      const done = await reconcileAll(deps, o.now(), async (a) => {
        await one(a.workspace, a.broker);
        return ok(null);
      });
      if (!done.ok) o.log(`reconciliation at start not done: ${done.error.message}`);
    },
    request(workspace, broker) {
      const key = `${workspace.platform}\u0000${workspace.externalId}\u0000${accountKey(broker)}`;
      if (queued.has(key)) return;
      queued.set(key, { workspace, broker });
      // After the current task: the iteration asking has released its run's lease by then.
      chain = chain.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(async () => {
        queued.delete(key);
        await one(workspace, broker);
      }).catch((err: unknown) => o.log(`reconciliation failed: ${err instanceof Error ? err.message : String(err)}`));
    },
    guard: openDifferenceGuard(reconciliations),
    stop: () => chain,
  };
}

/** The send guard of reconciliation: an open difference on the run's account holds all of its orders. */
export function openDifferenceGuard(reconciliations: Reconciliations): SendGuard {
  return async (snap, orders) => {
    const broker = snap.run.manifest.broker;
    const all = new Set(orders.map((r) => r.clientOrderId));
    if (broker === undefined) return ok({ allowed: all, refused: new Map() });
    const open = await hasOpenDifference({ reconciliations }, snap.run.workspace, broker);
    if (!open.ok) return open;
    if (!open.value) return ok({ allowed: all, refused: new Map() });
    const why = 'not sent: a reconciliation difference is open on the account (see /reconcile)';
    return ok({ allowed: new Set(), refused: new Map(orders.map((r) => [r.clientOrderId, why])) });
  };
}
