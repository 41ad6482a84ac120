// Rows for the fake Yahoo, stamped as Yahoo stamps them: daily bars at the session open (14:30Z in winter), intraday
// bars at their open, including pre-market rows the adapter must drop. Prices follow a gentle deterministic walk.
import { createYahooMarketData, type YahooMarketDataOptions } from '../../../src/market-data/yahoo/yahoo-market-data.js';
import type { FakeRow, FakeYahoo } from '../../fakes/yahoo/fake-yahoo.js';

export const sec = (iso: string): number => Date.parse(iso) / 1_000;
export const ms = (iso: string): number => Date.parse(iso);

function row(t: number, i: number): FakeRow {
  const base = 100 + 5 * Math.sin(i / 7) + i * 0.05;
  return { t, o: base, h: base + 1.5, l: base - 1.25, c: base + 0.5, v: 10_000 + 37 * i };
}

/** Weekday session opens (14:30Z, January-February: EST) from `firstDay` for `days` calendar days. */
export function dailyRows(firstDay: string, days: number): FakeRow[] {
  const out: FakeRow[] = [];
  for (let d = 0; d < days; d++) {
    const t = sec(`${firstDay}T14:30:00Z`) + d * 86_400;
    const wd = new Date(t * 1_000).getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(row(t, d));
  }
  return out;
}

/** `minutes`-minute rows of one winter session day, with two pre-market rows before 14:30Z. */
export function intradayRows(day: string, minutes: number): FakeRow[] {
  const open = sec(`${day}T14:30:00Z`);
  const out: FakeRow[] = [row(open - 3_600, 0), row(open - 1_800, 1)];
  for (let t = open, i = 2; t < open + 390 * 60; t += minutes * 60, i++) out.push(row(t, i));
  return out;
}

/** Round-the-clock rows (crypto) from `start` every `minutes` for `count` rows. */
export function clockRows(start: string, minutes: number, count: number): FakeRow[] {
  return Array.from({ length: count }, (_, i) => row(sec(start) + i * minutes * 60, i));
}

export const NOW = ms('2024-02-15T12:00:00Z');
export const noSleep = { attempts: 3, baseDelayMs: 10, maxDelayMs: 50, sleep: async () => {} };

export function yahooFor(fake: FakeYahoo, extra: Partial<YahooMarketDataOptions> = {}) {
  return createYahooMarketData({ apiUrl: fake.baseUrl, retry: noSleep, timeoutMs: 2_000, now: () => NOW, ...extra });
}
