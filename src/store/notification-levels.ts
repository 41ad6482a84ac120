// Per-workspace notification level per event type, kept in `Workspace.settings` as
// `{ notificationLevels: { [eventType]: 'on' | 'silent' | 'off' } }`. Unset means 'on'.
import { z } from 'zod';
import { fail, ok, type Result } from '../core/domain/result.js';
import { firstIssueLine } from '../core/domain/zod-errors.js';
import { recordAudit } from './audit.js';
import type { Db, PrismaClient } from './client.js';
import { storeFailure } from './errors.js';
import { toJsonInput } from './json.js';
import { inTransaction } from './transaction.js';
import { NOTIFICATION_EVENTS } from '../app/runs/model.js';
import { NOTIFICATION_LEVELS } from '../app/workspace-admin.js';

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

const MAX_TRIES = 3;

/** Every event type's level for the workspace, defaults filled in. */
export async function getNotificationLevels(db: Db, workspaceId: string): Promise<Result<NotificationLevels>> {
  const read = await readSettings(db, workspaceId);
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
  for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
    const read = await readSettings(db, workspaceId);
    if (!read.ok) return read;
    const { settings, updatedAt } = read.value;
    const previous = levelsOf(settings)[eventType];
    const next: NonNullable<Settings> = { ...settings, notificationLevels: { ...settings?.notificationLevels, [eventType]: level } };
    const json = toJsonInput(next, 'settings');
    if (!json.ok) return json;
    try {
      // Compare-and-set on updatedAt: a concurrent change to any other setting is never overwritten.
      const done = await inTransaction(db, async (tx) => {
        const { count } = await tx.workspace.updateMany({ where: { id: workspaceId, updatedAt }, data: { settings: json.value } });
        if (count === 0) return false;
        await recordAudit(tx, { workspaceId, actor, action: 'notification.level', target: eventType, details: { from: previous, to: level } });
        return true;
      });
      if (done) return ok(levelsOf(next));
    } catch (error) {
      return storeFailure(error, 'db.write_failed', 'Could not save the notification level');
    }
  }
  return fail('db.conflict', 'The workspace settings kept changing while being saved; try again', { workspaceId });
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

async function readSettings(db: Db, workspaceId: string): Promise<Result<{ settings: Settings; updatedAt: Date }>> {
  let row;
  try {
    row = await db.workspace.findUnique({ where: { id: workspaceId }, select: { settings: true, updatedAt: true } });
  } catch (error) {
    return storeFailure(error, 'db.read_failed', 'Could not read the workspace settings');
  }
  if (row === null) return fail('workspace.not_found', 'This workspace does not exist', { workspaceId });
  const parsed = settingsSchema.safeParse(row.settings);
  if (!parsed.success) {
    return fail('db.corrupt_row', `The workspace settings are stored in a shape this version cannot read: ${firstIssueLine(parsed.error, 'settings')}`, {
      workspaceId,
    });
  }
  return ok({ settings: parsed.data, updatedAt: row.updatedAt });
}
