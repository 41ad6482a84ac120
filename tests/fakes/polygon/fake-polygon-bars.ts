// Bars for the fake Polygon server: deterministic generators (weekday daily bars stamped at midnight New York as
// Polygon stamps them, one-minute bars over a whole extended-hours day 04:00-20:00 New York, 24/7 crypto minutes and
// UTC-midnight crypto days) and Polygon's clock-aligned aggregation of minutes into wider bars.
import { newYorkOffsetMs } from '../../../src/core/risk/exchange-time.js';

export interface FakeAggregate {
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

function bar(t: number, i: number, base: number): FakeAggregate {
  const o = base + 10 * Math.sin(i / 7) + i * 0.01;
  const c = o + Math.cos(i / 3);
  return { t, o, h: Math.max(o, c) + 0.5, l: Math.min(o, c) - 0.5, c, v: 1_000 + (i % 97) };
}

/** The instant of `hh:mm` New York time on the date `day` (YYYY-MM-DD). */
export function newYorkTime(day: string, hhmm = '00:00'): number {
  const local = Date.parse(`${day}T${hhmm}:00Z`);
  return local - newYorkOffsetMs(local + 6 * 3_600_000);
}

/** One bar per weekday from `from` to `to` (YYYY-MM-DD, inclusive), stamped at midnight New York. */
export function weekdayDailyBars(from: string, to: string, base = 100): FakeAggregate[] {
  const out: FakeAggregate[] = [];
  for (let d = Date.parse(from); d <= Date.parse(to); d += DAY_MS) {
    const weekday = new Date(d).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    out.push(bar(newYorkTime(new Date(d).toISOString().slice(0, 10)), out.length, base));
  }
  return out;
}

/** One-minute bars 04:00-20:00 New York (pre-market, session, after hours) on each listed date. */
export function extendedHoursMinutes(days: readonly string[], base = 50): FakeAggregate[] {
  const out: FakeAggregate[] = [];
  for (const day of days) {
    for (let t = newYorkTime(day, '04:00'); t < newYorkTime(day, '20:00'); t += MINUTE_MS) out.push(bar(t, out.length, base));
  }
  return out;
}

/** `count` one-minute bars from `fromMs`, every minute of every day. */
export function cryptoMinutes(fromMs: number, count: number, base = 40_000): FakeAggregate[] {
  return Array.from({ length: count }, (_, i) => bar(fromMs + i * MINUTE_MS, i, base));
}

/** One bar a day at 00:00 UTC from `from` to `to` (YYYY-MM-DD, inclusive). */
export function cryptoDays(from: string, to: string, base = 40_000): FakeAggregate[] {
  const out: FakeAggregate[] = [];
  for (let d = Date.parse(from); d <= Date.parse(to); d += DAY_MS) out.push(bar(d, out.length, base));
  return out;
}

/** Minutes combined into clock-aligned bars of `sizeMs` (Polygon's 5/minute, 30/minute, 1/hour...). */
export function aggregateMinutes(minutes: readonly FakeAggregate[], sizeMs: number): FakeAggregate[] {
  const out: FakeAggregate[] = [];
  for (const m of minutes) {
    const t = Math.floor(m.t / sizeMs) * sizeMs;
    const last = out[out.length - 1];
    if (last !== undefined && last.t === t) {
      out[out.length - 1] = { t, o: last.o, h: Math.max(last.h, m.h), l: Math.min(last.l, m.l), c: m.c, v: last.v + m.v };
    } else {
      out.push({ ...m, t });
    }
  }
  return out;
}
