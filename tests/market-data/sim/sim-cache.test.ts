// The simulated market keeps generated history in a bounded cache: many distinct symbols cannot grow the process,
// and a symbol pushed out of the cache comes back with exactly the same bars.
import { describe, expect, it } from 'vitest';
import { createSimCache, createSimMarketData } from '../../../src/market-data/sim/sim-market-data.js';
import { LIMITS } from '../../../src/core/limits.js';
import { bars, columns, utc } from './sim-helpers.js';

describe('the simulated market cache', () => {
  it('never holds more days of history than its bound, however many distinct symbols are asked for', async () => {
    const cache = createSimCache(40_000);
    const md = createSimMarketData({ seed: 42, cache });
    for (let i = 0; i < 60; i++) {
      await bars(md, `S${i}`, '1d', utc(2024, 1, 1), utc(2024, 3, 1));
      expect(cache.weight).toBeLessThanOrEqual(40_000);
    }
    expect(cache.size).toBeLessThanOrEqual(5); // ~9,000 days each up to 2024
    expect(cache.size).toBeGreaterThan(0);
  });

  it('gives a symbol evicted from the cache the same bars again, daily and intraday', async () => {
    const cache = createSimCache(20_000);
    const md = createSimMarketData({ seed: 42, cache });
    const daily = await bars(md, 'AAPL', '1d', utc(2023, 1, 1), utc(2023, 12, 31));
    const minutes = await bars(md, 'AAPL', '1m', utc(2023, 6, 1, 13), utc(2023, 6, 1, 15));
    for (let i = 0; i < 10; i++) await bars(md, `OTHER${i}`, '1d', utc(2024, 1, 1), utc(2024, 2, 1));
    expect([...cache.keys()]).not.toContain('AAPL');
    expect(columns(await bars(md, 'AAPL', '1d', utc(2023, 1, 1), utc(2023, 12, 31)))).toEqual(columns(daily));
    expect(columns(await bars(md, 'AAPL', '1m', utc(2023, 6, 1, 13), utc(2023, 6, 1, 15)))).toEqual(columns(minutes));
  });

  it('is bounded by default (LIMITS.simCacheDays)', async () => {
    const cache = createSimCache();
    await bars(createSimMarketData({ cache }), 'SIM-A', '1d', utc(2024, 1, 1), utc(2024, 2, 1));
    expect(cache.weight).toBeGreaterThan(0);
    expect(cache.weight).toBeLessThanOrEqual(LIMITS.simCacheDays);
  });

  it('serves short 1-minute windows from whole days kept between requests, bar for bar the same as generated afresh', async () => {
    const kept = createSimMarketData({ seed: 42 });
    const fresh = createSimMarketData({ seed: 42, minuteDays: 0 });
    // Windows as a desk asks them at successive closes (across midnight too), and one spanning more days than kept.
    const windows: [number, number][] = [
      [utc(2024, 3, 4, 10), utc(2024, 3, 4, 14, 37)],
      [utc(2024, 3, 4, 10, 1), utc(2024, 3, 4, 14, 38)],
      [utc(2024, 3, 4, 20), utc(2024, 3, 5, 1, 3)],
      [utc(2024, 3, 1), utc(2024, 3, 6, 12)],
      [utc(2024, 2, 1), utc(2024, 3, 9)],
    ];
    for (const [from, to] of windows) {
      for (const symbol of ['SIM-A', 'SIM-B']) {
        expect(columns(await bars(kept, symbol, '1m', from, to))).toEqual(columns(await bars(fresh, symbol, '1m', from, to)));
      }
    }
  });
});
