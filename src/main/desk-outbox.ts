// The outbox as this desk process delivers it, with other desk processes on the same database. Claims are real-time
// leases (never the desk clock: at --speed 600 a 30 s desk-clock claim lasted 50 ms and other desks re-posted the
// rows), renewed while this desk holds rows, and confirmed just before each post: a row whose claim ran out (this
// process stalled) and went to another desk is not posted here. Delivery is at least once across a crash (see
// claimDueNotifications); a row found already delivered when this desk marks it is reported as posted twice.
import type { NotificationSender, OutboxPort } from '../app/notifications/ports.js';
import { fail, ok } from '../core/domain/result.js';
import type { PrismaClient } from '../store/db/client.js';
import { claimDueNotifications, DEFAULT_RETRY_POLICY, markDelivered, markFailed, renewNotificationClaims } from '../store/outbox/outbox.js';

/** Real ms a claim lasts without renewal: how long a crashed desk's rows wait before another desk posts them. */
export const CLAIM_LEASE_MS = 30_000;
const RENEWALS_PER_LEASE = 3;

export interface DeskOutboxDeps {
  readonly prisma: PrismaClient;
  /** This process's lease holder id. */
  readonly holder: string;
  /** Wall-clock epoch ms. */
  realNow(): number;
  /** The platforms this process can post to. */
  readonly platforms: readonly string[];
  log(line: string): void;
  /** TRADEDESK_DEBUG=1: log the id of every notification delivered (the two-desk soak counts them). */
  readonly debug: boolean;
  readonly leaseMs?: number;
}

export interface DeskOutbox {
  readonly port: OutboxPort;
  /** Wraps the sender: a row is confirmed as still this desk's just before it is posted. */
  guard(send: NotificationSender): NotificationSender;
  /** Stops renewing claims (at shutdown, after the last delivery round). */
  stop(): void;
}

export function createDeskOutbox(deps: DeskOutboxDeps): DeskOutbox {
  const leaseMs = deps.leaseMs ?? CLAIM_LEASE_MS;
  const claim = () => ({ holder: deps.holder, realNow: deps.realNow(), leaseMs });
  /** Rows this desk claimed and has not finished with. */
  const held = new Set<string>();
  /** Rows whose claim this desk lost before posting them: not posted, not reported. */
  const lost = new Set<string>();

  async function renewHeld(): Promise<void> {
    if (held.size === 0) return;
    const renewed = await renewNotificationClaims(deps.prisma, [...held], claim());
    if (!renewed.ok) deps.log(`notification delivery: ${renewed.error.message}; retrying`);
  }
  let renewing: Promise<void> | null = null;
  const timer = setInterval(() => {
    renewing ??= renewHeld().finally(() => {
      renewing = null;
    });
  }, leaseMs / RENEWALS_PER_LEASE);
  timer.unref?.();

  const port: OutboxPort = {
    claimDue: async (now, limit) => {
      const due = await claimDueNotifications(deps.prisma, { now, limit, platforms: deps.platforms, ...claim() });
      if (!due.ok) return due;
      for (const n of due.value) held.add(n.id);
      return ok(due.value.map((n) => ({
        id: n.id, workspaceId: n.workspaceId, runId: n.runId, eventType: n.eventType, payload: n.payload, silent: n.silent,
        workspace: { platform: n.workspace.platform, externalId: n.workspace.externalId, name: n.workspace.name },
      })));
    },
    delivered: async (id, now) => {
      held.delete(id);
      const marked = await markDelivered(deps.prisma, id, now);
      if (marked.ok) {
        if (deps.debug) deps.log(`debug: delivered notification ${id}`);
      } else if (marked.error.code === 'notification.not_pending' && marked.error.details?.status === 'delivered') {
        deps.log(`notification ${id} was posted twice: another desk process had already delivered it`);
      } else {
        deps.log(`notification ${id} was posted but not recorded as delivered: ${marked.error.message}`);
      }
      return marked;
    },
    failed: async (id, error, now) => {
      held.delete(id);
      if (lost.delete(id)) return ok(undefined);
      return markFailed(deps.prisma, id, error, now, DEFAULT_RETRY_POLICY, claim());
    },
  };

  return {
    port,
    guard: (send) => async (item, reply) => {
      const still = await renewNotificationClaims(deps.prisma, [item.id], claim());
      if (!still.ok) return still;
      if (!still.value.includes(item.id)) {
        lost.add(item.id);
        return fail('notify.claim_lost', `notification ${item.id} went to another desk process before it was posted here`);
      }
      return send(item, reply);
    },
    stop: () => clearInterval(timer),
  };
}
