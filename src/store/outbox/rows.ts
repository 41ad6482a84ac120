// Rows <-> outbox items. The payload is a Json column and the status a string: both parsed with zod.
import { z } from 'zod';
import { notificationEventTypeSchema } from './notification-levels.js';

export const NOTIFICATION_STATUSES = ['pending', 'delivered', 'failed', 'suppressed'] as const;

const epochMs = z.date().transform((d) => d.getTime());

export const deliveryStateRowSchema = z.object({
  id: z.string(),
  status: z.enum(NOTIFICATION_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: epochMs,
  lastError: z.string().nullable(),
  deliveredAt: epochMs.nullable(),
});
/** Where a notification stands after a delivery attempt. */
export type DeliveryState = z.infer<typeof deliveryStateRowSchema>;

export const notificationRowSchema = deliveryStateRowSchema.extend({
  workspaceId: z.string(),
  runId: z.string().nullable(),
  eventType: notificationEventTypeSchema,
  dedupeKey: z.string(),
  payload: z.record(z.string(), z.unknown()),
  /** Post without pinging anyone (the workspace's level for the event was 'silent'). */
  silent: z.boolean(),
  createdAt: epochMs,
});
/** An outbox item (times epoch ms). */
export type OutboxNotification = z.infer<typeof notificationRowSchema>;

export const DELIVERY_STATE_SELECT = {
  id: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  lastError: true,
  deliveredAt: true,
} as const;

export const NOTIFICATION_SELECT = {
  ...DELIVERY_STATE_SELECT,
  workspaceId: true,
  runId: true,
  eventType: true,
  dedupeKey: true,
  payload: true,
  silent: true,
  createdAt: true,
} as const;

/** A claimed item, with the workspace it belongs to (its delivery's log lines name it). */
export const claimedNotificationRowSchema = notificationRowSchema.extend({
  workspace: z.object({ platform: z.string(), externalId: z.string(), name: z.string() }),
});
export type ClaimedNotification = z.infer<typeof claimedNotificationRowSchema>;

export const CLAIMED_NOTIFICATION_SELECT = {
  ...NOTIFICATION_SELECT,
  workspace: { select: { platform: true, externalId: true, name: true } },
} as const;
