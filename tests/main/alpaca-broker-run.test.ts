// Issue 13, "Done when": with APCA_* pointing at an Alpaca paper account (the fake Alpaca on 127.0.0.1, through the
// real SDK), a paper run started with `broker:alpaca` trades at Alpaca under the desk's scheduler, wired as `npm start`
// wires it (createDeskBrokers, createDeskDeps, startDeskTrading, createDeskScheduler): its orders go to Alpaca after
// each close and fill at the next open, its fills reach its thread, the account agrees with the books after every
// iteration, `/run stop flatten:true` closes at Alpaca, and `/reconcile` agrees.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CommandContext } from '../../src/app/chat/command.js';
import { dispatch } from '../../src/app/chat/dispatch.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { renderNotification } from '../../src/app/notifications/render.js';
import { dollars } from '../../src/core/runs/reconcile.js';
import { sessionOn } from '../../src/core/calendar/us-equities.js';
import { createDeskBrokers, type DeskBrokers } from '../../src/main/desk-brokers.js';
import { createDeskDeps } from '../../src/main/desk-deps.js';
import { createDeskScheduler } from '../../src/main/desk-scheduler.js';
import { startDeskTrading, type DeskTrading } from '../../src/main/desk-trading.js';
import type { Scheduler } from '../../src/scheduler/scheduler.js';
import { dailyStockBars } from '../fakes/alpaca/fake-alpaca-bars.js';
import { startFakeAlpaca, type FakeAlpaca } from '../fakes/alpaca/fake-alpaca.js';
import { makeTempDir } from '../helpers/cli.js';
import { openAlpacaDesk } from '../helpers/alpaca-desk.js';
import type { MarketCalendarKeeper } from '../../src/main/market-calendar.js';
import type { Store } from '../../src/store/db/client.js';

const KEY = { keyId: 'PKE2E0013', secretKey: 'secret-e2e' } as const;
const DAY_MS = 86_400_000;
const t = (iso: string): number => Date.parse(iso);
const date = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const START = t('2024-12-02T15:00:00Z');
const END = t('2025-01-18T00:00:00Z');
const GRACE_S = 15;
const BARS = dailyStockBars('2024-01-02', '2025-01-31', 180);
const barOn = (day: string) => BARS.find((b) => date(t(b.t) + 6 * 3_600_000) === day);
const closeOf = (barT: string): number => sessionOn(date(t(barT) + 6 * 3_600_000))!.close;

let dir: string;
let fake: FakeAlpaca;
let store: Store;
let keeper: MarketCalendarKeeper;
let scheduler: Scheduler;
let brokers: DeskBrokers;
let trading: DeskTrading;
let deps: DeskDeps;
// Only Date is faked (the desk's clock); timers, sockets, the SDK and the trade-updates stream run for real.
const clock = { now: (): number => Date.now(), set: (ms: number): void => void vi.setSystemTime(ms) };
const logs: string[] = [];
const publish = (now: number): void => fake.setBars('AAPL', '1Day', BARS.filter((b) => closeOf(b.t) <= now));

