// The election of one process for a role (src/scheduler/elector.ts) over an in-memory lease with the store's rules:
// the winner takes the role up and renews, others stand by; a stop lays the role down and releases; a holder that
// cannot renew lays the role down before its lease runs out; a refused renewal deposes; a failed take-up is tried
// again with the lease kept. Real short timers; every wait is for a condition, never for a duration.
import { afterEach, describe, expect, it } from 'vitest';
import { startElection, type Election, type ElectionDeps, type ElectionGrant, type ElectionState, type ElectionTrouble } from '../../src/scheduler/elector.js';

const TTL = 1_000;
const EVERY = 50;

/** One lease row as the store keeps it: holder, token (one more at every change of holder), expiry. */
function memoryLease() {
  let row: { holder: string; token: number; expiresAt: number } | null = null;
  return {
    get row() {
      return row;
    },
    acquire(holder: string, now: number): ElectionGrant {
      if (row === null) {
        row = { holder, token: 1, expiresAt: now + TTL };
        return { kind: 'held', token: 1, takenFrom: null };
      }
      if (row.holder !== holder && row.expiresAt > now) return { kind: 'refused', holder: row.holder };
      const takenFrom = row.holder === holder ? null : row.holder;
      row = { holder, token: takenFrom === null ? row.token : row.token + 1, expiresAt: now + TTL };
      return { kind: 'held', token: row.token, takenFrom };
    },
    release(holder: string): void {
      if (row?.holder === holder) row = { ...row, expiresAt: 0 };
    },
  };
}

type Lease = ReturnType<typeof memoryLease>;

interface Player {
  readonly name: string;
  readonly states: ElectionState[];
  readonly troubles: ElectionTrouble[];
  /** Leads and follows in order, e.g. ['lead 1', 'follow']. */
  readonly calls: string[];
  /** Whether the role is being played now. */
  playing: boolean;
  /** While set, lease calls never answer (a process stuck on its database). */
  stalled: boolean;
  /** Rejects this many take-ups before one succeeds. */
  failLeads: number;
  /** Called as the role is laid down. */
  onFollow?: () => void;
  election?: Election;
}

const started: Player[] = [];

function player(name: string, lease: Lease, o: { failLeads?: number } = {}): { p: Player; deps: ElectionDeps } {
  const p: Player = { name, states: [], troubles: [], calls: [], playing: false, stalled: false, failLeads: o.failLeads ?? 0 };
  const never = new Promise<never>(() => undefined);
  const deps: ElectionDeps = {
    acquire: async () => (p.stalled ? never : lease.acquire(name, Date.now())),
    release: async () => (p.stalled ? never : lease.release(name)),
    lead: async (token) => {
      p.calls.push(`lead ${token}`);
      if (p.failLeads > 0) {
        p.failLeads -= 1;
        throw new Error('login refused');
      }
      p.playing = true;
    },
    follow: async () => {
      p.calls.push('follow');
      p.playing = false;
      p.onFollow?.();
    },
    realNow: () => Date.now(),
    ttlMs: TTL,
    everyMs: EVERY,
    retryMs: EVERY,
    onState: (s) => p.states.push(s),
    onTrouble: (t) => p.troubles.push(t),
  };
  return { p, deps };
}

async function start(name: string, lease: Lease, o: { failLeads?: number } = {}): Promise<Player> {
  const { p, deps } = player(name, lease, o);
  p.election = await startElection(deps);
  started.push(p);
  return p;
}

