// Service leases (src/store/db/service-lease.ts): one holder of a desk-wide role at a time, renewed by it, refused to
// others while it lives, taken over after it expires or at once when its holder is provably gone, released for a
// successor; the fencing token grows at every change of holder. Runs on SQLite and on PostgreSQL.
import { describe, expect, it } from 'vitest';
import { acquireServiceLease, MAX_SERVICE_LEASE_TTL_MS, releaseServiceLease, type ServiceLeaseRequest } from '../../../src/store/db/service-lease.js';
import { useMigratedStore } from '../helpers/repo.js';

const db = useMigratedStore('service-lease');

const NOW = Date.UTC(2026, 11, 7, 12);
const TTL = 20_000;
/** Nobody is gone unless a test says so. */
const alive = (): boolean => false;

const acquire = (name: string, holder: string, now: number, more: Partial<ServiceLeaseRequest> = {}) =>
  acquireServiceLease(db.store.prisma, { name, holder, ttlMs: TTL, now, isGone: alive, ...more });
const row = (name: string) => db.store.prisma.serviceLease.findUnique({ where: { name } });

describe('a service lease', () => {
  it('goes to the first asker with token 1, is renewed by its holder (same token) and refused to another meanwhile', async () => {
    expect(await acquire('basic', 'desk-a', NOW)).toEqual({ kind: 'held', token: 1, expiresAtMs: NOW + TTL, takenFrom: null });
    expect(await acquire('basic', 'desk-b', NOW + 1_000)).toEqual({ kind: 'refused', holder: 'desk-a', token: 1, expiresAtMs: NOW + TTL });
    expect(await acquire('basic', 'desk-a', NOW + 5_000)).toEqual({ kind: 'held', token: 1, expiresAtMs: NOW + 5_000 + TTL, takenFrom: null });
    // Renewed: still refused after the first expiry would have passed.
    expect(await acquire('basic', 'desk-b', NOW + TTL + 1)).toMatchObject({ kind: 'refused', holder: 'desk-a' });
    expect(await row('basic')).toMatchObject({ holder: 'desk-a', token: 1, expiresAt: new Date(NOW + 5_000 + TTL) });
  });

  it('is taken over once it expired, with the next token', async () => {
    await acquire('expiry', 'desk-a', NOW);
    expect(await acquire('expiry', 'desk-b', NOW + TTL - 1)).toMatchObject({ kind: 'refused' });
    expect(await acquire('expiry', 'desk-b', NOW + TTL)).toEqual({ kind: 'held', token: 2, expiresAtMs: NOW + 2 * TTL, takenFrom: 'desk-a' });
    // The old holder, back late, is refused and learns who has it.
    expect(await acquire('expiry', 'desk-a', NOW + TTL + 1)).toMatchObject({ kind: 'refused', holder: 'desk-b', token: 2 });
  });

  it('is taken over at once from a holder that is provably gone (killed), never from a live one', async () => {
    await acquire('gone', 'desk:host:111:aa', NOW);
    const gone = (holder: string): boolean => holder === 'desk:host:111:aa';
    expect(await acquire('gone', 'desk:host:222:bb', NOW + 1_000, { isGone: gone })).toMatchObject({ kind: 'held', token: 2, takenFrom: 'desk:host:111:aa' });
    expect(await acquire('gone', 'desk:host:333:cc', NOW + 2_000, { isGone: gone })).toMatchObject({ kind: 'refused', holder: 'desk:host:222:bb' });
  });

  it('is released by its holder only, and a successor takes it at once with the next token (never reset)', async () => {
    await acquire('release', 'desk-a', NOW);
    expect(await releaseServiceLease(db.store.prisma, 'release', 'desk-b')).toBe(false);
    expect(await acquire('release', 'desk-b', NOW + 1_000)).toMatchObject({ kind: 'refused' });
    expect(await releaseServiceLease(db.store.prisma, 'release', 'desk-a')).toBe(true);
    expect(await acquire('release', 'desk-b', NOW + 1_000)).toMatchObject({ kind: 'held', token: 2, takenFrom: 'desk-a' });
    await releaseServiceLease(db.store.prisma, 'release', 'desk-b');
    expect(await acquire('release', 'desk-a', NOW + 2_000)).toMatchObject({ kind: 'held', token: 3, takenFrom: 'desk-b' });
    expect(await row('release')).toMatchObject({ holder: 'desk-a', token: 3 });
  });

  it('keeps its token when the holder releases and takes it back before anyone else', async () => {
    await acquire('again', 'desk-a', NOW);
    await releaseServiceLease(db.store.prisma, 'again', 'desk-a');
    expect(await acquire('again', 'desk-a', NOW + 1_000)).toMatchObject({ kind: 'held', token: 1, takenFrom: null });
  });

  it('keeps roles apart by name', async () => {
    await acquire('role-x', 'desk-a', NOW);
    expect(await acquire('role-y', 'desk-b', NOW)).toMatchObject({ kind: 'held', token: 1 });
  });

  it('goes to exactly one of several processes asking for a free lease at once', async () => {
    const holders = ['desk-1', 'desk-2', 'desk-3', 'desk-4'];
    const grants = await Promise.all(holders.map((h) => acquire('race', h, NOW)));
    const won = grants.filter((g) => g.kind === 'held');
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({ token: 1 });
    const winner = holders[grants.indexOf(won[0]!)];
    expect(grants.filter((g) => g.kind === 'refused')).toEqual(Array(3).fill({ kind: 'refused', holder: winner, token: 1, expiresAtMs: NOW + TTL }));
  });

  it('voids a lease expiring beyond any real lease (a wrong clock), and refuses to grant one that long', async () => {
    await db.store.prisma.serviceLease.create({ data: { name: 'far', holder: 'desk-old', token: 7, expiresAt: new Date(NOW + 50 * 3_600_000) } });
    expect(await acquire('far', 'desk-b', NOW)).toMatchObject({ kind: 'held', token: 8, takenFrom: 'desk-old' });
    await expect(acquire('far', 'desk-b', NOW, { ttlMs: MAX_SERVICE_LEASE_TTL_MS + 1 })).rejects.toThrow(RangeError);
  });
});
