// The clock a database is written by (src/store/db/desk-clock.ts): recorded by the first desk, the same kind accepted,
// the other refused with nothing written; a database from before inferred from its runs' times.
import { describe, expect, it } from 'vitest';
import { claimDeskClock, readDeskClock } from '../../../src/store/db/desk-clock.js';
import { useMigratedStore } from '../helpers/repo.js';

const fixture = useMigratedStore('desk-clock');
const NOW = Date.UTC(2026, 2, 2, 12);
const value = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('the database clock', () => {
  it('is recorded by the first claim; the same kind is accepted (speed updated), the other refused and left as it was', async () => {
    const prisma = fixture.store.prisma;
    expect(value(await readDeskClock(prisma, NOW))).toBeNull();
    expect(value(await claimDeskClock(prisma, 600, NOW))).toEqual({ kind: 'claimed', clock: { speed: 600, recorded: true, latestRunTime: null } });
    expect(value(await claimDeskClock(prisma, 1, NOW))).toEqual({ kind: 'refused', clock: { speed: 600, recorded: true, latestRunTime: null } });
    expect(value(await claimDeskClock(prisma, 20, NOW))).toMatchObject({ kind: 'claimed', clock: { speed: 20 } });
    expect(await prisma.deskClock.findMany({ select: { id: true, speed: true } })).toEqual([{ id: 1, speed: 20 }]);
    await prisma.deskClock.deleteMany();
  });

  it('is inferred for a database from before it was recorded: runs stamped past the wall clock mean a demo', async () => {
    const prisma = fixture.store.prisma;
    const ws = await prisma.workspace.create({ data: { platform: 'console', externalId: 'legacy', name: 'legacy' } });
    const run = await prisma.run.create({
      data: {
        workspaceId: ws.id, number: 1, mode: 'paper', strategyId: 's', strategyVersion: '1', params: {}, symbols: [], timeframe: '1m', status: 'stopped',
        dataSource: 'sim', sizing: {}, ruleSnapshot: [], ruleSnapshotHash: 'h', manifest: {}, startingCash: 1, startedAt: new Date(NOW), endedAt: new Date(NOW + 86_400_000),
      },
    });
    expect(value(await readDeskClock(prisma, NOW))).toEqual({ speed: null, recorded: false, latestRunTime: NOW + 86_400_000 });
    expect(value(await claimDeskClock(prisma, 1, NOW))).toMatchObject({ kind: 'refused' });
    expect(await prisma.deskClock.count()).toBe(0);
    // A day later by the wall clock the same times are in the past: a real-time database.
    expect(value(await readDeskClock(prisma, NOW + 2 * 86_400_000))).toEqual({ speed: 1, recorded: false, latestRunTime: NOW + 86_400_000 });
    expect(value(await claimDeskClock(prisma, 600, NOW))).toMatchObject({ kind: 'claimed', clock: { speed: 600 } });
    await prisma.run.delete({ where: { id: run.id } });
  });
});
