// Lapses four-eyes requests nobody answered in time, once a minute on the wall clock (a --speed demo's clock never
// lapses a person's request), each in the audit log (the store writes it), the desk log, and a notice in the channel
// the request was asked in (the outbox: "Approval request ap1 (LIVE run start by ann) lapsed unanswered at ...").
// Listing or answering a request lapses it too, so a request is never approved after its deadline even between sweeps.
import { approvalLapsedDraft } from '../app/notifications/approval-lapsed.js';
import type { Notify } from '../app/runs/lifecycle.js';
import type { ApprovalRequests } from '../app/workspace/ports.js';

export interface ApprovalSweep {
  /** One sweep now (the timer's own, for tests and shutdown). */
  sweep(): Promise<void>;
  stop(): void;
}

export interface ApprovalSweepOptions {
  readonly approvals: ApprovalRequests;
  /** Queues each lapse's notice (the outbox); absent: the desk log only. */
  readonly notify?: Notify;
  /** The desk clock the outbox delivers on (a notice is due at once); default `realNow`. */
  readonly deskNow?: () => number;
  readonly realNow: () => number;
  readonly log: (line: string) => void;
  readonly everyMs?: number;
}

export function startApprovalSweep(o: ApprovalSweepOptions): ApprovalSweep {
  let running: Promise<void> = Promise.resolve();
  const sweep = async (): Promise<void> => {
    const lapsed = await o.approvals.expireDue(o.realNow());
    if (!lapsed.ok) {
      o.log(`approval requests could not be lapsed: ${lapsed.error.message}; trying again in a minute`);
      return;
    }
    for (const r of lapsed.value) {
      o.log(`approval request ${r.id} (${r.kind === 'live_run_start' ? 'a LIVE run start' : 'loosening an account limit'}, asked by ${r.requestedBy} in ${r.workspace.name}) lapsed without a second admin`);
      if (o.notify === undefined) continue;
      const queued = await o.notify(r.workspace, null, approvalLapsedDraft(r), (o.deskNow ?? o.realNow)());
      if (!queued.ok) o.log(`approval request ${r.id}: its lapse could not be announced: ${queued.error.message}`);
    }
  };
  const timer = setInterval(() => {
    running = running.then(sweep).catch((err: unknown) => o.log(`approval sweep failed: ${err instanceof Error ? err.message : String(err)}`));
  }, o.everyMs ?? 60_000);
  timer.unref();
  return {
    sweep: () => (running = running.then(sweep)),
    stop: () => clearInterval(timer),
  };
}
