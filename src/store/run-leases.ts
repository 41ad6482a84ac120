// Single-flight leases on a run (RunLease), so two desk processes never run the same iteration. Each step is one
// statement, atomic on its own: a conditional UPDATE takes over a free, expired or own lease; otherwise an INSERT
// succeeds only if no lease exists (the primary key refuses a second one).
import type { PrismaClient } from './client.js';
import { Prisma } from './generated/client.js';
import { isUniqueViolation } from './transaction.js';

export async function acquireRunLease(
  prisma: PrismaClient,
  runId: string,
  holder: string,
  barTime: number,
  ttlMs: number,
  now: number,
): Promise<boolean> {
  if (!(ttlMs > 0)) throw new RangeError(`ttlMs must be positive, got ${ttlMs}`);
  const data = { holder, barTime: new Date(barTime), expiresAt: new Date(now + ttlMs) };
  const { count } = await prisma.runLease.updateMany({
    where: { runId, OR: [{ holder }, { expiresAt: { lte: new Date(now) } }] },
    data,
  });
  if (count === 1) return true;
  try {
    // createMany is one INSERT; create would also read the row back, holding the write lock a step longer.
    await prisma.runLease.createMany({ data: [{ runId, ...data }] });
    return true;
  } catch (error) {
    // Someone else holds a live lease (unique) or the run is gone (foreign key): not ours either way.
    if (isUniqueViolation(error) || isForeignKeyViolation(error)) return false;
    throw error;
  }
}

/** Deletes the lease only if `holder` still holds it (an expired lease taken over by another stays theirs). */
export async function releaseRunLease(prisma: PrismaClient, runId: string, holder: string): Promise<void> {
  await prisma.runLease.deleteMany({ where: { runId, holder } });
}

function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003';
}
