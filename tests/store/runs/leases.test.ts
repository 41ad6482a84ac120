// Run leases after a crash: a restarted desk takes at once a lease whose holder is provably gone, a lease stamped
// on a sped-up desk clock by an earlier version never blocks a run for hours, and a busy file is waited out.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isHolderGone, processLeaseHolder, type ProcessIdentity } from '../../../src/store/db/lease-holder.js';
import { acquireRunLease, MAX_LEASE_TTL_MS } from '../../../src/store/runs/leases.js';
import { createPrismaRunStore } from '../../../src/store/runs/store.js';
import { sampleRun } from '../../scheduler/fakes.js';
import { testPostgresUrl, useMigratedStore } from '../helpers/repo.js';

// A short busy timeout: the retries, not the driver's wait, get a write through a busy file.
const db = useMigratedStore('run-leases', { busyTimeoutMs: 10 });

const NOW = Date.UTC(2026, 0, 5, 14, 30);
const TTL = 20_000;

async function newRun(externalId: string): Promise<string> {
  const created = await createPrismaRunStore(db.store.prisma).createRun({
    workspace: { platform: 'console', externalId, name: externalId },
    manifest: sampleRun({ id: 'x', number: 1, symbols: ['SIM-A'], dataSource: 'sim', timeframe: '1m' }).manifest,
    createdBy: 'test', channelId: 'console', now: NOW,
  });
  if (!created.ok) throw new Error(created.error.message);
  return created.value.id;
}

const holderOf = async (runId: string) => (await db.store.prisma.runLease.findUnique({ where: { runId }, select: { holder: true } }))?.holder ?? null;

describe('acquireRunLease after a crash', () => {
  it("takes at once a live-looking lease whose holder is provably gone, and never a live holder's", async () => {
    const runId = await newRun('gone');
    expect(await acquireRunLease(db.store.prisma, runId, 'desk:host:111:aa', NOW, TTL, NOW)).toBe(true);
    const gone = (holder: string) => holder === 'desk:host:111:aa';
    // One second later the lease has 19 s to run, but its process is gone (killed -9): the restarted desk takes it.
    expect(await acquireRunLease(db.store.prisma, runId, 'desk:host:222:bb', NOW, TTL, NOW + 1_000, gone)).toBe(true);
    expect(await holderOf(runId)).toBe('desk:host:222:bb');
    // desk:host:222:bb is alive: a third desk waits for its lease to run out.
    expect(await acquireRunLease(db.store.prisma, runId, 'desk:host:333:cc', NOW, TTL, NOW + 2_000, gone)).toBe(false);
    expect(await acquireRunLease(db.store.prisma, runId, 'desk:host:333:cc', NOW, TTL, NOW + 1_000 + TTL, gone)).toBe(true);
  });

  it('voids a lease stamped on a sped-up desk clock by an earlier version (expiring beyond any real lease)', async () => {
    const runId = await newRun('scaled');
    // 5 minutes x speed 600 of desk time: what an earlier version wrote, 50 hours ahead of the wall clock.
    await db.store.prisma.runLease.create({ data: { runId, holder: 'desk-4242-old', barTime: new Date(NOW), expiresAt: new Date(NOW + 5 * 60_000 * 600) } });
    expect(await acquireRunLease(db.store.prisma, runId, 'desk:host:222:bb', NOW, TTL, NOW + 1_000, () => false)).toBe(true);
  });

  it('refuses a lease longer than the longest a desk takes (a scaled duration is a bug)', async () => {
    const runId = await newRun('too-long');
    await expect(acquireRunLease(db.store.prisma, runId, 'desk-a', NOW, MAX_LEASE_TTL_MS + 1, NOW)).rejects.toThrow(RangeError);
  });
});

// SQLite's file lock: on PostgreSQL (the postgresql project) there is no such lock to wait for.
describe.runIf(testPostgresUrl() === undefined)('run leases on a busy database file', () => {
  it('takes the lease once another process lets go of the write lock, instead of failing the tick', async () => {
    const runId = await newRun('busy');
    const other = new Database(db.file);
    other.exec('BEGIN IMMEDIATE');
    // Released well before the retries run out (their waits add up to over a second).
    const release = setTimeout(() => other.exec('COMMIT'), 100);
    try {
      expect(await acquireRunLease(db.store.prisma, runId, 'desk-a', NOW, TTL, NOW)).toBe(true);
    } finally {
      clearTimeout(release);
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    }
  });
});

describe('isHolderGone', () => {
  const me: ProcessIdentity = { host: 'vm#4026531836', pid: 500, nonce: 'abc123', isAlive: (pid) => pid === 600 };

  it.each([
    ['this very process', false, 'desk:vm#4026531836:500:abc123'],
    ['an earlier process that had this pid', true, 'desk:vm#4026531836:500:0ff1ce'],
    ['a live process on this host', false, 'desk:vm#4026531836:600:beef'],
    ['a process on this host that no longer runs', true, 'desk:vm#4026531836:700:beef'],
    ['a process on another host (or container)', false, 'desk:other#1:700:beef'],
    ['an id of another shape', false, 'desk-700-mxci9xzp'],
    ['a tagged holder of a process that no longer runs', true, 'desk:vm#4026531836:700:beef/change-3'],
    ['a tagged holder of this very process', false, 'desk:vm#4026531836:500:abc123/change-3'],
  ])('%s: gone %s', (_what, gone, holder) => {
    expect(isHolderGone(holder, me)).toBe(gone);
  });

  it("names this process, which is not gone, while a killed child's id is", async () => {
    const mine = processLeaseHolder();
    expect(mine).toMatch(new RegExp(`^desk:.+:${process.pid}:[0-9a-f]+$`));
    expect(isHolderGone(mine)).toBe(false);
    expect(processLeaseHolder('change-1')).toBe(`${mine}/change-1`);
    const { spawnSync } = await import('node:child_process');
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const dead = mine.replace(`:${process.pid}:`, `:${child.stdout}:`);
    expect(isHolderGone(dead)).toBe(true);
  });
});
