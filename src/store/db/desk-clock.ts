// The clock a database is written by. A sped-up desk (`--speed`) stamps runs, decisions and notifications with times
// that run ahead of the wall clock; mixed into a team's real history they sort above real actions and freeze real
// runs. So a database belongs to one kind of clock, recorded in its one DeskClock row, and a desk on the other kind is
// refused before it writes anything.
import { ok, type Result } from '../../core/domain/result.js';
import type { Db, PrismaClient } from './client.js';
import { storeFailure } from './errors.js';
import { isUniqueViolation } from './transaction.js';

const ROW = 1;
/** A database from before the DeskClock row counts as sped-up when its runs reach this far past the wall clock. */
const FUTURE_SLACK_MS = 5 * 60_000;

export interface DatabaseClock {
  /** 1: real time; otherwise the speed of the sped-up desk that last opened it (null: sped up, speed not known). */
  readonly speed: number | null;
  /** False for a database from before clocks were recorded, judged by its runs' times. */
  readonly recorded: boolean;
  /** The latest time any run recorded (epoch ms), null when there is none. */
  readonly latestRunTime: number | null;
}

export const isSpedUp = (speed: number | null): boolean => speed !== 1;

/** The latest time a run, a run's status change or a decision recorded (a sped-up desk's times run ahead of real time). */
export async function latestRunTime(db: Db): Promise<Result<number | null>> {
  try {
    const [runs, transitions, decisions] = await Promise.all([
      db.run.aggregate({ _max: { startedAt: true, endedAt: true } }),
      db.runTransition.aggregate({ _max: { at: true } }),
      db.decisionRecord.aggregate({ _max: { asOf: true } }),
    ]);
    const times = [runs._max.startedAt, runs._max.endedAt, transitions._max.at, decisions._max.asOf].flatMap((d) => (d === null ? [] : [d.getTime()]));
    return ok(times.length === 0 ? null : Math.max(...times));
  } catch (error) {
    return storeFailure(error, 'db.read_failed', 'Could not read the latest run time');
  }
}

/** The database's clock, or null for a database no desk has written a run or a clock into. */
export async function readDeskClock(db: Db, wallNow: number): Promise<Result<DatabaseClock | null>> {
  let row;
  try {
    row = await db.deskClock.findUnique({ where: { id: ROW }, select: { speed: true } });
  } catch (error) {
    return storeFailure(error, 'db.read_failed', 'Could not read the database clock');
  }
  const latest = await latestRunTime(db);
  if (!latest.ok) return latest;
  if (row !== null) return ok({ speed: row.speed, recorded: true, latestRunTime: latest.value });
  if (latest.value === null) return ok(null);
  return ok({ speed: latest.value > wallNow + FUTURE_SLACK_MS ? null : 1, recorded: false, latestRunTime: latest.value });
}

/** What claiming a database for a clock did: `refused` (the database's own clock given) when one is sped up and the other not. */
export type DeskClockClaim = { readonly kind: 'claimed' | 'refused'; readonly clock: DatabaseClock };

/**
 * Makes the database the one of a desk at `speed` (1: real time): records its clock on first use, or checks it is the
 * same kind; refused, with nothing written, when one is sped up and the other is not.
 */
export async function claimDeskClock(prisma: PrismaClient, speed: number, wallNow: number): Promise<Result<DeskClockClaim>> {
  // Two desks claiming a fresh database at once: one creates the row, the other reads it on its second pass.
  for (let attempt = 1; ; attempt++) {
    const found = await readDeskClock(prisma, wallNow);
    if (!found.ok) return found;
    const clock = found.value;
    if (clock !== null && isSpedUp(clock.speed) !== isSpedUp(speed)) return ok({ kind: 'refused', clock });
    try {
      if (clock?.recorded === true) await prisma.deskClock.update({ where: { id: ROW }, data: { speed } });
      else await prisma.deskClock.create({ data: { id: ROW, speed } });
      return ok({ kind: 'claimed', clock: { speed, recorded: true, latestRunTime: clock?.latestRunTime ?? null } });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt > 1) return storeFailure(error, 'db.write_failed', 'Could not record the database clock');
    }
  }
}
