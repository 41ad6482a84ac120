// Issue 11: "Crypto runs trade 24/7 on the provider's crypto bars." The desk as `npm start` wires it (createDeskDeps,
// createDeskScheduler: the provider grace delay, the desk's iterate) on a temp SQLite file, with Alpaca played by the
// fake on 127.0.0.1. A BTC/USD paper run started on a Saturday is decided at every hourly close over the weekend,
// exactly once each; it trades (fractions of a coin, at the desk's default cash and sizing), its notifications are
// queued in the outbox, and an hour whose bar is late past the grace delay is a data failure the circuit breaker
// counts, after which the next hour trades again.
//
// The desk clock is the system clock (as at --speed 1), faked: the bar cache asks the wall clock which bars have
// closed, so the two must agree as they do in a real desk. Only Date is faked; timers and sockets stay real.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CommandContext } from '../../src/app/chat/command.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { dispatch } from '../../src/app/chat/dispatch.js';
import type { Reply } from '../../src/app/chat/reply.js';
import type { RunSnapshot } from '../../src/app/runs/model.js';
import type { Env } from '../../src/config/env.js';
import { createDeskScheduler } from '../../src/main/desk-scheduler.js';
import { LOCAL_WORKSPACE } from '../../src/main/local-workspace.js';
import { systemClock } from '../../src/scheduler/clock.js';
import type { Scheduler } from '../../src/scheduler/scheduler.js';
import type { Store } from '../../src/store/db/client.js';
import { cryptoBars, type FakeBar } from '../fakes/alpaca/fake-alpaca-bars.js';
import { startFakeAlpaca, type FakeAlpaca } from '../fakes/alpaca/fake-alpaca.js';
import { openSqliteDesk } from '../helpers/sqlite-desk.js';
import { createTempDir } from '../store/helpers/repo.js';

const HOUR = 3_600_000;
const KEY = { keyId: 'PKCRYPTO01', secretKey: 'crypto-secret-for-tests' } as const;
const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString();

const START = at('2024-03-02T10:05:00Z'); // a Saturday
const FIRST_CLOSE = at('2024-03-02T11:00:00Z');
const LAST_CLOSE = at('2024-03-04T02:00:00Z'); // the Monday
/**
 * The Sunday hour whose bar Alpaca publishes late: after the grace delay of its close, before the next close. The
 * run's mean reversion sells what it holds at the hour after it.
 */
const LATE_BAR = at('2024-03-03T07:00:00Z');

/**
 * Every hourly BTC/USD bar from two weeks before the start (the strategy's warm-up) to past the last close, around
 * 62,000 dollars as in March 2024: more than half the default 100,000 of cash, so one whole coin is more than the 50%
 * max-position gate allows and the run buys fractions of a coin.
 */
const ALL_BARS = cryptoBars('2024-02-16T00:00:00Z', '2024-03-04T06:00:00Z', 60, 62_000);

const tmp = createTempDir('crypto-paper-run');
let fake: FakeAlpaca;
let store: Store;
let deps: DeskDeps;
let env: Env;
let scheduler: Scheduler;
const logs: string[] = [];

/** What Alpaca has published at `now`: the bars whose hour has closed, the late one only from the next close on. */
function publish(now: number): void {
  const published = (b: FakeBar): boolean => {
    const open = at(b.t);
    return open + HOUR <= now && (open !== LATE_BAR || now >= LATE_BAR + 2 * HOUR);
  };
  fake.setBars('BTC/USD', '1Hour', ALL_BARS.filter(published));
}

/** Moves the desk clock (and so the wall clock the desk's bar cache reads) and what the fake has published. */
function setNow(now: number): void {
  vi.setSystemTime(now);
  publish(now);
}

const ctx = (): CommandContext<DeskDeps> => ({ workspace: LOCAL_WORKSPACE, actor: { id: 'local', name: 'local', role: 'admin' }, channelId: 'console', now: () => Date.now(), deps });
const command = (line: string): Promise<Reply> => dispatch(deps.commands, line, ctx());
const field = (reply: Reply, name: string): string | undefined => reply.fields?.find((f) => f.name === name)?.value;

async function snapshot(runId: string): Promise<RunSnapshot> {
  const snap = await deps.runStore.loadSnapshot(runId);
  if (!snap.ok) throw new Error(snap.error.message);
  return snap.value;
}

async function decisionTimes(runId: string): Promise<string[]> {
  const rows = await store.prisma.decisionRecord.findMany({ where: { runId }, orderBy: { barTime: 'asc' }, select: { barTime: true } });
  return rows.map((r) => r.barTime.toISOString());
}

