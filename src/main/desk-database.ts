// Which database a desk opens, and whether its clock may write there. A sped-up desk (`--speed`) is a demo: its times
// run ahead of the wall clock, so it keeps its own database unless DATABASE_URL names one, and a database belongs to
// one kind of clock (src/store/db/desk-clock.ts): a real-time desk refuses a demo's database and the reverse.
import type { Env } from '../config/env.js';
import { fail, ok, type Result } from '../core/domain/result.js';
import { createScaledClock, type Clock } from '../scheduler/clock.js';
import type { Store } from '../store/db/client.js';
import { claimDeskClock, isSpedUp, readDeskClock, type DatabaseClock } from '../store/db/desk-clock.js';
import { redactUrl } from '../store/db/database-kind.js';

/** Where a sped-up desk keeps its runs when DATABASE_URL is not set (relative to the working directory). */
export const DEMO_DATABASE_URL = 'file:./data/tradedesk-demo.db';

export interface DeskDatabase {
  readonly url: string;
  /** True when a sped-up desk took its own file because DATABASE_URL was not set. */
  readonly demoDefault: boolean;
}

/** DATABASE_URL when it is set (`given` is the raw environment: the parsed one has a default); a demo's own file otherwise. */
export function deskDatabase(given: Readonly<Record<string, string | undefined>>, env: Env, speed: number): DeskDatabase {
  const set = given['DATABASE_URL'] !== undefined && given['DATABASE_URL'] !== '';
  return speed === 1 || set ? { url: env.DATABASE_URL, demoDefault: false } : { url: DEMO_DATABASE_URL, demoDefault: true };
}

/** The status line's note on the database of a desk at `speed`. */
export function databaseNote(db: DeskDatabase, speed: number): string {
  if (speed === 1) return 'migrations apply automatically';
  return db.demoDefault
    ? `the --speed ${speed} demo's own database, apart from the team's; DATABASE_URL chooses another; migrations apply automatically`
    : `a --speed ${speed} demo: a real-time desk will refuse this database; migrations apply automatically`;
}

/**
 * Makes `url` the database of a desk at `speed` (1: real time). Refused, with the one line to show and nothing written,
 * when the database was written by the other kind of clock.
 */
export async function claimDatabase(store: Store, url: string, speed: number, wallNow: number): Promise<Result<DatabaseClock>> {
  const claimed = await claimDeskClock(store.prisma, speed, wallNow);
  if (!claimed.ok) return claimed;
  const { kind, clock } = claimed.value;
  return kind === 'claimed' ? ok(clock) : fail('db.clock_mismatch', refusal(url, speed, clock), { speed: clock.speed });
}

function refusal(given: string, speed: number, clock: DatabaseClock): string {
  const url = redactUrl(given);
  if (speed !== 1) {
    return `${url} is written in real time, and a sped-up desk (--speed ${speed}) would put demo times into its history; nothing was written. ` +
      `Leave DATABASE_URL unset for the demo's own ${DEMO_DATABASE_URL}, or set it to another file.`;
  }
  const made = clock.speed === null
    ? `its runs are stamped up to ${new Date(clock.latestRunTime ?? 0).toISOString()}, past the real clock: a sped-up demo wrote them`
    : `a sped-up demo (--speed ${clock.speed}) wrote it, and its times run ahead of the real clock`;
  return `${url} holds a demo: ${made}. A real-time desk does not write into it; nothing was written. ` +
    `Open it with a sped-up desk (--speed <x>), or set DATABASE_URL to the team's database.`;
}

/** A clock at `speed` that reads `from` now and runs on from there. */
export function clockFrom(from: number, speed: number): Clock {
  const scaled = createScaledClock({ speed });
  const offset = from - scaled.now();
  return { now: () => scaled.now() + offset, speed };
}

/**
 * The clock to read a database by (the MCP tools' "now"): the wall clock, or for a sped-up demo's database a clock at
 * its speed starting where its runs left off, so its runs are not "in the future" and left out.
 */
export async function readingClock(store: Store, wallNow: () => number): Promise<Result<() => number>> {
  const now = wallNow();
  const found = await readDeskClock(store.prisma, now);
  if (!found.ok) return found;
  const clock = found.value;
  if (clock === null || !isSpedUp(clock.speed)) return ok(wallNow);
  return ok(clockFrom(Math.max(now, clock.latestRunTime ?? now), clock.speed ?? 1).now);
}
