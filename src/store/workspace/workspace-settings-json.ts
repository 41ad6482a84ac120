// `Workspace.settings` (Json) is shared by several features (notification levels, the analyst budget, the MCP
// token), each owning its keys. Each reads it with a loose zod schema of its own keys, so the others' pass through,
// and writes it by compare-and-set on `updatedAt`: a concurrent change to another key is re-read, never lost.
import type { z } from 'zod';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { firstIssueLine } from '../../core/domain/zod-errors.js';
import { recordAudit, type AuditRecord } from '../audit/audit.js';
import type { Db, PrismaClient } from '../db/client.js';
import { storeFailure } from '../db/errors.js';
import { toJsonInput } from '../db/json.js';
import { inTransaction } from '../db/transaction.js';

const MAX_TRIES = 3;

export async function readWorkspaceSettings<S>(db: Db, workspaceId: string, schema: z.ZodType<S>): Promise<Result<{ settings: S; updatedAt: Date }>> {
  let row;
  try {
    row = await db.workspace.findUnique({ where: { id: workspaceId }, select: { settings: true, updatedAt: true } });
  } catch (error) {
    return storeFailure(error, 'db.read_failed', 'Could not read the workspace settings');
  }
  if (row === null) return fail('workspace.not_found', 'This workspace does not exist', { workspaceId });
  const parsed = schema.safeParse(row.settings);
  if (!parsed.success) {
    return fail('db.corrupt_row', `The workspace settings are stored in a shape this version cannot read: ${firstIssueLine(parsed.error, 'settings')}`, { workspaceId });
  }
  return ok({ settings: parsed.data, updatedAt: row.updatedAt });
}

/** What a settings change writes: the whole next settings object, its audit entry, and what the caller returns. */
export interface SettingsChange<S, T> {
  readonly next: S;
  readonly audit: Omit<AuditRecord, 'workspaceId'>;
  readonly result: T;
}

/**
 * Read-modify-write of the settings: `change` sees the current settings and returns the next ones (or a refusal);
 * they are saved with the audit entry in one transaction, retried when another writer got there first.
 */
export async function changeWorkspaceSettings<S, T>(
  db: PrismaClient | Db,
  workspaceId: string,
  schema: z.ZodType<S>,
  what: string,
  change: (settings: S) => Result<SettingsChange<S, T>>,
): Promise<Result<T>> {
  for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
    const read = await readWorkspaceSettings(db, workspaceId, schema);
    if (!read.ok) return read;
    const changed = change(read.value.settings);
    if (!changed.ok) return changed;
    const json = toJsonInput(changed.value.next, 'settings');
    if (!json.ok) return json;
    try {
      const done = await inTransaction(db, async (tx) => {
        const { count } = await tx.workspace.updateMany({ where: { id: workspaceId, updatedAt: read.value.updatedAt }, data: { settings: json.value } });
        if (count === 0) return false;
        await recordAudit(tx, { workspaceId, ...changed.value.audit });
        return true;
      });
      if (done) return ok(changed.value.result);
    } catch (error) {
      return storeFailure(error, 'db.write_failed', `Could not save ${what}`);
    }
  }
  return fail('db.conflict', 'The workspace settings kept changing while being saved; try again', { workspaceId });
}