const runIds: Record<string, string> = {};
const startCards: Record<string, Reply> = {};
/** Per close: the decisions recorded just before the grace delay ran out, and just after. */
const beforeGrace: number[] = [];
const afterGrace: number[] = [];
const decisionCount = () => store.prisma.decisionRecord.count();
let afterFailure: RunSnapshot | null = null;
/** Run #1 holding its first fill: its snapshot and its /run show card. */
let holding: { snap: RunSnapshot; card: Reply } | null = null;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  fake = await startFakeAlpaca({ ...KEY, pageSize: 1_000 });
  ({ store, deps, env } = await openSqliteDesk(tmp.url('desk.db'), {
    APCA_API_KEY_ID: KEY.keyId, APCA_API_SECRET_KEY: KEY.secretKey, APCA_API_DATA_URL: fake.url, APCA_API_BASE_URL: fake.url,
  }));
  setNow(START);
  // What people type: Alpaca's own spelling, and the dash the desk also accepts for a crypto pair (kept as typed).
  for (const symbols of ['BTC/USD', 'BTC-USD']) {
    const started = await command(`/run start strategy:mean-reversion symbols:${symbols} timeframe:1h data:alpaca params:period=5`);
    expect(started.kind, started.text).toBe('ok');
    startCards[symbols] = started;
    const number = Number(/^Run #(\d+) started$/.exec(started.title ?? '')?.[1]);
    const run = await deps.runStore.getRun(LOCAL_WORKSPACE, number);
    if (!run.ok) throw new Error(run.error.message);
    runIds[symbols] = run.value.id;
  }

  // The scheduler as src/main/desk.ts runDesk builds it; never started (no cron): the test ticks it with tickNow.
  scheduler = createDeskScheduler({
    env, runStore: deps.runStore, marketData: deps.marketData, brokerFor: deps.brokerFor, clock: systemClock(), realNow: () => Date.now(),
    holder: 'desk:test:crypto', tick: 'cron', log: (line) => logs.push(line), debug: false,
  });
  const grace = env.MARKET_DATA_GRACE_SECONDS * 1_000;
  for (let close = FIRST_CLOSE; close <= LAST_CLOSE; close += HOUR) {
    setNow(close + grace - 1_000);
    await scheduler.tickNow();
    beforeGrace.push(await decisionCount());
    setNow(close + grace + 1_000);
    await scheduler.tickNow();
    afterGrace.push(await decisionCount());
    setNow(close + 30 * 60_000); // a later tick in the same hour decides nothing more
    await scheduler.tickNow();
    expect(await decisionCount()).toBe(afterGrace.at(-1));
    if (close === LATE_BAR + HOUR) afterFailure = await snapshot(runIds['BTC/USD']!);
    if (close === FIRST_CLOSE + HOUR) holding = { snap: await snapshot(runIds['BTC/USD']!), card: await command('/run show run:1') };
  }
}, 120_000);

afterAll(async () => {
  await scheduler?.stop();
  await store?.close();
  await fake?.close();
  vi.useRealTimers();
  tmp.remove();
});

