// The workspace kill switch (`Workspace.haltedAt/haltReason`, read by every run snapshot as `killSwitch`) and the
// halted runs /resume-all looks at. Changes are compare-and-set on `haltedAt` and audited in the same transaction.
import type { HaltedRun, KillSwitch } from '../../app/workspace/ports.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { recordAudit } from '../audit/audit.js';
import type { Db, PrismaClient } from '../db/client.js';
import { storeFailure } from '../db/errors.js';
import { LIVE_MODES } from '../runs/summary-rows.js';
import { inTransaction } from '../db/transaction.js';

const MAX_TRIES = 3;

export async function readKillSwitch(db: Db, workspaceId: string): Promise<Result<KillSwitch | null>> {
  let row;
  try {
    row = await db.workspace.findUnique({ where: { id: workspaceId }, select: { haltedAt: true, haltReason: true } });
  } catch (error) {
    return storeFailure(error, 'db.read_failed', 'Could not read the kill switch');
  }
  if (row === null) return fail('workspace.not_found', 'This workspace does not exist', { workspaceId });
  // Same fallback text as the run snapshot, so the desk and the runs name the halt alike.
  return ok(row.haltedAt === null ? null : { haltedAt: row.haltedAt.getTime(), reason: row.haltReason ?? 'the desk is halted' });
}

/** Sets the switch unless it is set already (then the original time and reason stand: `already`). */
export async function engageKillSwitch(prisma: PrismaClient, workspaceId: string, reason: string, actor: string, now: number):
  Promise<Result<{ killSwitch: KillSwitch; already: boolean }>> {
  for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
    try {
      const engaged = await inTransaction(prisma, async (tx) => {
        const { count } = await tx.workspace.updateMany({ where: { id: workspaceId, haltedAt: null }, data: { haltedAt: new Date(now), haltReason: reason } });
        if (count === 0) return false;
        await recordAudit(tx, { workspaceId, actor, action: 'workspace.halt', details: { reason } });
        return true;
      });
      if (engaged) return ok({ killSwitch: { haltedAt: now, reason }, already: false });
    } catch (error) {
      return storeFailure(error, 'db.write_failed', 'Could not set the kill switch');
    }
    const current = await readKillSwitch(prisma, workspaceId);
    if (!current.ok) return current;
    if (current.value !== null) return ok({ killSwitch: current.value, already: true });
    // Lifted between our write and our read: try to set it again.
  }
  return fail('db.conflict', 'The kill switch kept changing while being set; try again', { workspaceId });
}

/** Lifts the switch; returns the one lifted, or null when it was not set. */
export async function releaseKillSwitch(prisma: PrismaClient, workspaceId: string, actor: string, now: number): Promise<Result<KillSwitch | null>> {
  for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
    const current = await readKillSwitch(prisma, workspaceId);
    if (!current.ok || current.value === null) return current;
    const lifted = current.value;
    try {
      const done = await inTransaction(prisma, async (tx) => {
        const { count } = await tx.workspace.updateMany({ where: { id: workspaceId, haltedAt: new Date(lifted.haltedAt) }, data: { haltedAt: null, haltReason: null } });
        if (count === 0) return false;
        await recordAudit(tx, { workspaceId, actor, action: 'workspace.resume', details: { haltedAt: lifted.haltedAt, reason: lifted.reason } });
        return true;
      });
      if (done) return ok(lifted);
    } catch (error) {
      return storeFailure(error, 'db.write_failed', 'Could not lift the kill switch');
    }
  }
  return fail('db.conflict', 'The kill switch kept changing while being lifted; try again', { workspaceId });
}

/** Halted paper/live runs with the transition that halted them (the latest one), oldest run first. */
export async function listHaltedRuns(db: Db, workspaceId: string): Promise<Result<HaltedRun[]>> {
  let rows;
  try {
    rows = await db.run.findMany({
      where: { workspaceId, mode: { in: [...LIVE_MODES] }, status: 'halted' },
      orderBy: { number: 'asc' },
      select: { id: true, number: true, transitions: { orderBy: [{ at: 'desc' }, { id: 'desc' }], take: 1, select: { toStatus: true, actor: true, reason: true, at: true } } },
    });
  } catch (error) {
    return storeFailure(error, 'db.read_failed', 'Could not list the halted runs');
  }
  const halted: HaltedRun[] = [];
  for (const row of rows) {
    const last = row.transitions[0];
    // A halted run always has its halting transition; without one nobody can tell why, so it is not /halt's.
    if (last === undefined || last.toStatus !== 'halted') halted.push({ id: row.id, number: row.number, actor: '', reason: 'unknown', at: 0 });
    else halted.push({ id: row.id, number: row.number, actor: last.actor, reason: last.reason ?? '', at: last.at.getTime() });
  }
  return ok(halted);
}
