// An in-memory MarketData that counts its requests: daily bars at 00:00 UTC on weekdays, one close per day that a
// test can revise, a stretch it can leave empty (a holiday week) and a failure it can switch on.
import type { BarsRequest, MarketData } from '../../src/app/market-data/ports.js';
import { createBarSeries, TIMEFRAME_MS, type Bar } from '../../src/core/domain/bar.js';
import { fail, ok } from '../../src/core/domain/result.js';

const DAY = TIMEFRAME_MS['1d'];

export interface CountingMarketData extends MarketData {
  readonly requests: BarsRequest[];
  /** Bars from this day on (epoch ms) exist; none before. */
  firstDay: number;
  /** Days with no bar (holidays). */
  readonly closedDays: Set<number>;
  /** Closes that differ from the generated ones (a provider's correction). */
  readonly revised: Map<number, number>;
  /** When set, every request fails with it. */
  failWith: { code: string; message: string } | undefined;
  /** When set, a request reaching past this time fails with `failWith` (an outage in the missing tail only). */
  failAfter: number | undefined;
}

export function createCountingMarketData(kind = 'fake', firstDay = Date.UTC(2024, 0, 1)): CountingMarketData {
  const md: CountingMarketData = {
    kind,
    label: `${kind} provider (test)`,
    simulated: false,
    requests: [],
    firstDay,
    closedDays: new Set(),
    revised: new Map(),
    failWith: undefined,
    failAfter: undefined,
    getBars: (request) => {
      md.requests.push(request);
      const failure = md.failWith;
      if (failure !== undefined && (md.failAfter === undefined || request.to > md.failAfter)) return Promise.resolve(fail(failure.code, failure.message));
      const bars: Bar[] = [];
      for (let t = Math.max(md.firstDay, Math.ceil((request.from ?? md.firstDay) / DAY) * DAY); t <= request.to; t += DAY) {
        const weekday = new Date(t).getUTCDay();
        if (weekday === 0 || weekday === 6 || md.closedDays.has(t)) continue;
        const base = 100 + ((t / DAY) % 50);
        const close = md.revised.get(t) ?? base + 0.5;
        bars.push({ time: t, open: base, high: Math.max(base, close) + 1, low: Math.min(base, close) - 1, close, volume: 1000 + (t / DAY) % 7 });
      }
      if (bars.length === 0) return Promise.resolve(fail('data.range', `no ${request.timeframe} bars for ${request.symbol} in that window`, { noBars: true }));
      return Promise.resolve(ok(createBarSeries(request.symbol.toUpperCase(), request.timeframe, bars)));
    },
  };
  return md;
}
