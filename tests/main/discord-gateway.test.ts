// Several desk processes on one database with Discord (issue 14): the gateway owner is elected through the
// database. Two desks in this test process (distinct holder ids) against one fake Discord and one SQLite file: only
// the owner opens a gateway session, so a slash command is answered once; the standby still posts notifications over
// REST; when the owner dies (renewals stop, its socket drops) the standby takes over after the lease's (shortened)
// expiry and answers the next command, once; a clean stop hands over at the standby's next round. Waits are for
// conditions, with generous limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordDesk, type DiscordDesk } from '../../src/adapters/discord/desk.js';
import type { DeliveryTarget } from '../../src/app/chat/ports.js';
import { loadEnv } from '../../src/config/env.js';
import { startDiscordGateway, storeGatewayLease, type DiscordGateway, type GatewayLease } from '../../src/main/discord-gateway.js';
import { startPlatforms } from '../../src/main/platforms.js';
import { systemClock } from '../../src/scheduler/clock.js';
import { processLeaseHolder } from '../../src/store/db/lease-holder.js';
import { startFakeDiscord, type FakeDiscord, type RecordedCall } from '../fakes/discord/fake-discord.js';
import { APP_ID, GUILD_A, slashCommand } from '../adapters/discord/interactions.js';
import { FAKE_NOW, fakeDesk } from '../helpers/fake-desk.js';
import { useMigratedStore } from '../store/helpers/repo.js';

const db = useMigratedStore('discord-gateway');
const DESK_CHANNEL = GUILD_A.channels[0].id;
const VIEWER = '100000000000000001';
/** Shortened lease: a dead owner is replaced within TTL + a round. */
const TTL_MS = 3_000;
const EVERY_MS = 200;

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord({ applicationId: APP_ID, guilds: [GUILD_A] });
});
afterAll(async () => {
  await fake.close();
});

