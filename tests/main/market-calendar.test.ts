// The desk's market calendar: Alpaca's published calendar and clock when APCA_* is set (read through the SDK from
// the fake on 127.0.0.1), the built-in NYSE rules otherwise. A failed read is one line, not one per refresh; the
// built-in rules are followed until Alpaca answers, and a table read before is kept through later failures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCalendars, runCalendar } from '../../src/app/runs/calendar.js';
import { loadEnv, type Env } from '../../src/config/env.js';
import { nextBarClose } from '../../src/core/calendar/bar-schedule.js';
import { sessionOn } from '../../src/core/calendar/us-equities.js';
import { fail, ok } from '../../src/core/domain/result.js';
import { createMarketCalendar, type CalendarReaders } from '../../src/main/market-calendar.js';
import { startFakeAlpaca, type FakeAlpaca, type FakeCalendarDay } from '../fakes/alpaca/fake-alpaca.js';
import { sampleRun } from '../scheduler/fakes.js';

const KEY = { keyId: 'PKCAL0001', secretKey: 'secret-cal' } as const;
const t = (iso: string): number => Date.parse(iso);
const NOW = t('2025-01-13T15:00:00Z');
const AAPL = sampleRun({ id: 'r1', number: 1, symbols: ['AAPL'], dataSource: 'csv', timeframe: '1d' }).manifest;

function env(extra: Record<string, string> = {}): Env {
  const e = loadEnv({ DATABASE_URL: 'file:./unused.db', ...extra });
  if (!e.ok) throw new Error(e.error.message);
  return e.value;
}

/** The built-in sessions between two dates, except `closed`. */
function days(from: string, to: string, closed: readonly string[] = []): FakeCalendarDay[] {
  const out: FakeCalendarDay[] = [];
  for (let d = t(`${from}T00:00:00Z`); d <= t(`${to}T00:00:00Z`); d += 86_400_000) {
    const date = new Date(d).toISOString().slice(0, 10);
    const s = sessionOn(d);
    if (s !== null && !closed.includes(date)) out.push({ date, open: '09:30', close: s.close - s.open < 6 * 3_600_000 ? '13:00' : '16:00' });
  }
  return out;
}

describe('without Alpaca keys', () => {
  it('follows the built-in rules and reads nothing', async () => {
    const logs: string[] = [];
    const keeper = createMarketCalendar(env(), { now: () => NOW, log: (l) => logs.push(l) });
    await keeper.start();
    expect(keeper.published()).toBeNull();
    expect(runCalendars(keeper.published)(AAPL)).toEqual(runCalendar(AAPL));
    expect(logs).toEqual([]);
    keeper.stop();
  });
});

describe("Alpaca's calendar and clock through the SDK", () => {
  let fake: FakeAlpaca;
  beforeAll(async () => {
    fake = await startFakeAlpaca(KEY);
  });
  afterAll(() => fake.close());
  const alpacaEnv = () => env({ APCA_API_KEY_ID: KEY.keyId, APCA_API_SECRET_KEY: KEY.secretKey, APCA_API_BASE_URL: fake.url, APCA_API_DATA_URL: fake.url });

  it('reads the days around the desk clock, and the clock closes today when Alpaca says so', async () => {
    fake.calendar = days('2024-12-01', '2025-06-30');
    // 08:00 New York on Tuesday the 14th: Alpaca's clock says the next open is Wednesday's.
    fake.clock = { timestamp: '2025-01-14T08:00:00-05:00', is_open: false, next_open: '2025-01-15T09:30:00-05:00', next_close: '2025-01-15T16:00:00-05:00' };
    const logs: string[] = [];
    const keeper = createMarketCalendar(alpacaEnv(), { now: () => NOW, log: (l) => logs.push(l) });
    await keeper.start();
    keeper.stop();
    const calendarRequest = fake.requests.find((r) => r.path === '/v2/calendar')!;
    expect([calendarRequest.query.start, calendarRequest.query.end]).toEqual(['2024-12-14T00:00:00.000Z', '2025-05-13T00:00:00.000Z']);
    expect(logs).toEqual([
      "market calendar: following Alpaca's published calendar 2024-12-16..2025-05-13 (the built-in NYSE rules outside it)",
      "market calendar: Alpaca's calendar differs from the built-in NYSE rules on 2025-01-14 closed (Alpaca's is followed)",
    ]);
    const calendar = runCalendars(keeper.published)(AAPL);
    expect(nextBarClose(calendar, '1d', t('2025-01-13T21:00:00Z'))).toBe(t('2025-01-15T21:00:00Z'));
  });

  it('says once, naming the variable, that the key was refused, and follows the built-in rules', async () => {
    fake.calendar = days('2024-12-01', '2025-06-30', ['2025-01-16']);
    const logs: string[] = [];
    const keeper = createMarketCalendar(env({ APCA_API_KEY_ID: 'wrong', APCA_API_SECRET_KEY: 'wrong', APCA_API_BASE_URL: fake.url }), { now: () => NOW, log: (l) => logs.push(l) });
    await keeper.start();
    await keeper.refresh();
    keeper.stop();
    expect(keeper.published()).toBeNull();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^market calendar: Alpaca's calendar could not be read \(.*APCA_API_KEY_ID.*\); following the built-in NYSE calendar until it answers$/);
  });
});

