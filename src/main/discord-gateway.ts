// Discord in one desk process among several on one database. Discord gives a bot one gateway session per shard, so
// the processes elect its owner through a service lease (`discord-gateway`, real time): the owner logs in, and slash
// commands, buttons, mentions and DMs reach it alone, so each is answered once. The others stand by without a session
// and still post their notifications over REST (the outbox claims decide who posts what). The owner's lease is
// renewed every round; when it dies another takes over once the lease expires, when it stops it closes its session
// and releases the lease for a successor's next round. Each hand-over is one log line.
import type { DiscordDesk } from '../adapters/discord/desk.js';
import { assertNever } from '../core/domain/result.js';
import {
  DEFAULT_ELECTION_EVERY_MS, DEFAULT_ELECTION_TTL_MS, startElection, type ElectionGrant, type ElectionState, type ElectionTrouble,
} from '../scheduler/elector.js';
import type { PrismaClient } from '../store/db/client.js';
import { errorLine } from '../store/db/errors.js';
import { acquireServiceLease, releaseServiceLease } from '../store/db/service-lease.js';

export const GATEWAY_LEASE = 'discord-gateway';

/**
 * What this process does for Discord: it owns the gateway and its session is ready, it owns it and is logging in
 * (or trying again), or it stands by (REST only) while another process owns it.
 */
export type DiscordGatewayState = 'owner-ready' | 'connecting' | 'standby' | 'stopped';

/** The lease calls, the store's by default (tests wrap them to stall a process as if it hung). */
export interface GatewayLease {
  acquire(holder: string, ttlMs: number, realNow: number): Promise<ElectionGrant>;
  release(holder: string): Promise<void>;
}

export interface DiscordGatewayOptions {
  readonly desk: DiscordDesk;
  readonly prisma: PrismaClient;
  /** This process's lease holder id (processLeaseHolder). */
  readonly holder: string;
  /** One line each: hand-overs and troubles, to prefix with `discord: `. */
  readonly log: (line: string) => void;
  /** The lease's time to live and the rounds, real ms (default 20 s and 5 s, as the run leases); tests shorten them. */
  readonly ttlMs?: number;
  readonly everyMs?: number;
  /** First wait before logging in again after a failed login (doubled each time, at most a minute). */
  readonly retryMs?: number;
  readonly realNow?: () => number;
  readonly lease?: GatewayLease;
}

export interface DiscordGateway {
  state(): DiscordGatewayState;
  /**
   * Readiness: true while this process does its Discord job, the owner with its session ready, a standby with REST
   * (checked at start); false while the owner logs in.
   */
  connected(): boolean;
  /** The election as it stands: the lease token while owning, the owner's holder id while standing by. */
  election(): ElectionState;
  /** Closes the session (if any), then releases the lease so a standby takes over at its next round. */
  stop(): Promise<void>;
}

export function storeGatewayLease(prisma: PrismaClient): GatewayLease {
  return {
    acquire: async (holder, ttlMs, now) => {
      const grant = await acquireServiceLease(prisma, { name: GATEWAY_LEASE, holder, ttlMs, now });
      return grant.kind === 'held' ? { kind: 'held', token: grant.token, takenFrom: grant.takenFrom } : { kind: 'refused', holder: grant.holder };
    },
    release: async (holder) => {
      await releaseServiceLease(prisma, GATEWAY_LEASE, holder);
    },
  };
}

/**
 * Takes part in the election: resolves as the owner once the session is ready, or as a standby once REST answered.
 * Rejects when this process won the lease but could not log in, or stands by and cannot reach Discord's REST API (a
 * bad token, Discord unreachable): the start stops, as with a single process. Later failures to log in are tried
 * again with backoff (logged once); the desk keeps running meanwhile.
 */
export async function startDiscordGateway(o: DiscordGatewayOptions): Promise<DiscordGateway> {
  const lease = o.lease ?? storeGatewayLease(o.prisma);
  const realNow = o.realNow ?? ((): number => Date.now());
  const ttlMs = o.ttlMs ?? DEFAULT_ELECTION_TTL_MS;
  /** The owner last logged as standing by for, so an unchanged answer is not logged every round. */
  let loggedOwner: string | null = null;
  let failedLogins = 0;
  /** The start's own outcome is the banner's line (and a failed start's error), not a log line. */
  let started = false;
  const onState = (s: ElectionState): void => {
    if (!started) {
      if (s.kind === 'following') loggedOwner = s.holder;
      return;
    }
    switch (s.kind) {
      case 'taking-up':
        loggedOwner = null;
        failedLogins = 0;
        o.log(`this process now owns the gateway (lease token ${s.token}${s.takenFrom === null ? '' : `, taken over from ${s.takenFrom}`})`);
        return;
      case 'leading':
        if (failedLogins > 0) o.log(`logged in to the gateway after ${failedLogins} failed attempt(s)`);
        return;
      case 'following':
        if (s.holder === null) {
          loggedOwner = null;
          o.log('standby: the gateway lease could not be renewed in time, so this process closed its gateway session');
        } else if (s.holder !== loggedOwner) {
          loggedOwner = s.holder;
          o.log(`standby: process ${s.holder} owns the gateway`);
        }
        return;
      case 'stopped':
        return;
      default:
        assertNever(s);
    }
  };
  const onTrouble = (t: ElectionTrouble): void => {
    switch (t.kind) {
      case 'take-up-failed':
        failedLogins += 1;
        if (t.first) o.log(`this process owns the gateway but could not log in: ${errorLine(t.error)}; trying again with backoff (no more lines until it does)`);
        return;
      case 'lease-failed':
        if (t.first) o.log(`the gateway lease could not be renewed: ${errorLine(t.error)}; trying again every round`);
        return;
      case 'release-failed':
        o.log(`the gateway lease could not be released (a standby takes over when it expires): ${errorLine(t.error)}`);
        return;
      default:
        assertNever(t);
    }
  };
  const election = await startElection({
    acquire: () => lease.acquire(o.holder, ttlMs, realNow()),
    release: () => lease.release(o.holder),
    lead: () => o.desk.start(),
    follow: () => o.desk.stop().catch((err: unknown) => o.log(`closing the gateway session failed: ${errorLine(err)}`)),
    realNow,
    ttlMs,
    everyMs: o.everyMs ?? DEFAULT_ELECTION_EVERY_MS,
    ...(o.retryMs === undefined ? {} : { retryMs: o.retryMs }),
    onState,
    onTrouble,
  });
  if (election.state().kind === 'following') {
    try {
      await o.desk.checkRest();
    } catch (err) {
      await election.stop();
      throw err;
    }
  }
  started = true;
  const state = (): DiscordGatewayState => {
    const s = election.state();
    switch (s.kind) {
      case 'leading':
        return o.desk.gatewayReady() ? 'owner-ready' : 'connecting';
      case 'taking-up':
        return 'connecting';
      case 'following':
        return 'standby';
      case 'stopped':
        return 'stopped';
      default:
        return assertNever(s);
    }
  };
  return {
    state,
    connected: () => state() === 'owner-ready' || state() === 'standby',
    election: () => election.state(),
    stop: () => election.stop(),
  };
}
