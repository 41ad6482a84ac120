// Issue 11, "Done when": with APCA_* set, `/run start ... data:alpaca` trades a paper run on real bars at each close.
// The desk is wired as `npm start` wires it (createDeskDeps, the market calendar, createDeskScheduler) on a migrated
// SQLite file, against the fake Alpaca on 127.0.0.1 through the real SDK. The fake publishes each daily bar only
// after its session closed, and its calendar closes the exchange on a day the built-in rules have open (a closure
// at a day's notice): the run follows Alpaca's calendar, waits the grace delay after each close, decides every
// close exactly once, trades, queues its notifications, and reads only the bars it does not have yet.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../src/app/chat/dispatch.js';
import type { CommandContext } from '../../src/app/chat/command.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { sessionOn } from '../../src/core/calendar/us-equities.js';
import { createDeskDeps } from '../../src/main/desk-deps.js';
import { createDeskScheduler } from '../../src/main/desk-scheduler.js';
import type { Scheduler } from '../../src/scheduler/scheduler.js';
import { dailyStockBars } from '../fakes/alpaca/fake-alpaca-bars.js';
import { startFakeAlpaca, type FakeAlpaca, type FakeCalendarDay } from '../fakes/alpaca/fake-alpaca.js';
import { makeTempDir } from '../helpers/cli.js';
import { openAlpacaDesk } from '../helpers/alpaca-desk.js';
import type { MarketCalendarKeeper } from '../../src/main/market-calendar.js';
import type { Store } from '../../src/store/db/client.js';

const KEY = { keyId: 'PKE2E0001', secretKey: 'secret-e2e' } as const;
const DAY_MS = 86_400_000;
const t = (iso: string): number => Date.parse(iso);
const date = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** Tuesday 2025-01-14: closed in Alpaca's calendar, a session by the built-in rules. */
const CLOSED = '2025-01-14';
const START = t('2024-12-02T15:00:00Z');
const END = t('2025-01-18T00:00:00Z');
const GRACE_S = 15;

/** Alpaca's calendar: the NYSE sessions of the built-in rules, without CLOSED. */
function alpacaCalendar(from: string, to: string): FakeCalendarDay[] {
  const days: FakeCalendarDay[] = [];
  for (let d = t(`${from}T00:00:00Z`); d <= t(`${to}T00:00:00Z`); d += DAY_MS) {
    const s = sessionOn(d);
    if (s === null || date(d) === CLOSED) continue;
    days.push({ date: date(d), open: '09:30', close: s.close - s.open < 6 * 3_600_000 ? '13:00' : '16:00' });
  }
  return days;
}

const ALL_BARS = dailyStockBars('2024-01-02', '2025-01-31', 180).filter((b) => date(t(b.t) + 6 * 3_600_000) !== CLOSED);
/** The session close of the bar's New York date. */
const closeOf = (barT: string): number => sessionOn(date(t(barT) + 6 * 3_600_000))!.close;

let dir: string;
let fake: FakeAlpaca;
let store: Store;
let keeper: MarketCalendarKeeper;
let scheduler: Scheduler;
let deps: DeskDeps;
// The desk at real time (speed 1: its clock is the wall clock), with the wall clock set to the test's time. Only Date
// is faked: timers, sockets and the SDK's timeouts run for real.
const clock = { now: (): number => Date.now(), set: (ms: number): void => void vi.setSystemTime(ms) };
const logs: string[] = [];

/** The fake has published every bar whose session closed by `now`. */
const publish = (now: number): void => fake.setBars('AAPL', '1Day', ALL_BARS.filter((b) => closeOf(b.t) <= now));

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  clock.set(START);
  dir = makeTempDir('alpaca-paper-run');
  fake = await startFakeAlpaca({ ...KEY, pageSize: 100 });
  fake.calendar = alpacaCalendar('2024-10-01', '2025-06-30');
  fake.clock = { timestamp: '2024-12-02T10:00:00-05:00', is_open: true, next_open: '2024-12-03T09:30:00-05:00', next_close: '2024-12-02T16:00:00-05:00' };
  publish(START);
  const log = (line: string): void => void logs.push(line);
  const desk = await openAlpacaDesk({ dir, fake, keys: KEY, graceSeconds: GRACE_S, now: clock.now, log });
  ({ store, keeper } = desk);
  const { env, runStore, calendars } = desk;
  deps = createDeskDeps(env, store, { runStore, calendars });
  scheduler = createDeskScheduler({
    env: env, runStore, marketData: deps.marketData, brokerFor: deps.brokerFor, calendars, clock, realNow: () => Date.now(), holder: 'desk:test:1:a', tick: 'cron', log, debug: true,
  });
});

