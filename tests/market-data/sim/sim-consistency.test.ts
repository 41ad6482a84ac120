import { describe, expect, it } from 'vitest';
import { TIMEFRAME_MS, TIMEFRAMES, type BarSeries } from '../../../src/core/domain/bar.js';
import { createSimMarketData } from '../../../src/market-data/sim/sim-market-data.js';
import { bars, DAY_MS, merge, plain, utc } from './sim-helpers.js';

const md = createSimMarketData({ seed: 42 });
const SYMBOLS = ['AAPL', 'TSLA', 'KO', 'BTC/USD'];
// A window with a few dozen days, including a jump day for TSLA in many seeds and a leap day.
const FROM = utc(2024, 2, 20);
const TO = utc(2024, 3, 20) - 1;

function expectAggregates(fine: BarSeries, coarse: BarSeries, perBar: number): void {
  expect(fine.length).toBe(coarse.length * perBar);
  for (let i = 0; i < coarse.length; i++) expect(merge(fine, i * perBar, perBar)).toEqual(plain(coarse, i));
}

describe.each(SYMBOLS)('simulated %s bars are consistent across timeframes', (symbol) => {
  it.each([
    ['15m', 3],
    ['1h', 12],
    ['1d', 288],
  ] as const)('%s bars are exact aggregates of their 5m bars', async (tf, perBar) => {
    const fine = await bars(md, symbol, '5m', FROM, TO);
    const coarse = await bars(md, symbol, tf, FROM, TO);
    expectAggregates(fine, coarse, perBar);
  });

  it('1m bars refine each 5m bar exactly (open, high, low, close and volume)', async () => {
    const from = utc(2024, 2, 29, 20);
    const to = utc(2024, 3, 1, 4) - 1; // across a day boundary
    const fine = await bars(md, symbol, '1m', from, to);
    const coarse = await bars(md, symbol, '5m', from, to);
    expectAggregates(fine, coarse, 5);
  });

  it.each(TIMEFRAMES)('%s bars are sane OHLCV on the time grid', async (tf) => {
    const window = tf === '1m' ? [utc(2024, 3, 1), utc(2024, 3, 3)] : tf === '1d' ? [utc(2000, 1, 1), utc(2025, 1, 1)] : [FROM, TO];
    const s = await bars(md, symbol, tf, window[0], window[1]!);
    for (let i = 0; i < s.length; i++) {
      const b = plain(s, i);
      expect(b.time % TIMEFRAME_MS[tf]).toBe(0);
      if (i > 0) expect(b.time - s.time[i - 1]!).toBe(TIMEFRAME_MS[tf]);
      expect(b.low).toBeGreaterThan(0);
      expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
      expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
      expect(b.volume).toBeGreaterThan(0);
      expect(Number.isInteger(b.volume)).toBe(true);
    }
  });

  it('5m bars open where the previous bar closed within a day, and gap at 00:00 UTC', async () => {
    const s = await bars(md, symbol, '5m', FROM, TO);
    let gaps = 0;
    for (let i = 1; i < s.length; i++) {
      if (s.time[i]! % DAY_MS === 0) gaps += s.open[i] === s.close[i - 1] ? 0 : 1;
      else expect(s.open[i]).toBe(s.close[i - 1]);
    }
    expect(gaps).toBe(Math.round((TO + 1 - FROM) / DAY_MS) - 1);
  });
});
