/**
 * Polygon aggregates as the desk's bars: oldest first, each stamp mapped with deskBarTime (daily bars on their
 * trading date, a US stock's bars outside the regular session dropped), half hours combined into session-anchored
 * hours, and only `from <= time <= to` kept.
 */
import type { Bar } from '../../core/domain/bar.js';
import { deskBarTime, sessionHourBars } from '../provider/session-time.js';
import type { AggregateBar } from './polygon-payloads.js';
import type { PolygonMarket, PolygonRange } from './polygon-symbols.js';

export function toDeskBars(raw: readonly AggregateBar[], range: PolygonRange, market: PolygonMarket, from: number | undefined, to: number): Bar[] {
  const sorted = [...raw].sort((a, b) => a.t - b.t);
  const mapped: Bar[] = [];
  for (const b of sorted) {
    const time = deskBarTime(b.t, range.filterAs, market);
    if (time === null) continue;
    const bar: Bar = { time, open: b.o, high: b.h, low: b.l, close: b.c, volume: b.v };
    // Two bars on one desk time (a page boundary served twice): the later one read wins.
    if (mapped.length > 0 && mapped[mapped.length - 1]!.time === time) mapped[mapped.length - 1] = bar;
    else mapped.push(bar);
  }
  const bars = range.sessionHours ? sessionHourBars(mapped) : mapped;
  return bars.filter((b) => (from === undefined || b.time >= from) && b.time <= to);
}
