// The notification outbox: events are written here first, then a delivery loop claims due rows, posts them to
// the run's channel and marks them delivered or failed (retried with backoff). Time always arrives as arguments:
// `now` on the desk clock (when a row is due), `realNow` on the wall clock (claims between desk processes).
import { fail, ok, type Result } from '../../core/domain/result.js';
import { firstIssueLine } from '../../core/domain/zod-errors.js';
import { afterFailedDelivery, DEFAULT_RETRY_POLICY, queuedAs, type RetryPolicy } from '../../core/runs/notification-policy.js';
import type { Db } from '../db/client.js';
import { storeFailure } from '../db/errors.js';
import { toJsonInput } from '../db/json.js';
import { NOTIFICATION_EVENT_TYPES, notificationLevel, type NotificationEventType } from './notification-levels.js';
import {
  CLAIMED_NOTIFICATION_SELECT,
  claimedNotificationRowSchema,
  DELIVERY_STATE_SELECT,
  deliveryStateRowSchema,
  NOTIFICATION_SELECT,
  notificationRowSchema,
  type ClaimedNotification,
  type DeliveryState,
  type OutboxNotification,
} from './rows.js';
import { inTransaction, isUniqueViolation } from '../db/transaction.js';

export type { ClaimedNotification, DeliveryState, OutboxNotification } from './rows.js';

export interface EnqueueInput {
  readonly workspaceId: string;
  readonly runId?: string;
  readonly eventType: NotificationEventType;
  /** Same key (within the workspace) = same notification: a retried enqueue never posts twice. */
  readonly dedupeKey: string;
  readonly payload: Readonly<Record<string, unknown>>;
  /** Epoch ms. */
  readonly now: number;
}

export interface Enqueued {
  readonly notification: OutboxNotification;
  /** False when the dedupe key was already there (the existing row is returned unchanged). */
  readonly created: boolean;
}

/** Queues a notification at the workspace's level for its event type: off -> `suppressed`, silent -> `silent`. */
export async function enqueueNotification(db: Db, input: EnqueueInput): Promise<Result<Enqueued>> {
  const existing = await findByDedupeKey(db, input.workspaceId, input.dedupeKey);
  if (!existing.ok) return existing;
  if (existing.value !== null) return ok({ notification: existing.value, created: false });
  const level = await notificationLevel(db, input.workspaceId, input.eventType);
  if (!level.ok) return level;
  const payload = toJsonInput(input.payload, 'payload');
  if (!payload.ok) return payload;

  let row;
  try {
    row = await db.notification.create({
      data: {
        workspaceId: input.workspaceId,
        runId: input.runId ?? null,
        eventType: input.eventType,
        dedupeKey: input.dedupeKey,
        payload: payload.value,
        ...queuedAs(level.value),
        nextAttemptAt: new Date(input.now),
        createdAt: new Date(input.now),
      },
      select: NOTIFICATION_SELECT,
    });
  } catch (error) {
    if (!isUniqueViolation(error)) return storeFailure(error, 'db.write_failed', 'Could not queue the notification');
    // Another writer enqueued the same key between our read and our insert: theirs stands.
    const raced = await findByDedupeKey(db, input.workspaceId, input.dedupeKey);
    if (!raced.ok) return raced;
    if (raced.value === null) return fail('db.conflict', 'The notification vanished while being queued', { dedupeKey: input.dedupeKey });
    return ok({ notification: raced.value, created: false });
  }
  const notification = parseNotification(row);
  return notification.ok ? ok({ notification: notification.value, created: true }) : notification;
}

export interface ClaimOptions {
  /** Desk clock epoch ms: rows due at or before it (rows are queued and retried on the desk clock). */
  readonly now: number;
  /** Wall-clock epoch ms: claims run on real time, whatever the desk clock's speed. */
  readonly realNow: number;
  /** The claiming desk process (its lease holder id): only it renews the claim or reports the row failed. */
  readonly holder: string;
  /** At most this many rows (1-100). */
  readonly limit: number;
  /** Real ms the claimer has to deliver (it renews the claim while it does) before another may claim the row. */
  readonly leaseMs: number;
  /**
   * Only workspaces on these platforms: a desk process claims what it can deliver, and a Slack workspace's
   * notifications wait for a process connected to Slack instead of failing in one that is not. All when absent.
   */
  readonly platforms?: readonly string[];
}