async function until(done: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never happened: ${what}`);
}

const ctx = (now: number): CommandContext<DeskDeps> => ({
  workspace: { platform: 'console', externalId: 'local', name: 'Local' }, actor: { id: 'u', name: 'ann', role: 'admin' }, channelId: 'console', now: () => now, deps,
});

async function positions(): Promise<{ book: Record<string, number>; alpaca: Record<string, number> }> {
  const book = Object.fromEntries((await store.prisma.position.findMany()).map((p) => [p.symbol, p.qty]));
  const at = await brokers.real.alpaca!.broker.positions();
  if (!at.ok) throw new Error(at.error.message);
  return { book, alpaca: Object.fromEntries(at.value.map((p) => [p.symbol, p.qty])) };
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  clock.set(START);
  dir = makeTempDir('alpaca-broker-run');
  fake = await startFakeAlpaca({ ...KEY, pageSize: 100 });
  fake.trading.setCash(100_000);
  fake.clock = { timestamp: '2024-12-02T10:00:00-05:00', is_open: true, next_open: '2024-12-03T09:30:00-05:00', next_close: '2024-12-02T16:00:00-05:00' };
  publish(START);
  const log = (line: string): void => void logs.push(line);
  const desk = await openAlpacaDesk({ dir, fake, keys: KEY, graceSeconds: GRACE_S, now: clock.now, log });
  ({ store, keeper } = desk);
  const { env, runStore, calendars } = desk;
  brokers = createDeskBrokers(env, store.prisma, { log, now: clock.now, alpaca: { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } } });
  deps = createDeskDeps(env, store, { runStore, calendars, brokers: brokers.real, ledger: brokers.ledger });
  trading = await startDeskTrading({ deps, brokers, runStore, now: clock.now, log, settleMs: 20 });
  scheduler = createDeskScheduler({
    env: env, runStore, marketData: deps.marketData, brokerFor: deps.brokerFor, calendars, clock, realNow: () => Date.now(), holder: 'desk:test:13:a',
    tick: 'cron', log, debug: true, ...trading.scheduler,
  });
});

afterAll(async () => {
  await scheduler?.stop();
  await trading?.stop();
  brokers?.close();
  keeper?.stop();
  await store?.prisma.$disconnect();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
  vi.useRealTimers();
});

describe('a paper run at Alpaca, scheduled by the desk', () => {
  it('sends after each close, fills at the next open, posts the fills, agrees with Alpaca, and flattens at Alpaca', async () => {
    const started = await dispatch(deps.commands, '/run start strategy:breakout symbols:AAPL timeframe:1d params:entryPeriod=3,exitPeriod=2 data:alpaca broker:alpaca', ctx(START));
    expect(started.title).toBe('Run #1 started');
    expect(started.fields).toContainEqual({ name: 'Broker', value: 'Alpaca paper account', inline: true });
    const runId = (await store.prisma.run.findFirstOrThrow()).id;

    let sessions = 0;
    for (let day = START - (START % DAY_MS); day < END; day += DAY_MS) {
      const session = sessionOn(day);
      const bar = barOn(date(day));
      if (session === null || bar === undefined) continue;
      // Money moves outside the fills, as Alpaca lists it: a deposit, and a sell's regulatory fee.
      if (++sessions === 10) {
        fake.trading.activity('CSD', 5_000, { description: 'ACH deposit' });
        fake.trading.activity('FEE', -0.02, { subType: 'REG', symbol: 'AAPL', description: 'REG fee' });
      }
      // The session opens: what the desk sent after the last close fills at this bar's open, reported by the stream.
      clock.set(session.open);
      fake.trading.open({ AAPL: bar.o });
      await until(async () => (await store.prisma.order.count({ where: { runId, brokerStatus: 'accepted' } })) === 0, `the fills of ${date(day)}`);
      fake.trading.closeMarket();
      fake.trading.setLastPrice('AAPL', bar.c);
      // The close, after the grace delay: the run applies the fills, decides, sends; its account is reconciled.
      clock.set(session.close + (GRACE_S + 5) * 1_000);
      publish(session.close + (GRACE_S + 5) * 1_000);
      await scheduler.tickNow();
      await trading.stop();
      const { book, alpaca } = await positions();
      expect(book, date(day)).toEqual(alpaca);
    }

    const fills = await store.prisma.fill.findMany({ where: { runId } });
    expect(fills.length).toBeGreaterThan(1);
    const ids = fake.trading.orders.map((o) => o.client_order_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(await store.prisma.reconciliation.count()).toBe(0);
    const posted = await store.prisma.notification.findMany({ where: { runId, eventType: 'broker_order' } });
    expect(posted.length).toBeGreaterThanOrEqual(fills.length);
    expect(renderNotification('broker_order', posted[0]!.payload).text).toMatch(/^Run #1 \[Alpaca paper account\]: Alpaca paper filled (buy|sell) [\d,]+ AAPL @ /);

    const agrees = await dispatch(deps.commands, '/reconcile', ctx(END));
    expect(agrees.title).toBe('Reconciliation: the broker agrees');
    // The cash agrees too: the deposit and the fee are the account's, the fills' cash the run's.
    const cash = await brokers.real.alpaca!.broker.account();
    expect(agrees.text).toBe(`Alpaca paper account: agrees with the desk (1 run; cash ${dollars(cash.ok ? cash.value.cash : NaN)}).`);
    const deposit = await store.prisma.notification.findMany({ where: { eventType: 'account_cash' } });
    expect(deposit.map((n) => renderNotification('account_cash', n.payload).text?.split('\n')[0])).toEqual(['Deposit +$5,000.00 (CSD, ACH deposit)']);
    // Stopping with a flatten closes at Alpaca while its market is open.
    const held = (await positions()).book.AAPL ?? 0;
    fake.trading.open({ AAPL: 190 });
    const stopped = await dispatch(deps.commands, '/run stop run:1 flatten:true', ctx(END));
    expect(stopped.title).toBe('Run #1 stopped and flattened');
    expect(await positions()).toEqual({ book: {}, alpaca: {} });
    if (held !== 0) expect(fake.trading.orders.at(-1)).toMatchObject({ symbol: 'AAPL', side: held > 0 ? 'sell' : 'buy', status: 'filled' });
    expect((await dispatch(deps.commands, '/reconcile', ctx(END))).title).toBe('Reconciliation: the broker agrees');
  }, 120_000);
});