async function until(what: string, condition: () => boolean, limitMs = 20_000): Promise<void> {
  for (const started = Date.now(); Date.now() - started < limitMs;) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting until ${what}`);
}

const identifies = (): number => fake.gatewayFrames.filter((f) => (f as { op: number }).op === 2).length;
const callbacksOf = (i: { id: string }): RecordedCall[] => fake.calls.filter((c) => c.method === 'POST' && c.path.startsWith(`/interactions/${i.id}/`));

/** Sends /help through the gateway and resolves once it is answered; then how many callbacks it got. */
async function slashHelp(): Promise<number> {
  const first = slashCommand(VIEWER, 'help', null);
  fake.dispatch('INTERACTION_CREATE', first);
  await fake.waitForCall((c) => callbacksOf(first).includes(c));
  // A second command answered after it: by then a second answer to the first would have come in too.
  const second = slashCommand(VIEWER, 'help', null);
  fake.dispatch('INTERACTION_CREATE', second);
  await fake.waitForCall((c) => callbacksOf(second).includes(c));
  return callbacksOf(first).length;
}

interface DeskProcess {
  readonly holder: string;
  readonly desk: DiscordDesk;
  readonly gateway: DiscordGateway;
  readonly logs: string[];
  /** Holds every lease call from now on (unanswered until resumed), as in a process that died or hangs. */
  stall(): void;
  resume(): void;
}

async function startDeskProcess(name: string): Promise<DeskProcess> {
  const { deps } = fakeDesk();
  const holder = processLeaseHolder(name);
  const logs: string[] = [];
  const desk = createDiscordDesk({
    token: 'fake-token', applicationId: APP_ID, apiBaseUrl: fake.apiBaseUrl, restRetries: 0,
    deps, registry: deps.commands, resolveRole: async () => 'viewer', now: () => FAKE_NOW, log: (line) => logs.push(line),
  });
  const store = storeGatewayLease(db.store.prisma);
  let held: { readonly until: Promise<void>; readonly resume: () => void } | null = null;
  const lease: GatewayLease = {
    acquire: async (h, ttlMs, now) => {
      await held?.until;
      return store.acquire(h, ttlMs, now);
    },
    release: async (h) => {
      await held?.until;
      return store.release(h);
    },
  };
  const gateway = await startDiscordGateway({
    desk, prisma: db.store.prisma, holder, log: (line) => logs.push(line), ttlMs: TTL_MS, everyMs: EVERY_MS, lease,
  });
  return {
    holder, desk, gateway, logs,
    stall: () => {
      let resume: () => void = () => undefined;
      const until = new Promise<void>((resolve) => (resume = resolve));
      held = { until, resume };
    },
    resume: () => {
      held?.resume();
      held = null;
    },
  };
}

describe('two desk processes with Discord on one database', () => {
  let a: DeskProcess;
  let b: DeskProcess;
  let c: DeskProcess | undefined;

  beforeAll(async () => {
    a = await startDeskProcess('a');
    b = await startDeskProcess('b');
  });
  afterAll(async () => {
    for (const p of [a, b, c]) await p?.gateway.stop();
  });

  it('opens one gateway session: the first owns it, the second stands by without logging in, both count as connected', () => {
    expect(a.gateway.state()).toBe('owner-ready');
    expect(a.gateway.election()).toEqual({ kind: 'leading', token: 1 });
    expect(b.gateway.state()).toBe('standby');
    expect(b.gateway.election()).toEqual({ kind: 'following', holder: a.holder });
    expect([a.gateway.connected(), b.gateway.connected()]).toEqual([true, true]);
    expect(identifies()).toBe(1);
    expect(fake.openSessions()).toBe(1);
    // The standby checked its token over REST instead.
    expect(fake.calls.filter((call) => call.path === '/gateway/bot')).toHaveLength(2);
  });

  it('answers a slash command once', async () => {
    expect(await slashHelp()).toBe(1);
  });

  it('posts a notification from the standby over REST, still without a gateway session', async () => {
    const target: DeliveryTarget = {
      workspace: { platform: 'discord', externalId: GUILD_A.id, name: GUILD_A.name }, deskChannelId: DESK_CHANNEL, run: null, eventType: 'kill_switch', silent: false,
    };
    const posted = await b.desk.postNotification(target, { kind: 'ok', title: 'Desk halted by the standby' });
    expect(posted.ok).toBe(true);
    const message = await fake.waitForCall((call) => call.method === 'POST' && call.path === `/channels/${DESK_CHANNEL}/messages`
      && JSON.stringify(call.body).includes('Desk halted by the standby'));
    expect(message).toBeDefined();
    expect(identifies()).toBe(1);
    expect(b.gateway.state()).toBe('standby');
  });

  it('hands the gateway to the standby when the owner dies (no renewals, socket dropped), and answers the next command once', async () => {
    a.stall();
    await a.desk.client.destroy();
    await until('the standby owns the gateway', () => b.gateway.state() === 'owner-ready');
    expect(b.gateway.election()).toEqual({ kind: 'leading', token: 2 });
    expect(b.logs).toContain(`this process now owns the gateway (lease token 2, taken over from ${a.holder})`);
    expect(identifies()).toBe(2);
    expect(fake.openSessions()).toBe(1);
    expect(await slashHelp()).toBe(1);
    // The dead owner, had it only stalled, laid the role down by itself when its lease could not be renewed.
    await until('the stalled owner stood down', () => a.gateway.state() === 'standby');
    expect(a.logs).toContain('standby: the gateway lease could not be renewed in time, so this process closed its gateway session');
  });

  it('hands over at once on a clean stop: the session closed, the lease released, the standby logs in at its next round', async () => {
    c = await startDeskProcess('c');
    expect(c.gateway.state()).toBe('standby');
    // c waits while the row is looked at.
    c.stall();
    await b.gateway.stop();
    expect(b.gateway.state()).toBe('stopped');
    // Released, not left to expire: the row is expired at once, its holder and token kept for the fencing.
    expect(await db.store.prisma.serviceLease.findUnique({ where: { name: 'discord-gateway' } })).toEqual({
      name: 'discord-gateway', holder: b.holder, token: 2, expiresAt: new Date(0),
    });
    c.resume();
    await until('c owns the gateway', () => c!.gateway.state() === 'owner-ready');
    expect(c.gateway.election()).toEqual({ kind: 'leading', token: 3 });
    expect(fake.openSessions()).toBe(1);
    expect(await slashHelp()).toBe(1);
  });
});

describe('startPlatforms with several desk processes', () => {
  it('says in the banner and the states which process owns the gateway, and the standby takes over when the owner stops', async () => {
    const env = loadEnv({ DATABASE_URL: db.url, DISCORD_TOKEN: 'fake-token', DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_BASE_URL: fake.apiBaseUrl });
    if (!env.ok) throw new Error(env.error.message);
    const logs: string[] = [];
    const start = (name: string) => {
      const { deps } = fakeDesk();
      return startPlatforms({
        env: env.value, deps, clock: systemClock(), ask: deps.ask, log: (line) => logs.push(line),
        prisma: db.store.prisma, holder: processLeaseHolder(`platforms-${name}`), gatewayLease: { ttlMs: TTL_MS, everyMs: EVERY_MS },
      });
    };
    // The earlier describe's last owner has stopped: its lease is released.
    const first = await start('first');
    const second = await start('second');
    try {
      expect(first.lines).toEqual([expect.stringMatching(/^discord +connected as tradedesk\S* \(owns the gateway, lease token \d+\)$/)]);
      expect(second.lines).toEqual([`discord      standby: process ${processLeaseHolder('platforms-first')} owns the gateway; this one posts notifications over REST and takes over if it goes`]);
      expect(first.states()).toEqual([{ name: 'discord', connected: true, detail: expect.stringMatching(/^connected as tradedesk/) }]);
      expect(second.states()).toEqual([{ name: 'discord', connected: true, detail: 'standby: another desk process owns the gateway; this one posts over REST' }]);
      await first.stop();
      await until('the second owns the gateway', () => /^connected as/.test(second.states()[0]?.detail ?? ''));
      expect(logs).toContainEqual(expect.stringMatching(/^discord: this process now owns the gateway \(lease token \d+, taken over from .*platforms-first\)$/));
    } finally {
      await first.stop();
      await second.stop();
    }
  });
});