describe('a crypto paper run on Alpaca over a weekend', () => {
  it('accepts BTC/USD and BTC-USD (not BTCUSD), each served by alpaca, and says so on its card and in its manifest', async () => {
    for (const [symbols, id] of Object.entries(runIds)) {
      expect(field(startCards[symbols]!, 'Symbols')).toBe(symbols);
      expect(field(startCards[symbols]!, 'Data')).toBe(`${symbols}: alpaca`);
      expect(field(startCards[symbols]!, 'Next iteration')).toBe('2024-03-02T11:00:00.000Z');
      const snap = await snapshot(id);
      expect(snap.run.manifest).toMatchObject({ symbols: [symbols], dataSource: 'alpaca', sources: { [symbols]: 'alpaca' }, timeframe: '1h' });
    }
    // Alpaca knows BTCUSD as the same pair, but the desk would read a bare ...USD as a stock: it asks for the pair.
    const joined = await command('/run start strategy:mean-reversion symbols:BTCUSD timeframe:1h data:alpaca');
    expect(joined.kind).toBe('error');
    expect(joined.text).toBe('/run start: BTCUSD (alpaca: a crypto pair on Alpaca: write it BTC/USD (or with a dash: BTC-USD)): not started (accepted: none)');
    const shown = await command('/run show run:1');
    expect(shown.text).toContain('mean-reversion 1.0.0 on BTC/USD [1h], paper, running');
    // Both spellings are asked of Alpaca as BTC/USD, on its public crypto bars.
    const asked = fake.requests.filter((r) => r.path === '/v1beta3/crypto/us/bars');
    expect(asked.length).toBeGreaterThan(0);
    expect(new Set(asked.map((r) => r.query.symbols))).toEqual(new Set(['BTC/USD']));
  });

  it('decides every hourly close, Saturday and Sunday included, exactly once, and only after the grace delay', async () => {
    const closes = (LAST_CLOSE - FIRST_CLOSE) / HOUR + 1;
    const expected = Array.from({ length: closes }, (_, i) => iso(FIRST_CLOSE - HOUR + i * HOUR)); // bar opens
    expect(expected[0]).toBe('2024-03-02T10:00:00.000Z');
    for (const id of Object.values(runIds)) {
      expect(await decisionTimes(id)).toEqual(expected);
      expect((await snapshot(id)).state.lastBarTime).toBe(LAST_CLOSE - HOUR);
    }
    // Two runs: nothing is decided before a close's grace has passed, both are decided right after it.
    expect(beforeGrace.map((n, i) => n - (i === 0 ? 0 : afterGrace[i - 1]!))).toEqual(beforeGrace.map(() => 0));
    expect(afterGrace.map((n, i) => n - beforeGrace[i]!)).toEqual(afterGrace.map(() => 2));
  });

  it('trades fractions of a coin: orders fill and their notifications are queued in the outbox, the weekend days summarised', async () => {
    for (const id of Object.values(runIds)) {
      const fills = await store.prisma.fill.findMany({ where: { runId: id }, select: { qty: true, price: true } });
      expect(fills.length).toBeGreaterThan(0);
      for (const f of fills) {
        expect(f.qty).toBeGreaterThan(0);
        expect(f.qty).toBeLessThan(1);
        expect(Number(f.qty.toFixed(8))).toBe(f.qty);
      }
      const queued = await store.prisma.notification.findMany({ where: { runId: id }, select: { eventType: true, status: true, dedupeKey: true } });
      // Every fill announced once (an entry's or an exit's), nothing delivered yet: the desk's delivery loop does that.
      expect(queued.filter((n) => n.eventType === 'order_filled' || n.eventType === 'exit_triggered')).toHaveLength(fills.length);
      expect(queued.map((n) => n.eventType)).toContain('run_started');
      expect(queued.filter((n) => n.eventType === 'run_summary').map((n) => n.dedupeKey)).toEqual([
        `${id}:summary:day:${Date.UTC(2024, 2, 2) / 86_400_000}`, `${id}:summary:day:${Date.UTC(2024, 2, 3) / 86_400_000}`,
      ]);
      expect(new Set(queued.map((n) => n.status))).toEqual(new Set(['pending']));
    }
    // Its card shows the position as held, to the satoshi.
    const held = holding?.snap.positions[0]?.qty ?? 0;
    expect(held).toBeGreaterThan(0);
    expect(holding?.card.table?.rows.map((r) => [r[0], r[1], Number(r[2])])).toEqual([['BTC/USD', 'long', held]]);
  });

  it('counts a bar still missing after the grace delay as a data failure, and trades again at the next hour', async () => {
    const id = runIds['BTC/USD']!;
    const failed = await store.prisma.decisionRecord.findUnique({ where: { runId_barTime: { runId: id, barTime: new Date(LATE_BAR) } } });
    expect(failed?.notes).toEqual([{ kind: 'analysis', content: `data failure: no new bar since ${iso(LATE_BAR - HOUR)}` }]);
    expect(afterFailure?.state.breaker).toMatchObject({ status: 'closed', consecutiveFailures: 1 });
    expect(afterFailure?.run.status).toBe('running');
    // The next hour sees the late bar too (not traded: its close has passed) and trades on its own bar.
    const next = await store.prisma.decisionRecord.findUnique({ where: { runId_barTime: { runId: id, barTime: new Date(LATE_BAR + HOUR) } } });
    expect(next?.inputs).toMatchObject({ bars: { 'BTC/USD': { time: LATE_BAR + HOUR, current: true } } });
    expect(next?.notes).toEqual([
      { kind: 'analysis', content: 'missed 1 bar(s) since the last iteration; they were not traded' },
      { kind: 'decision', content: expect.stringMatching(/^exit long BTC\/USD: RSI5 [\d.]+ above overbought 70\.00/) },
    ]);
    expect(next?.orders).toMatchObject([{ symbol: 'BTC/USD', side: 'sell', intent: 'exit' }]);
    const sold = await store.prisma.fill.findMany({ where: { runId: id, filledAt: new Date(LATE_BAR + 2 * HOUR) } });
    expect(sold).toMatchObject([{ side: 'sell' }]);
    const end = await snapshot(id);
    expect(end.run.status).toBe('running');
    expect(end.state.breaker).toMatchObject({ status: 'closed', consecutiveFailures: 0 });
    // Nothing else went wrong all weekend: no retried close, no missed one, no lease trouble. (The scheduler takes due
    // runs in a shuffled order.)
    expect([...logs].sort()).toEqual([
      `Run #1: no new bar since ${iso(LATE_BAR - HOUR)}`,
      `Run #2: no new bar since ${iso(LATE_BAR - HOUR)}`,
    ]);
  });
});
