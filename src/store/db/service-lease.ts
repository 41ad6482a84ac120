// Leases on desk-wide roles that one desk process plays at a time (ServiceLease), e.g. the Discord gateway session:
// the processes sharing a database elect the role's holder through its row. Like the run leases (runs/leases.ts),
// times are real (wall-clock) time whatever the desk clock's speed, a live holder renews with the same call, and an
// expired lease or one whose holder is provably gone (lease-holder.ts) is taken over. The token fences: it grows at
// every change of holder and is never reset (a release only expires the row), so a later holder's token is always
// greater than an earlier one's.
import type { PrismaClient } from './client.js';
import { isHolderGone } from './lease-holder.js';
import { inTransaction, isUniqueViolation } from './transaction.js';

/** No lease runs longer; one expiring later than now + this was written by a wrong clock, and is void. */
export const MAX_SERVICE_LEASE_TTL_MS = 10 * 60_000;

export interface ServiceLeaseRequest {
  /** The role, e.g. `discord-gateway`. */
  readonly name: string;
  /** This process's holder id (processLeaseHolder). */
  readonly holder: string;
  readonly ttlMs: number;
  /** Real epoch ms. */
  readonly now: number;
  /** Whether a holder is provably gone (default: isHolderGone, same host and its pid no longer runs). */
  readonly isGone?: (holder: string) => boolean;
}

/** Held (taken or renewed) with its fencing token, or refused with who holds it. Times are real epoch ms. */
export type ServiceLeaseGrant =
  | { readonly kind: 'held'; readonly token: number; readonly expiresAtMs: number; readonly takenFrom: string | null }
  | { readonly kind: 'refused'; readonly holder: string; readonly token: number; readonly expiresAtMs: number };

/**
 * Takes or renews the lease for `holder` until `now + ttlMs`: granted when there is none yet, it is the holder's
 * already, expired, or its holder is provably gone; refused while another live holder has it. One compare-and-set
 * in one short transaction (SQLite: under the write lock; PostgreSQL: Serializable, retried on a conflict), so two
 * processes racing for a free lease never both get it. `takenFrom` names the previous holder when the holder changed
 * (null for a renewal or the first holder).
 */
export async function acquireServiceLease(prisma: PrismaClient, r: ServiceLeaseRequest): Promise<ServiceLeaseGrant> {
  if (!(r.ttlMs > 0 && r.ttlMs <= MAX_SERVICE_LEASE_TTL_MS)) throw new RangeError(`ttlMs must be in (0, ${MAX_SERVICE_LEASE_TTL_MS}], got ${r.ttlMs}`);
  const isGone = r.isGone ?? isHolderGone;
  const expiresAt = new Date(r.now + r.ttlMs);
  const attempt = (): Promise<ServiceLeaseGrant> => inTransaction(prisma, async (tx): Promise<ServiceLeaseGrant> => {
    const current = await tx.serviceLease.findUnique({ where: { name: r.name } });
    if (current === null) {
      // createMany is one INSERT; create would also read the row back.
      await tx.serviceLease.createMany({ data: [{ name: r.name, holder: r.holder, token: 1, expiresAt }] });
      return { kind: 'held', token: 1, expiresAtMs: expiresAt.getTime(), takenFrom: null };
    }
    const mine = current.holder === r.holder;
    const until = current.expiresAt.getTime();
    const free = until <= r.now || until > r.now + MAX_SERVICE_LEASE_TTL_MS || isGone(current.holder);
    if (!mine && !free) return { kind: 'refused', holder: current.holder, token: current.token, expiresAtMs: until };
    const token = mine ? current.token : current.token + 1;
    const { count } = await tx.serviceLease.updateMany({
      where: { name: r.name, holder: current.holder, token: current.token },
      data: { holder: r.holder, token, expiresAt },
    });
    // The transaction read the row, so the compare-and-set holds; a miss would be a bug in the isolation.
    if (count !== 1) throw new Error(`service lease ${r.name} changed inside its own transaction`);
    return { kind: 'held', token, expiresAtMs: expiresAt.getTime(), takenFrom: mine ? null : current.holder };
  });
  try {
    return await attempt();
  } catch (error) {
    // Two first holders inserted at once (PostgreSQL may report it as a duplicate key): the row is there now.
    if (isUniqueViolation(error)) return attempt();
    throw error;
  }
}

/**
 * Lets the lease go if `holder` still holds it: it expires at once (holder and token stay, so the next holder's
 * token is still one more). True when it was the holder's.
 */
export async function releaseServiceLease(prisma: PrismaClient, name: string, holder: string): Promise<boolean> {
  const { count } = await inTransaction(prisma, (tx) => tx.serviceLease.updateMany({ where: { name, holder }, data: { expiresAt: new Date(0) } }));
  return count === 1;
}
