import { describe, expect, it } from 'vitest';
import { TIMEFRAME_MS, TIMEFRAMES, type Timeframe } from '../../../src/core/domain/bar.js';
import { createSimMarketData, SIM_MAX_BARS } from '../../../src/market-data/sim/sim-market-data.js';
import { bars, columns, DAY_MS, utc } from './sim-helpers.js';

const WINDOWS: Record<Timeframe, [number, number]> = {
  '1m': [utc(2024, 3, 9, 22), utc(2024, 3, 10, 2)],
  '5m': [utc(2024, 3, 9), utc(2024, 3, 11)],
  '15m': [utc(2024, 3, 9), utc(2024, 3, 12)],
  '1h': [utc(2024, 3, 1), utc(2024, 3, 15)],
  '1d': [utc(2022, 1, 1), utc(2024, 12, 31)],
};

describe('createSimMarketData', () => {
  it('says loudly that its prices are simulated', () => {
    const md = createSimMarketData({ seed: 42 });
    expect(md).toMatchObject({ kind: 'sim', simulated: true, label: 'simulated market (seed 42) — not real prices' });
    expect(createSimMarketData().label).toBe('simulated market (seed 42) — not real prices');
    expect(createSimMarketData({ seed: 7 }).label).toBe('simulated market (seed 7) — not real prices');
  });

  it.each(TIMEFRAMES)('gives identical %s bars for the same seed and symbol, from separate instances', async (tf) => {
    const [from, to] = WINDOWS[tf];
    const a = await bars(createSimMarketData({ seed: 42 }), 'AAPL', tf, from, to);
    const b = await bars(createSimMarketData({ seed: 42 }), 'AAPL', tf, from, to);
    expect(a.length).toBe((to - from) / TIMEFRAME_MS[tf] + 1);
    expect(columns(b)).toEqual(columns(a));
  });

  it.each(TIMEFRAMES)('gives different %s bars for another seed or another symbol', async (tf) => {
    const [from, to] = WINDOWS[tf];
    const base = await bars(createSimMarketData({ seed: 42 }), 'AAPL', tf, from, to);
    const otherSeed = await bars(createSimMarketData({ seed: 43 }), 'AAPL', tf, from, to);
    const otherSymbol = await bars(createSimMarketData({ seed: 42 }), 'MSFT', tf, from, to);
    expect(Array.from(otherSeed.close)).not.toEqual(Array.from(base.close));
    expect(Array.from(otherSymbol.close)).not.toEqual(Array.from(base.close));
  });

  it.each(TIMEFRAMES)('gives a day the same %s bars alone or inside a long window', async (tf) => {
    const dayStart = utc(2023, 7, 14);
    const dayEnd = dayStart + DAY_MS - 1;
    const alone = await bars(createSimMarketData(), 'NVDA', tf, dayStart, dayEnd);
    const warm = createSimMarketData();
    const longFrom = tf === '1d' ? undefined : dayStart - 3 * DAY_MS; // from undefined = from the first bar
    const long = await bars(warm, 'NVDA', tf, longFrom, dayEnd + 2 * DAY_MS);
    const at = long.time.indexOf(dayStart);
    expect(at).toBeGreaterThanOrEqual(0);
    const part = { ...long, length: alone.length };
    for (const key of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) part[key] = long[key].slice(at, at + alone.length);
    expect(columns(part)).toEqual(columns(alone));
    // ... and again from the now-warm cache of the same instance.
    expect(columns(await bars(warm, 'NVDA', tf, dayStart, dayEnd))).toEqual(columns(alone));
  });

  it('upper-cases symbols and serves the same bars for any spelling', async () => {
    const md = createSimMarketData();
    const lower = await bars(md, ' spy ', '1d', utc(2020, 1, 1), utc(2020, 2, 1));
    const upper = await bars(createSimMarketData(), 'SPY', '1d', utc(2020, 1, 1), utc(2020, 2, 1));
    expect(lower.symbol).toBe('SPY');
    expect(columns(lower)).toEqual(columns(upper));
  });

  it.each(['BRK.B', 'BF-B', '^GSPC', 'BTC/USD', 'A', 'ABCDEFGHIJKL'])('accepts the symbol %s', async (symbol) => {
    expect((await createSimMarketData().getBars({ symbol, timeframe: '1d', from: utc(2020, 1, 1), to: utc(2020, 1, 5) })).ok).toBe(true);
  });

  it.each(['', '   ', 'ABCDEFGHIJKLM', 'AB CD', '$AAPL', 'ÄPFEL', 'A_B'])('rejects the symbol %j with data.symbol', async (symbol) => {
    const r = await createSimMarketData().getBars({ symbol, timeframe: '1d', to: utc(2020, 1, 5) });
    expect(r.ok ? 'ok' : r.error.code).toBe('data.symbol');
  });

  it('trades 24/7: a daily bar for every calendar day and 24 hourly bars on a Saturday', async () => {
    const md = createSimMarketData();
    const daily = await bars(md, 'AAPL', '1d', utc(2024, 1, 1), utc(2024, 12, 31));
    expect(daily.length).toBe(366);
    for (let i = 1; i < daily.length; i++) expect(daily.time[i]! - daily.time[i - 1]!).toBe(DAY_MS);
    const saturday = await bars(md, 'AAPL', '1h', utc(2024, 6, 1), utc(2024, 6, 1, 23));
    expect(saturday.length).toBe(24);
  });

  it('includes both ends of [from, to] and never a bar opening after `to`', async () => {
    const md = createSimMarketData();
    const exact = await bars(md, 'AAPL', '5m', utc(2024, 1, 2, 10, 0), utc(2024, 1, 2, 11, 0));
    expect(exact.length).toBe(13);
    expect(exact.time[0]).toBe(utc(2024, 1, 2, 10, 0));
    expect(exact.time[12]).toBe(utc(2024, 1, 2, 11, 0));
    const ragged = await bars(md, 'AAPL', '1h', utc(2024, 1, 2, 10, 1), utc(2024, 1, 2, 13, 59));
    expect(Array.from(ragged.time)).toEqual([utc(2024, 1, 2, 11), utc(2024, 1, 2, 12), utc(2024, 1, 2, 13)]);
  });

  it('serves bars far in the future (the caller decides what "now" is)', async () => {
    const future = await bars(createSimMarketData(), 'AAPL', '1d', utc(2090, 1, 1), utc(2090, 1, 10));
    expect(future.length).toBe(10);
  });

  it('starts at 2000-01-01 UTC when `from` is omitted or earlier', async () => {
    const md = createSimMarketData();
    const all = await bars(md, 'AAPL', '1d', undefined, utc(2000, 1, 10));
    const early = await bars(md, 'AAPL', '1d', utc(1990, 1, 1), utc(2000, 1, 10));
    expect(all.time[0]).toBe(utc(2000, 1, 1));
    expect(all.length).toBe(10);
    expect(columns(early)).toEqual(columns(all));
  });

  it.each([
    ['from after to', { from: utc(2020, 2, 1), to: utc(2020, 1, 1) }],
    ['a window before 2000', { from: utc(1990, 1, 1), to: utc(1999, 12, 31) }],
    ['a window between two bars', { from: utc(2020, 1, 1, 1, 1), to: utc(2020, 1, 1, 1, 2) }],
    ['a non-finite to', { to: Number.NaN }],
    ['too many bars', { timeframe: '1m' as const, to: utc(2000, 1, 1) + (SIM_MAX_BARS + 10) * 60_000 }],
  ])('rejects %s with data.range', async (_, window) => {
    const r = await createSimMarketData().getBars({ symbol: 'AAPL', timeframe: '1h', ...window });
    expect(r.ok ? 'ok' : r.error.code).toBe('data.range');
    if (!r.ok) expect(r.error.message).not.toContain('\n');
  });

  it('rejects an unknown timeframe with data.timeframe', async () => {
    const r = await createSimMarketData().getBars({ symbol: 'AAPL', timeframe: '2h' as Timeframe, to: utc(2020, 1, 1) });
    expect(r.ok ? 'ok' : r.error.code).toBe('data.timeframe');
  });

  it('builds a year of 5-minute bars (time logged, not asserted)', async () => {
    const t0 = performance.now();
    const grid = await bars(createSimMarketData(), 'PERF', '5m', utc(2023, 1, 1), utc(2023, 12, 31, 23, 55));
    console.log(`sim: ${grid.length} five-minute bars (1 year) in ${(performance.now() - t0).toFixed(1)} ms`);
    expect(grid.length).toBe(365 * 288);
  });

  it('refuses a seed that is not a safe integer (a wiring bug)', () => {
    expect(() => createSimMarketData({ seed: 1.5 })).toThrow(RangeError);
  });

  it('builds 20 years of daily bars quickly (time logged, not asserted)', async () => {
    const md = createSimMarketData();
    const t0 = performance.now();
    const daily = await bars(md, 'PERF', '1d', undefined, utc(2019, 12, 31));
    const ms = performance.now() - t0;
    console.log(`sim: ${daily.length} daily bars (20 years, fresh instance) in ${ms.toFixed(1)} ms`);
    expect(daily.length).toBe(7305);
  });
});

describe('createSimMarketData with extreme windows', () => {
  it('answers a `to` beyond any date with bars up to the end of the simulated calendar, not a crash', async () => {
    const r = await createSimMarketData().getBars({ symbol: 'AAPL', timeframe: '1d', from: utc(2100, 1, 1), to: Number.MAX_SAFE_INTEGER });
    expect(r.ok).toBe(true);
    const past = await createSimMarketData().getBars({ symbol: 'AAPL', timeframe: '1d', from: 1e16, to: 2e16 });
    expect(past.ok ? 'ok' : past.error.code).toBe('data.range');
  });
});