/** Not claimed, or its claim (or retry wait) ran out on the wall clock. */
const unclaimed = (realNow: number) => ({ OR: [{ claimedUntil: null }, { claimedUntil: { lte: new Date(realNow) } }] });

/**
 * Claims due pending rows, oldest first, for `holder` until `realNow + leaseMs`, in one transaction (a conditional
 * UPDATE: a row another process claimed a moment earlier is no longer free and is not returned twice). Delivery is
 * at least once: a claimer that dies after posting but before `markDelivered` lets its claim run out and another
 * desk posts the row again; no row is ever lost. Rows whose payload cannot be read are failed, not retried forever.
 */
export async function claimDueNotifications(db: Db, options: ClaimOptions): Promise<Result<ClaimedNotification[]>> {
  if (!(options.leaseMs > 0)) throw new RangeError(`leaseMs must be positive, got ${options.leaseMs}`);
  const take = Number.isFinite(options.limit) ? Math.min(100, Math.max(1, Math.floor(options.limit))) : 20;
  // Event types this version does not know are left for a version that does.
  const due = {
    status: 'pending',
    eventType: { in: [...NOTIFICATION_EVENT_TYPES] },
    nextAttemptAt: { lte: new Date(options.now) },
    ...unclaimed(options.realNow),
    ...(options.platforms === undefined ? {} : { workspace: { platform: { in: [...options.platforms] } } }),
  };
  const claim = { claimedBy: options.holder, claimedUntil: new Date(options.realNow + options.leaseMs) };
  try {
    // Its own transaction: a claim must never ride along in (and roll back with) another write of this process.
    return ok(await inTransaction(db, async (tx) => {
      const claimed: ClaimedNotification[] = [];
      // A row lost to another claimer frees a slot: look again (a couple of times) rather than idle a round.
      for (let round = 0, slots = take; round < 3 && slots > 0; round++) {
        const candidates = await tx.notification.findMany({ where: due, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: slots, select: { id: true } });
        if (candidates.length === 0) break;
        const order = new Map(candidates.map((c, i) => [c.id, i]));
        const rows = await tx.notification.updateManyAndReturn({ where: { ...due, id: { in: [...order.keys()] } }, data: claim, select: CLAIMED_NOTIFICATION_SELECT });
        rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
        for (const row of rows) {
          const parsed = parseClaimed(row);
          if (parsed.ok) claimed.push(parsed.value);
          else await tx.notification.update({ where: { id: row.id }, data: { status: 'failed', lastError: parsed.error.message, claimedBy: null, claimedUntil: null } });
        }
        if (rows.length === candidates.length) break;
        slots -= rows.length;
      }
      return claimed;
    }));
  } catch (error) {
    return storeFailure(error, 'db.write_failed', 'Could not claim notifications');
  }
}

/**
 * Extends `holder`'s claim on these rows to `realNow + leaseMs` (a desk renews what it holds while it delivers, so a
 * slow post never lets another desk claim the row). Returns the ids still held; an id missing from the answer was
 * delivered, failed, or claimed by another desk after this claim ran out: this desk must not post it.
 */
export async function renewNotificationClaims(
  db: Db,
  ids: readonly string[],
  claim: { readonly holder: string; readonly realNow: number; readonly leaseMs: number },
): Promise<Result<string[]>> {
  if (ids.length === 0) return ok([]);
  try {
    const rows = await inTransaction(db, (tx) =>
      tx.notification.updateManyAndReturn({
        where: { id: { in: [...ids] }, status: 'pending', claimedBy: claim.holder },
        data: { claimedUntil: new Date(claim.realNow + claim.leaseMs) },
        select: { id: true },
      }),
    );
    return ok(rows.map((r) => r.id));
  } catch (error) {
    return storeFailure(error, 'db.write_failed', 'Could not renew the notification claims');
  }
}

/** Marks a claimed row delivered (whoever claims it now: it has been posted). */
export async function markDelivered(db: Db, id: string, now: number): Promise<Result<DeliveryState>> {
  try {
    const rows = await inTransaction(db, (tx) =>
      tx.notification.updateManyAndReturn({
        where: { id, status: 'pending' },
        data: { status: 'delivered', deliveredAt: new Date(now), attempts: { increment: 1 }, claimedBy: null, claimedUntil: null },
        select: DELIVERY_STATE_SELECT,
      }),
    );
    return rows[0] === undefined ? notPending(db, id) : parseState(rows[0]);
  } catch (error) {
    return storeFailure(error, 'db.write_failed', 'Could not mark the notification delivered');
  }
}

export { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from '../../core/runs/notification-policy.js';

/** Records a failed delivery: retried after the backoff, or given up (`failed`) after `policy.maxAttempts`. */
export async function markFailed(
  db: Db,
  id: string,
  error: string,
  now: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  claim?: { readonly holder: string; readonly realNow: number },
): Promise<Result<DeliveryState>> {
  const lastError = error.length > 1_000 ? `${error.slice(0, 999)}…` : error;
  // With the claimer named, only its own claim counts (a desk whose claim ran out reports nothing), and the wait
  // before the next attempt also runs on the wall clock: a sped-up desk clock must not burn the attempts in a second.
  const mine = claim === undefined ? {} : { claimedBy: claim.holder };
  try {
    for (let tries = 0; tries < 3; tries++) {
      const row = await db.notification.findUnique({ where: { id }, select: { status: true, attempts: true, claimedBy: true } });
      if (row === null || row.status !== 'pending') return notPending(db, id);
      if (claim !== undefined && row.claimedBy !== claim.holder) return fail('notification.claim_lost', `Notification '${id}' is no longer claimed by this desk`, { id });
      const attempts = row.attempts + 1;
      const then = afterFailedDelivery(attempts, policy);
      const next =
        then.kind === 'give_up'
          ? { status: 'failed', nextAttemptAt: new Date(now) }
          : { nextAttemptAt: new Date(now + then.delayMs), ...(claim === undefined ? {} : { claimedUntil: new Date(claim.realNow + then.delayMs) }) };
      // Conditional on the attempts read, so two reports of one failure count once.
      const rows = await inTransaction(db, (tx) =>
        tx.notification.updateManyAndReturn({
          where: { id, status: 'pending', attempts: row.attempts, ...mine },
          data: { attempts, lastError, claimedBy: null, ...(claim === undefined ? { claimedUntil: null } : {}), ...next },
          select: DELIVERY_STATE_SELECT,
        }),
      );
      if (rows[0] !== undefined) return parseState(rows[0]);
    }
  } catch (err) {
    return storeFailure(err, 'db.write_failed', 'Could not record the failed delivery');
  }
  return fail('db.conflict', 'The notification kept changing while its failure was recorded', { id });
}

async function findByDedupeKey(db: Db, workspaceId: string, dedupeKey: string): Promise<Result<OutboxNotification | null>> {
  let row;
  try {
    row = await db.notification.findUnique({ where: { workspaceId_dedupeKey: { workspaceId, dedupeKey } }, select: NOTIFICATION_SELECT });
  } catch (error) {
    return storeFailure(error, 'db.read_failed', 'Could not read the outbox');
  }
  return row === null ? ok(null) : parseNotification(row);
}

async function notPending(db: Db, id: string): Promise<Result<never>> {
  const row = await db.notification.findUnique({ where: { id }, select: { status: true } });
  if (row === null) return fail('notification.not_found', `No notification '${id}'`, { id });
  return fail('notification.not_pending', `Notification '${id}' is ${row.status}, not pending`, { id, status: row.status });
}

function parseNotification(row: unknown): Result<OutboxNotification> {
  const parsed = notificationRowSchema.safeParse(row);
  return parsed.success ? ok(parsed.data) : corrupt(row, firstIssueLine(parsed.error));
}

function parseClaimed(row: unknown): Result<ClaimedNotification> {
  const parsed = claimedNotificationRowSchema.safeParse(row);
  return parsed.success ? ok(parsed.data) : corrupt(row, firstIssueLine(parsed.error));
}

function parseState(row: unknown): Result<DeliveryState> {
  const parsed = deliveryStateRowSchema.safeParse(row);
  return parsed.success ? ok(parsed.data) : corrupt(row, firstIssueLine(parsed.error));
}

function corrupt(row: unknown, where: string): Result<never> {
  const id = typeof row === 'object' && row !== null && 'id' in row ? String(row.id) : '?';
  return fail('db.corrupt_row', `Notification '${id}' is stored in a shape this version cannot read: ${where}`, { id });
}