afterAll(async () => {
  await scheduler?.stop();
  keeper?.stop();
  await store?.prisma.$disconnect();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
  vi.useRealTimers();
});

const ctx = (now: number): CommandContext<DeskDeps> => ({
  workspace: { platform: 'console', externalId: 'local', name: 'Local' }, actor: { id: 'u', name: 'ann', role: 'admin' }, channelId: 'console', now: () => now, deps,
});

describe('a paper run on Alpaca bars, scheduled by the desk', () => {
  it('follows Alpaca\'s calendar, waits the grace delay, decides every close once, trades and reads only new bars', async () => {
    expect(logs).toContain("market calendar: following Alpaca's published calendar 2024-11-04..2025-04-01 (the built-in NYSE rules outside it)");
    expect(logs).toContain(`market calendar: Alpaca's calendar differs from the built-in NYSE rules on ${CLOSED} closed (Alpaca's is followed)`);

    const started = await dispatch(deps.commands, '/run start strategy:breakout symbols:AAPL timeframe:1d params:entryPeriod=3,exitPeriod=2 data:alpaca', ctx(START));
    expect(started.title).toBe('Run #1 started');
    const runId = (await store.prisma.run.findFirstOrThrow()).id;
    const manifest = (await deps.runStore!.loadSnapshot(runId));
    if (!manifest.ok) throw new Error(manifest.error.message);
    expect(manifest.value.run.manifest.sources).toEqual({ AAPL: 'alpaca' });

    const earlyTicks: number[] = [];
    const perClose: { date: string; requests: number[] }[] = [];
    for (let day = START - (START % DAY_MS); day < END; day += DAY_MS) {
      const close = sessionOn(day)?.close;
      if (close === undefined) continue;
      // Inside the grace delay: the bar may not be final yet, so nothing is decided.
      clock.set(close + 5_000);
      publish(close + 5_000);
      const before = await store.prisma.decisionRecord.count();
      await scheduler.tickNow();
      if ((await store.prisma.decisionRecord.count()) !== before) earlyTicks.push(close);
      // After it: the close is decided; a second tick decides nothing more.
      clock.set(close + (GRACE_S + 5) * 1_000);
      const requestsBefore = fake.requests.length;
      await scheduler.tickNow();
      await scheduler.tickNow();
      perClose.push({ date: date(close), requests: fake.requests.slice(requestsBefore).filter((r) => r.path.endsWith('/bars')).map((r) => t(r.query.start!)) });
    }
    expect(earlyTicks).toEqual([]);

    const decided = (await store.prisma.decisionRecord.findMany({ where: { runId }, orderBy: { barTime: 'asc' } })).map((d) => date(d.barTime.getTime() + 6 * 3_600_000));
    // Every session of Alpaca's calendar after the start, once; none on the day Alpaca has closed.
    const expected = alpacaCalendar('2024-12-02', '2025-01-17').map((d) => d.date);
    expect(decided).toEqual(expected);
    expect(decided).not.toContain(CLOSED);
    expect(logs.some((l) => l.includes(`${CLOSED}T21:00`))).toBe(false);

    // It traded, on Alpaca's prices, and told the channel.
    const fills = await store.prisma.fill.findMany({ where: { runId }, orderBy: { filledAt: 'asc' } });
    expect(fills.length).toBeGreaterThan(1);
    // A daily run fills at the next session's open, at that bar's open plus slippage.
    const opens = new Map(ALL_BARS.map((b) => [date(t(b.t) + 6 * 3_600_000), b.o]));
    for (const f of fills) expect(Math.abs(f.price - opens.get(date(f.filledAt.getTime()))!) / f.price).toBeLessThan(0.01);
    const events = (await store.prisma.notification.findMany({ where: { runId } })).map((n) => n.eventType);
    expect(events.filter((e) => e === 'order_filled').length).toBe(fills.length);

    // After the first close, each close asks Alpaca once, for the days since the last bar it had (with a day's
    // overlap for corrections): the cache holds the rest, and restarts would not refetch it either.
    // The closed day asks nothing.
    expect(perClose.slice(1).map((c) => `${c.date}:${c.requests.length}`)).toEqual(
      perClose.slice(1).map((c) => `${c.date}:${c.date === CLOSED ? 0 : 1}`),
    );
    expect(perClose.slice(1).every((c) => c.requests.every((start) => t(`${c.date}T21:00:00Z`) - start <= 5 * DAY_MS))).toBe(true);
  });
});
