// One contract every MarketData adapter meets (sim, CSV, Alpaca, Polygon, Yahoo), as emmett runs one store suite
// against every store: the adapters' own tests call describeMarketDataContract with a way to build theirs.
import { describe, expect, it } from 'vitest';
import type { MarketData } from '../../src/app/market-data/ports.js';
import { calendarForSymbol } from '../../src/core/calendar/calendar.js';
import { TIMEFRAME_MS, type BarSeries, type Timeframe } from '../../src/core/domain/bar.js';
import { assessDataQuality } from '../../src/core/risk/data-quality.js';

export interface ContractSubject {
  readonly market: MarketData;
  /** A symbol the source has bars for over `from..to`. */
  readonly symbol: string;
  /** A well-formed symbol the source does not know (none for the simulated market, which makes up any symbol). */
  readonly unknownSymbol?: string;
  /** The error an unknown symbol gets; default `data.symbol` (a CSV folder says `data.missing_file`). */
  readonly unknownCode?: string;
  readonly timeframe: Timeframe;
  readonly from: number;
  readonly to: number;
}

function expectWellFormed(s: BarSeries, symbol: string, timeframe: Timeframe, from: number, to: number): void {
  expect(s.symbol).toBe(symbol);
  expect(s.timeframe).toBe(timeframe);
  expect(s.length).toBeGreaterThan(0);
  for (const col of [s.time, s.open, s.high, s.low, s.close, s.volume]) expect(col.length).toBe(s.length);
  for (let i = 0; i < s.length; i++) {
    const [t, o, h, l, c, v] = [s.time[i]!, s.open[i]!, s.high[i]!, s.low[i]!, s.close[i]!, s.volume[i]!];
    if (i > 0) expect(t).toBeGreaterThan(s.time[i - 1]!);
    expect(t).toBeGreaterThanOrEqual(from);
    expect(t).toBeLessThanOrEqual(to);
    for (const x of [o, h, l, c, v]) expect(Number.isFinite(x)).toBe(true);
    expect(l).toBeLessThanOrEqual(Math.min(o, c) + 1e-9);
    expect(h).toBeGreaterThanOrEqual(Math.max(o, c) - 1e-9);
    expect(v).toBeGreaterThanOrEqual(0);
    if (timeframe === '1d') expect(t % TIMEFRAME_MS['1d']).toBe(0);
  }
}

export function describeMarketDataContract(name: string, setup: () => Promise<ContractSubject> | ContractSubject): void {
  describe(`MarketData contract: ${name}`, () => {
    it('labels itself, and says whether its prices are simulated', async () => {
      const { market } = await setup();
      expect(market.kind).toMatch(/^[a-z0-9-]+$/);
      expect(market.label.length).toBeGreaterThan(0);
      expect(market.simulated).toBe(market.kind === 'sim');
      if (market.simulated) expect(market.label).toMatch(/simulated/);
    });

    it('serves the symbol asked, oldest first, strictly increasing, inside from..to, with consistent OHLC', async () => {
      const x = await setup();
      const res = await x.market.getBars({ symbol: x.symbol, timeframe: x.timeframe, from: x.from, to: x.to });
      if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
      expectWellFormed(res.value, x.symbol, x.timeframe, x.from, x.to);
    });

    it('never returns a bar after `to`, and the same bars again for the same request', async () => {
      const x = await setup();
      const whole = await x.market.getBars({ symbol: x.symbol, timeframe: x.timeframe, from: x.from, to: x.to });
      if (!whole.ok) throw new Error(whole.error.message);
      const mid = whole.value.time[Math.floor(whole.value.length / 2)]!;
      const cut = await x.market.getBars({ symbol: x.symbol, timeframe: x.timeframe, from: x.from, to: mid });
      if (!cut.ok) throw new Error(cut.error.message);
      expect(cut.value.time[cut.value.length - 1]).toBe(mid);
      expect([...cut.value.close]).toEqual([...whole.value.close.subarray(0, cut.value.length)]);
      const again = await x.market.getBars({ symbol: x.symbol, timeframe: x.timeframe, from: x.from, to: x.to });
      if (!again.ok) throw new Error(again.error.message);
      expect([...again.value.time]).toEqual([...whole.value.time]);
      expect([...again.value.close]).toEqual([...whole.value.close]);
    });

    it('goes through the data-quality score a run applies to every bar it decides on: clean bars score 1', async () => {
      const x = await setup();
      const res = await x.market.getBars({ symbol: x.symbol, timeframe: x.timeframe, from: x.from, to: x.to });
      if (!res.ok) throw new Error(res.error.message);
      const s = res.value;
      const tf = TIMEFRAME_MS[x.timeframe];
      // As iterate.ts scores a run's bars: the exchange calendar's closures are not gaps; 24/7 markets have none.
      const calendar = calendarForSymbol(x.symbol, { simulated: x.market.simulated }).kind === 'us-equities' ? 'exchange' : 'continuous';
      const quality = assessDataQuality(s, tf, s.time[s.length - 1]! + tf, { calendar });
      expect(quality.issues).toEqual([]);
      expect(quality.score).toBe(1);
    });

    it('refuses an unknown symbol (and checkSymbols, when offered, says so before a run)', async () => {
      const x = await setup();
      const unknown = x.unknownSymbol;
      if (unknown === undefined) return;
      const res = await x.market.getBars({ symbol: unknown, timeframe: x.timeframe, from: x.from, to: x.to });
      expect(res.ok ? 'ok' : res.error.code).toBe(x.unknownCode ?? 'data.symbol');
      if (x.market.checkSymbols !== undefined) {
        const check = await x.market.checkSymbols([x.symbol, unknown]);
        if (!check.ok) throw new Error(check.error.message);
        expect(check.value.accepted).toEqual([x.symbol]);
        expect(check.value.refused.map((r) => r.symbol)).toEqual([unknown]);
      }
    });
  });
}
