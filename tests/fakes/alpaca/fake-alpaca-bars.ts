// Bars for the fake Alpaca server, stamped as Alpaca stamps them: daily stock bars at midnight New York in UTC
// (04:00Z in summer, 05:00Z in winter), intraday stock bars from 04:00 to 20:00 New York (pre-market and after hours
// included, so the adapter's session filter is exercised), crypto bars around the clock. Prices are a smooth
// deterministic path so tests can compare values.
import { sessionOn } from '../../../src/core/calendar/us-equities.js';
import { newYorkLocalToUtcMs } from '../../../src/core/risk/exchange-time.js';

export interface FakeBar {
  readonly t: string;
  readonly o: number;
  readonly h: number;
  readonly l: number;
  readonly c: number;
  readonly v: number;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** `2024-01-02T05:00:00Z`: RFC 3339 without milliseconds, as Alpaca writes it. */
export const stamp = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

function bar(ms: number, i: number, base: number): FakeBar {
  const p = base + 10 * Math.sin(i / 7) + i * 0.01;
  const o = Math.round(p * 100) / 100;
  const c = Math.round((p + Math.sin(i * 1.3)) * 100) / 100;
  return { t: stamp(ms), o, h: Math.max(o, c) + 0.5, l: Math.min(o, c) - 0.5, c, v: 10_000 + (i % 97) * 100 };
}

/** Every New York trading day in [from, to] ('YYYY-MM-DD'), in UTC ms of the day. */
function tradingDays(from: string, to: string): number[] {
  const out: number[] = [];
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += DAY_MS) if (sessionOn(d) !== null) out.push(d);
  return out;
}

/** Daily stock bars stamped at midnight New York. */
export function dailyStockBars(from: string, to: string, base = 100): FakeBar[] {
  return tradingDays(from, to).map((d, i) => bar(newYorkLocalToUtcMs(d), i, base));
}

/** Intraday stock bars every `stepMinutes` from 04:00 to 20:00 New York on trading days (extended hours included). */
export function intradayStockBars(from: string, to: string, stepMinutes: number, base = 100): FakeBar[] {
  const out: FakeBar[] = [];
  for (const d of tradingDays(from, to)) {
    const first = newYorkLocalToUtcMs(d + 4 * 60 * MINUTE_MS);
    const last = newYorkLocalToUtcMs(d + 20 * 60 * MINUTE_MS);
    for (let t = first; t < last; t += stepMinutes * MINUTE_MS) out.push(bar(t, out.length, base));
  }
  return out;
}

/** Crypto bars every `stepMinutes` around the clock, weekends included, from `fromIso` (inclusive) to `toIso` (exclusive). */
export function cryptoBars(fromIso: string, toIso: string, stepMinutes: number, base = 40_000): FakeBar[] {
  const out: FakeBar[] = [];
  for (let t = Date.parse(fromIso); t < Date.parse(toIso); t += stepMinutes * MINUTE_MS) out.push(bar(t, out.length, base));
  return out;
}
