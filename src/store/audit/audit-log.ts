// Reading the workspace's audit log, and recording the state-changing chat commands into it.
import { z } from 'zod';
import type { AuditView, CommandRecord } from '../../app/workspace/ports.js';
import { ok, type Result } from '../../core/domain/result.js';
import { recordAudit } from './audit.js';
import type { Db } from '../db/client.js';
import { storeFailure } from '../db/errors.js';
import { toJsonInput } from '../db/json.js';

// Loose: entries written by older versions or other writers carry other details, which are shown as they are.
const detailsSchema = z.record(z.string(), z.unknown());

/** The newest `limit` entries, newest first; names come from the entry or else the member table. */
export async function listAudit(db: Db, workspaceId: string, limit: number): Promise<Result<AuditView[]>> {
  try {
    const rows = await db.auditEntry.findMany({
      where: { workspaceId },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take: Math.max(0, Math.floor(limit)),
      select: { at: true, actor: true, channel: true, action: true, target: true, details: true },
    });
    const members = await db.member.findMany({
      where: { workspaceId, externalUserId: { in: [...new Set(rows.map((r) => r.actor))] } },
      select: { externalUserId: true, displayName: true },
    });
    const names = new Map(members.map((m) => [m.externalUserId, m.displayName]));
    return ok(rows.map((row): AuditView => {
      const parsed = detailsSchema.safeParse(row.details);
      const details = parsed.success ? parsed.data : null;
      const named = details?.['actorName'];
      const actorName = typeof named === 'string' && named !== '' ? named : names.get(row.actor);
      return {
        at: row.at.getTime(), actor: row.actor, ...(actorName === undefined ? {} : { actorName }), channel: row.channel,
        action: row.action, target: row.target, details,
      };
    }));
  } catch (error) {
    return storeFailure(error, 'db.read_failed', 'Could not read the audit log');
  }
}

/** One `command` entry: target = the command name; details = the name, role, options, outcome and what it did. */
export async function recordCommand(db: Db, workspaceId: string, entry: CommandRecord): Promise<Result<null>> {
  const details = {
    actorName: entry.actor.name, actorRole: entry.actor.role, options: entry.options, outcome: entry.outcome,
    ...(entry.message === undefined ? {} : { message: entry.message }),
    ...(entry.result === undefined ? {} : { result: entry.result }),
  };
  // The options come from chat: check they store before writing, rather than letting recordAudit treat it as a bug.
  const json = toJsonInput(details, 'command options');
  if (!json.ok) return json;
  try {
    await recordAudit(db, { workspaceId, actor: entry.actor.id, channel: entry.channelId, action: 'command', target: entry.command, details });
    return ok(null);
  } catch (error) {
    return storeFailure(error, 'db.write_failed', 'Could not record the command in the audit log');
  }
}
