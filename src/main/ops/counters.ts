// What the desk counts for its metrics, as plain callbacks (prom-client stays in desk-metrics.ts, loaded only when
// TRADEDESK_HTTP is set), and the decorators that count at the ports where each number is already known: a run's
// committed decisions and status changes (RunStore), broker order updates (BrokerOrderLedger) and reconciliation
// differences (Reconciliations) with the notifications they queue in the same transaction.
import type { Reconciliations } from '../../app/reconcile/ports.js';
import type { BrokerOrderLedger, RunStore } from '../../app/runs/ports.js';

export type IterationOutcome = 'committed' | 'skipped' | 'failed';

export interface DeskMetrics {
  /** One scheduler iteration of a run at a bar close: how it ended and how long it took, in seconds. */
  iteration(outcome: IterationOutcome, seconds: number): void;
  /** A run's decision committed (an iteration, a data failure, a flatten): its orders, fills and blocked signals' `by`. */
  decided(decision: { readonly orders: number; readonly fills: number; readonly blockedBy: readonly string[] }): void;
  /** Orders a real broker accepted. */
  ordersSent(count: number): void;
  /** Notifications written to the outbox in a write that committed. */
  notificationsQueued(count: number): void;
  /** One delivery round of the outbox. */
  delivered(round: { readonly delivered: number; readonly failed: number }): void;
  /** One answer of the analyst (Claude): its tokens and their estimated cost. */
  analystUsage(usage: { readonly inputTokens: number; readonly outputTokens: number; readonly costUsd: number }): void;
}

export const NO_METRICS: DeskMetrics = {
  iteration: () => undefined,
  decided: () => undefined,
  ordersSent: () => undefined,
  notificationsQueued: () => undefined,
  delivered: () => undefined,
  analystUsage: () => undefined,
};

/** Counts what each committed decision recorded; a refused or repeated commit (`committed: false`) counts nothing. */
export function countedRunStore(store: RunStore, m: DeskMetrics): RunStore {
  return {
    ...store,
    commitIteration: async (commit) => {
      const res = await store.commitIteration(commit);
      if (res.ok && res.value.committed) {
        // Shadow gates and rules only report: the order went ahead.
        m.decided({ orders: commit.decision.orders.length, fills: commit.fills.length, blockedBy: commit.decision.verdicts.filter((v) => !v.shadow).map((v) => v.by) });
        m.notificationsQueued(commit.notifications.length);
      }
      return res;
    },
    transition: async (runId, to, actor, reason, now, change) => {
      const res = await store.transition(runId, to, actor, reason, now, change);
      if (res.ok) m.notificationsQueued(change?.notifications?.length ?? 0);
      return res;
    },
  };
}

export function countedLedger(ledger: BrokerOrderLedger, m: DeskMetrics): BrokerOrderLedger {
  return {
    ...ledger,
    record: async (clientOrderId, from, change, notifications, now) => {
      const res = await ledger.record(clientOrderId, from, change, notifications, now);
      if (res.ok && res.value) m.notificationsQueued(notifications.length);
      return res;
    },
  };
}

export function countedReconciliations(r: Reconciliations, m: DeskMetrics): Reconciliations {
  return {
    ...r,
    record: async (workspace, account, input) => {
      const res = await r.record(workspace, account, input);
      if (res.ok) m.notificationsQueued(1);
      return res;
    },
  };
}