describe('reads that fail and recover', () => {
  const sessions = (closed: readonly string[]) => days('2024-12-14', '2025-05-13', closed).map((d) => {
    const s = sessionOn(d.date)!;
    return { date: d.date, open: s.open, close: s.close };
  });

  function scripted(answers: ('ok' | 'ok-16-closed' | 'down')[], clockDown = false): CalendarReaders {
    return {
      calendar: async () => {
        const next = answers.shift() ?? 'ok';
        if (next === 'down') return fail('data.unavailable', 'Alpaca did not answer (HTTP 503 after 3 tries)');
        return ok(sessions(next === 'ok-16-closed' ? ['2025-01-16'] : []));
      },
      clock: async () => (clockDown ? fail('data.unavailable', 'Alpaca did not answer (HTTP 503 after 3 tries)') : ok({ timestamp: NOW, isOpen: true, nextOpen: t('2025-01-14T14:30:00Z'), nextClose: t('2025-01-13T21:00:00Z') })),
    };
  }
  const alpaca = () => env({ APCA_API_KEY_ID: 'k', APCA_API_SECRET_KEY: 's' });

  it('follows the built-in rules until the first answer, then Alpaca', async () => {
    const logs: string[] = [];
    const keeper = createMarketCalendar(alpaca(), { now: () => NOW, log: (l) => logs.push(l), readers: scripted(['down', 'down', 'ok-16-closed']) });
    await keeper.start();
    keeper.stop();
    expect(keeper.published()).toBeNull();
    await keeper.refresh();
    expect(keeper.published()).toBeNull();
    await keeper.refresh();
    expect(keeper.published()?.source).toBe('alpaca');
    expect(logs).toEqual([
      "market calendar: Alpaca's calendar could not be read (Alpaca did not answer (HTTP 503 after 3 tries)); following the built-in NYSE calendar until it answers",
      "market calendar: following Alpaca's published calendar 2024-12-16..2025-05-13 (the built-in NYSE rules outside it)",
      "market calendar: Alpaca's calendar differs from the built-in NYSE rules on 2025-01-16 closed (Alpaca's is followed)",
    ]);
  });

  it('keeps the table read before through a failure, and follows the calendar alone when only the clock fails', async () => {
    const logs: string[] = [];
    const keeper = createMarketCalendar(alpaca(), { now: () => NOW, log: (l) => logs.push(l), readers: scripted(['ok-16-closed', 'down', 'down'], true) });
    await keeper.start();
    keeper.stop();
    const first = keeper.published();
    await keeper.refresh();
    await keeper.refresh();
    expect(keeper.published()).toBe(first);
    expect(logs).toEqual([
      "market calendar: following Alpaca's published calendar 2024-12-16..2025-05-13 (the built-in NYSE rules outside it)",
      "market calendar: Alpaca's market clock could not be read (Alpaca did not answer (HTTP 503 after 3 tries)); following its calendar alone",
      "market calendar: Alpaca's calendar differs from the built-in NYSE rules on 2025-01-16 closed (Alpaca's is followed)",
      "market calendar: Alpaca's calendar could not be read (Alpaca did not answer (HTTP 503 after 3 tries)); keeping the calendar read before",
    ]);
  });

  it('never reads a short or empty answer as closures: only the days from its first session to its last are followed', async () => {
    const logs: string[] = [];
    const readers = (sessions: { date: string; open: number; close: number }[]): CalendarReaders => ({
      calendar: async () => ok(sessions),
      clock: async () => fail('data.unavailable', 'no clock in this test'),
    });
    const empty = createMarketCalendar(alpaca(), { now: () => NOW, log: (l) => logs.push(l), readers: readers([]), firstReadWaitMs: 1_000 });
    await empty.start();
    empty.stop();
    expect(empty.published()).toBeNull();
    expect(logs).toEqual(["market calendar: Alpaca's calendar lists no session between 2024-12-14 and 2025-05-13; following the built-in NYSE calendar until it answers"]);

    const short = createMarketCalendar(alpaca(), { now: () => NOW, log: () => {}, readers: readers(sessions([]).filter((s) => s.date <= '2025-01-15')) });
    await short.start();
    short.stop();
    expect([short.published()?.from, short.published()?.to].map((d) => new Date(d! * 86_400_000).toISOString().slice(0, 10))).toEqual(['2024-12-16', '2025-01-15']);
    // The 16th, after the last day listed, is the built-in rules' session, not a closure.
    expect(nextBarClose(runCalendars(short.published)(AAPL), '1d', t('2025-01-15T21:00:00Z'))).toBe(t('2025-01-16T21:00:00Z'));
  });

  it('does not wait longer than its bound for a first answer at start', async () => {
    const logs: string[] = [];
    const never: CalendarReaders = { calendar: () => new Promise(() => {}), clock: () => new Promise(() => {}) };
    const keeper = createMarketCalendar(alpaca(), { now: () => NOW, log: (l) => logs.push(l), readers: never, firstReadWaitMs: 20 });
    await keeper.start();
    keeper.stop();
    expect(keeper.published()).toBeNull();
    expect(logs).toEqual(['market calendar: no answer from Alpaca yet; following the built-in NYSE calendar until it answers']);
  });
});
