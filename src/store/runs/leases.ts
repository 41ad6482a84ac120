// Single-flight leases on a run (RunLease), so two desk processes never run the same iteration. A lease's times are
// real (wall-clock) time whatever the desk clock's speed: a lease must run out on time after its holder died, and
// a live holder renews it (the same call) while it works. Each step runs in one short transaction of its own: the
// conditional UPDATE takes the write lock, so the read and the INSERT after it cannot race another process.
import type { PrismaClient } from '../db/client.js';
import { Prisma } from '../generated/client.js';
import { isHolderGone } from '../db/lease-holder.js';
import { inTransaction } from '../db/transaction.js';

/**
 * No lease runs longer. One that claims to (expiring later than now + this) was stamped on a sped-up desk clock by
 * an earlier version, and is void: otherwise it would block its run for hours of real time.
 */
export const MAX_LEASE_TTL_MS = 10 * 60_000;

/**
 * Takes or renews the run's lease for `holder` until `now + ttlMs` (both real epoch ms). Granted when the lease is
 * free, expired, already the holder's, or held by a process that is provably gone (`isGone`: same host, pid no
 * longer running; see lease-holder.ts). False when another live holder has it or the run no longer exists.
 */
export async function acquireRunLease(
  prisma: PrismaClient,
  runId: string,
  holder: string,
  barTime: number,
  ttlMs: number,
  now: number,
  isGone: (holder: string) => boolean = isHolderGone,
): Promise<boolean> {
  if (!(ttlMs > 0 && ttlMs <= MAX_LEASE_TTL_MS)) throw new RangeError(`ttlMs must be in (0, ${MAX_LEASE_TTL_MS}], got ${ttlMs}`);
  const data = { holder, barTime: new Date(barTime), expiresAt: new Date(now + ttlMs) };
  try {
    return await inTransaction(prisma, async (tx) => {
      const { count } = await tx.runLease.updateMany({
        where: { runId, OR: [{ holder }, { expiresAt: { lte: new Date(now) } }, { expiresAt: { gt: new Date(now + MAX_LEASE_TTL_MS) } }] },
        data,
      });
      if (count === 1) return true;
      const current = await tx.runLease.findUnique({ where: { runId }, select: { holder: true } });
      if (current === null) {
        // createMany is one INSERT; create would also read the row back.
        await tx.runLease.createMany({ data: [{ runId, ...data }] });
        return true;
      }
      if (!isGone(current.holder)) return false;
      const taken = await tx.runLease.updateMany({ where: { runId, holder: current.holder }, data });
      return taken.count === 1;
    });
  } catch (error) {
    // The run is gone (foreign key): not ours to iterate.
    if (isForeignKeyViolation(error)) return false;
    throw error;
  }
}

/** Deletes the lease only if `holder` still holds it (an expired lease taken over by another stays theirs). */
export async function releaseRunLease(prisma: PrismaClient, runId: string, holder: string): Promise<void> {
  await inTransaction(prisma, (tx) => tx.runLease.deleteMany({ where: { runId, holder } }));
}

function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003';
}
