import type { Db } from '../db/client.js';
import { toJsonInput } from '../db/json.js';

export interface AuditRecord {
  readonly workspaceId: string;
  /** Who did it: a member's platform user id, `cli`, `scheduler` ... */
  readonly actor: string;
  /** Where it was done: the chat channel id (console: `console`); absent for the desk's own actions. */
  readonly channel?: string;
  /** Dotted action: `rule.add`, `notification.level` ... */
  readonly action: string;
  readonly target?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * Writes one AuditEntry; meant to run in the same transaction as the change it records. Its time is always the
 * wall-clock time of the write (the column's default), never a time the caller hands in: a sped-up desk's clock
 * (`--speed`) runs ahead, and its actions would sort above everything real in the log.
 */
export async function recordAudit(db: Db, record: AuditRecord): Promise<void> {
  const details = record.details === undefined ? undefined : toJsonInput(record.details, 'audit details');
  // Details are built by the store from values it has just written as JSON: a failure here is a bug.
  if (details !== undefined && !details.ok) throw new Error(details.error.message);
  await db.auditEntry.create({
    data: {
      workspaceId: record.workspaceId,
      actor: record.actor,
      channel: record.channel ?? null,
      action: record.action,
      target: record.target ?? null,
      ...(details === undefined ? {} : { details: details.value }),
    },
  });
}
