/**
 * What a desk does at real brokers before and while its scheduler trades (`npm start` and the end-to-end tests wire
 * it the same way): orders a previous process left unconfirmed are looked up (and sent or dropped) before anything
 * trades, every account with runs at a real broker is reconciled, and from then on each iteration's orders pass the
 * send guards (an open reconciliation difference, the account gates) and each iteration of a run at a real broker
 * has its account reconciled again.
 */
import type { DeskDeps } from '../app/desk/desk-deps.js';
import type { SendGuard } from '../app/runs/broker-orders.js';
import type { RunSummary } from '../app/runs/model.js';
import type { RunStore } from '../app/runs/ports.js';
import type { DeskBrokers } from './desk-brokers.js';
import { createDeskReconcile } from './desk-reconcile.js';
import type { DeskSchedulerOptions } from './desk-scheduler.js';
import { accountGateGuard, allGuards } from './send-guards.js';

export interface DeskTrading {
  /** What the desk's scheduler takes: the ledger, the send guard and the reconciliation after each iteration. */
  readonly scheduler: Pick<DeskSchedulerOptions, 'ledger' | 'sendGuard' | 'afterIteration'>;
  /** Waits for the reconciliations queued so far. */
  stop(): Promise<void>;
}

export async function startDeskTrading(o: {
  readonly deps: DeskDeps;
  readonly brokers: DeskBrokers;
  readonly runStore: RunStore;
  readonly now: () => number;
  readonly log: (line: string) => void;
  /** How long a difference must persist before it counts (default desk-reconcile's SETTLE_MS). */
  readonly settleMs?: number;
}): Promise<DeskTrading> {
  const { deps, brokers, log } = o;
  const reconcile = createDeskReconcile({ deps, ledger: brokers.ledger, now: o.now, log, ...(o.settleMs === undefined ? {} : { settleMs: o.settleMs }) });
  const guards: SendGuard[] = [];
  if (reconcile !== null) guards.push(reconcile.guard);
  if (deps.accountBrokers !== undefined) guards.push(accountGateGuard({ accountRisk: deps.accountRisk, accountBrokers: deps.accountBrokers }));
  const sendGuard = allGuards(...guards);
  const recovered = await brokers.recover(o.runStore, sendGuard);
  if (!recovered.ok) log(`broker orders not recovered: ${recovered.error.message}`);
  else {
    const r = recovered.value;
    if (r.lookedUp > 0) log(`broker orders recovered: ${r.lookedUp} looked up, ${r.found} found at the broker, ${r.sent} sent, ${r.dropped} dropped`);
    for (const line of r.failures) log(`broker orders not recovered: ${line}`);
  }
  await reconcile?.all();
  return {
    scheduler: {
      ledger: brokers.ledger,
      sendGuard,
      ...(reconcile === null ? {} : {
        afterIteration: (run: RunSummary) => {
          if (run.manifest.broker !== undefined) reconcile.request(run.workspace, run.manifest.broker);
        },
      }),
    },
    stop: async () => reconcile?.stop(),
  };
}
