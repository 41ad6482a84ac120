// Per-workspace notification level per event type, kept in `Workspace.settings` as
// `{ notificationLevels: { [eventType]: 'on' | 'silent' | 'off' } }`. Unset means 'on'.
import { z } from 'zod';
import { ok, type Result } from '../../core/domain/result.js';
import type { Db, PrismaClient } from '../db/client.js';
import { changeWorkspaceSettings, readWorkspaceSettings } from '../workspace/workspace-settings-json.js';
import { NOTIFICATION_EVENTS } from '../../app/runs/model.js';
import { NOTIFICATION_LEVELS } from '../../app/workspace/ports.js';

/** The event types, defined once with the run model. */
export const NOTIFICATION_EVENT_TYPES = NOTIFICATION_EVENTS;
export const notificationEventTypeSchema = z.enum(NOTIFICATION_EVENT_TYPES);
export type NotificationEventType = z.infer<typeof notificationEventTypeSchema>;

/** on: posted normally; silent: posted without pinging anyone; off: recorded (suppressed), never posted. */
export { NOTIFICATION_LEVELS };
export const notificationLevelSchema = z.enum(NOTIFICATION_LEVELS);
export type NotificationLevel = z.infer<typeof notificationLevelSchema>;

export type NotificationLevels = Readonly<Record<NotificationEventType, NotificationLevel>>;

// Loose on both levels: other settings, and levels of event types a newer version knows, survive a write.
const settingsSchema = z
  .looseObject({ notificationLevels: z.record(z.string(), notificationLevelSchema).optional() })
  .nullable();
type Settings = z.infer<typeof settingsSchema>;


/** Every event type's level for the workspace, defaults filled in. */
export async function getNotificationLevels(db: Db, workspaceId: string): Promise<Result<NotificationLevels>> {
  const read = await readWorkspaceSettings(db, workspaceId, settingsSchema);
  return read.ok ? ok(levelsOf(read.value.settings)) : read;
}

/** Sets one event type's level (recorded in the audit log) and returns the workspace's levels after it. */
export async function setNotificationLevel(
  db: PrismaClient | Db,
  workspaceId: string,
  eventType: NotificationEventType,
  level: NotificationLevel,
  actor: string,
): Promise<Result<NotificationLevels>> {
  return changeWorkspaceSettings(db, workspaceId, settingsSchema, 'the notification level', (settings) => {
    const previous = levelsOf(settings)[eventType];
    const next: NonNullable<Settings> = { ...settings, notificationLevels: { ...settings?.notificationLevels, [eventType]: level } };
    return ok({ next, audit: { actor, action: 'notification.level', target: eventType, details: { from: previous, to: level } }, result: levelsOf(next) });
  });
}

/** The level that applies to one event type now (for the outbox). */
export async function notificationLevel(db: Db, workspaceId: string, eventType: NotificationEventType): Promise<Result<NotificationLevel>> {
  const levels = await getNotificationLevels(db, workspaceId);
  return levels.ok ? ok(levels.value[eventType]) : levels;
}

function levelsOf(settings: Settings): NotificationLevels {
  const stored = settings?.notificationLevels ?? {};
  return Object.fromEntries(NOTIFICATION_EVENT_TYPES.map((event) => [event, stored[event] ?? 'on'])) as Record<
    NotificationEventType,
    NotificationLevel
  >;
}