async function until(what: string, condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1_000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting until ${what}`);
}

afterEach(async () => {
  for (const p of started.splice(0)) {
    p.stalled = false;
    await p.election?.stop();
  }
});

describe('the election of one process for a role', () => {
  it('gives the role to the first process; the second stands by naming the holder, and never plays it meanwhile', async () => {
    const lease = memoryLease();
    const a = await start('a', lease);
    expect(a.election!.state()).toEqual({ kind: 'leading', token: 1 });
    expect(a.playing).toBe(true);
    const b = await start('b', lease);
    expect(b.election!.state()).toEqual({ kind: 'following', holder: 'a' });
    // Several rounds later: a renewed its lease and still plays; b never took the role up.
    const renewedUntil = lease.row!.expiresAt;
    await until('a renewed', () => lease.row!.expiresAt > renewedUntil);
    expect(a.election!.state()).toEqual({ kind: 'leading', token: 1 });
    expect(b.calls).toEqual([]);
  });

  it('hands the role over on a clean stop: the session closed first, the lease released, the standby takes it with the next token', async () => {
    const lease = memoryLease();
    const a = await start('a', lease);
    const b = await start('b', lease);
    await a.election!.stop();
    expect(a.calls).toEqual(['lead 1', 'follow']);
    expect(a.election!.state()).toEqual({ kind: 'stopped' });
    await until('b leads', () => b.election!.state().kind === 'leading');
    expect(b.states).toContainEqual({ kind: 'taking-up', token: 2, takenFrom: 'a' });
    expect(b.playing).toBe(true);
  });

  it('lays the role down by itself before its lease can run out when it cannot renew, and another takes over after the expiry', async () => {
    const lease = memoryLease();
    const a = await start('a', lease);
    const b = await start('b', lease);
    let othersPlaying: boolean | undefined;
    a.onFollow = () => {
      othersPlaying ??= b.playing || lease.row!.holder !== 'a';
    };
    a.stalled = true;
    await until('a stepped down', () => !a.playing);
    expect(a.election!.state()).toEqual({ kind: 'following', holder: null });
    // Laid down a margin before the lease's expiry: nobody else had it yet.
    expect(othersPlaying).toBe(false);
    await until('b leads', () => b.election!.state().kind === 'leading');
    expect(lease.row).toMatchObject({ holder: 'b', token: 2 });
  });

  it('is deposed when a renewal is refused (another took the lease over) and follows the new holder', async () => {
    const lease = memoryLease();
    const a = await start('a', lease);
    // As if a had stalled past its expiry and c had taken over meanwhile.
    lease.release('a');
    lease.acquire('c', Date.now());
    await until('a follows c', () => a.election!.state().kind === 'following');
    expect(a.election!.state()).toEqual({ kind: 'following', holder: 'c' });
    expect(a.playing).toBe(false);
  });

  it('tries a failed take-up again with backoff, keeping the lease, and reports the first failure of the streak', async () => {
    const lease = memoryLease();
    const a = await start('a', lease);
    const b = await start('b', lease, { failLeads: 3 });
    await a.election!.stop();
    await until('b leads', () => b.election!.state().kind === 'leading');
    expect(b.calls.filter((c) => c.startsWith('lead'))).toEqual(['lead 2', 'lead 2', 'lead 2', 'lead 2']);
    expect(b.troubles.map((t) => t.kind === 'take-up-failed' && t.first)).toEqual([true, false, false]);
    expect(b.troubles.map((t) => (t.kind === 'take-up-failed' ? t.retryInMs : 0))).toEqual([EVERY, 2 * EVERY, 4 * EVERY]);
    // The lease stayed b's throughout: the token never moved.
    expect(lease.row).toMatchObject({ holder: 'b', token: 2 });
  });

  it('fails its start when it wins but cannot take the role up, and gives the lease back', async () => {
    const lease = memoryLease();
    const { deps } = player('a', lease, { failLeads: 1 });
    await expect(startElection(deps)).rejects.toThrow('login refused');
    expect(lease.row).toMatchObject({ holder: 'a', expiresAt: 0 });
    const b = await start('b', lease);
    expect(b.election!.state()).toEqual({ kind: 'leading', token: 2 });
  });

  it('stops even while its database does not answer (the lease then runs out by itself)', async () => {
    const lease = memoryLease();
    const a = await start('a', lease);
    a.stalled = true;
    await a.election!.stop();
    expect(a.playing).toBe(false);
    expect(a.election!.state()).toEqual({ kind: 'stopped' });
  });
});
