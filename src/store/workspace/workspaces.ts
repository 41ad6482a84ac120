import type { Result } from '../../core/domain/result.js';
import type { Db } from '../db/client.js';
import { storeFailure } from '../db/errors.js';

export const PLATFORMS = ['console', 'discord', 'slack'] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface WorkspaceRef {
  readonly platform: Platform;
  /** Guild id, Slack team id, or "local" for the console. */
  readonly externalId: string;
  readonly name: string;
}

export interface WorkspaceSummary extends WorkspaceRef {
  readonly id: string;
  /** Last run number handed out. */
  readonly runCounter: number;
}

/** Finds or creates the workspace of a guild/team/console, keeping its display name current. */
export async function ensureWorkspace(db: Db, ref: WorkspaceRef): Promise<WorkspaceSummary> {
  // Read first: nearly every call finds it, and a read needs no write lock.
  const found = await db.workspace.findUnique({
    where: { platform_externalId: { platform: ref.platform, externalId: ref.externalId } },
    select: { id: true, runCounter: true, name: true },
  });
  if (found !== null && found.name === ref.name) {
    return { id: found.id, platform: ref.platform, externalId: ref.externalId, name: ref.name, runCounter: found.runCounter };
  }
  const row = await db.workspace.upsert({
    where: { platform_externalId: { platform: ref.platform, externalId: ref.externalId } },
    create: { platform: ref.platform, externalId: ref.externalId, name: ref.name },
    update: { name: ref.name },
    select: { id: true, runCounter: true },
  });
  return { id: row.id, platform: ref.platform, externalId: ref.externalId, name: ref.name, runCounter: row.runCounter };
}

/**
 * Runs `fn` with the id of the workspace of the chat that asked (created on first use). A failure to reach the
 * database is a typed failure like any other store error. Every chat-facing store port starts here.
 */
export async function inWorkspace<T>(db: Db, workspace: WorkspaceRef, fn: (workspaceId: string) => Promise<Result<T>>): Promise<Result<T>> {
  let id: string;
  try {
    id = (await ensureWorkspace(db, workspace)).id;
  } catch (error) {
    return storeFailure(error, 'db.read_failed', 'Could not open the workspace');
  }
  return fn(id);
}

/** The workspace of a platform and external id, if the desk has seen it (null otherwise). */
export async function findWorkspace(db: Db, platform: Platform, externalId: string): Promise<WorkspaceSummary | null> {
  const row = await db.workspace.findUnique({
    where: { platform_externalId: { platform, externalId } },
    select: { id: true, name: true, runCounter: true },
  });
  return row === null ? null : { id: row.id, platform, externalId, name: row.name, runCounter: row.runCounter };
}

/** Every workspace as `platform:externalId (name)`, for error messages that list what exists. */
export async function workspaceLabels(db: Db): Promise<string[]> {
  const rows = await db.workspace.findMany({ select: { platform: true, externalId: true, name: true }, orderBy: [{ platform: 'asc' }, { externalId: 'asc' }] });
  return rows.map((w) => `${w.platform}:${w.externalId} (${w.name})`);
}

/** Thrown inside a transaction to roll it back and answer a typed failure instead (see `guardedInWorkspace`). */
export class TransactionAbort extends Error {
  constructor(readonly result: Result<never>) {
    super('transaction aborted');
  }
}

/**
 * `inWorkspace` for a write that may roll back: a `TransactionAbort` thrown inside `fn` becomes its failure, and any
 * other error a `db.write_failed` saying `what` could not be done.
 */
export function guardedInWorkspace<T>(db: Db, workspace: WorkspaceRef, what: string, fn: (workspaceId: string) => Promise<Result<T>>): Promise<Result<T>> {
  return inWorkspace(db, workspace, async (workspaceId) => {
    try {
      return await fn(workspaceId);
    } catch (error) {
      if (error instanceof TransactionAbort) return error.result;
      return storeFailure(error, 'db.write_failed', what);
    }
  });
}
