// The bar cache on a migrated SQLite file (src/store/market-data/bar-cache.ts): bars and covered windows kept per key, read back
// exactly, a revised bar replaced and reported, `data status` listing every series, a corrupt chunk refused.
import { describe, expect, it } from 'vitest';
import type { BarCacheKey } from '../../../src/app/market-data/ports.js';
import { createBarSeries, type Bar } from '../../../src/core/domain/bar.js';
import { barCacheOpener, useMigratedStore } from '../helpers/repo.js';

const fixture = useMigratedStore('bar-cache');
const openCache = barCacheOpener(fixture);
const DAY = 86_400_000;
const T0 = Date.UTC(2023, 11, 20);
const key = (symbol: string, adjustment: 'split' | 'raw' = 'split'): BarCacheKey => ({ provider: 'fake', symbol, timeframe: '1d', adjustment });
/** Bars from day `from` on; day k after T0 always has the same open, high, low and volume, `close(i)` aside. */
const bars = (from: number, n: number, close = (i: number) => 10 + i / 3): Bar[] =>
  Array.from({ length: n }, (_, i) => {
    const k = (from - T0) / DAY + i;
    return { time: from + i * DAY, open: 10 + k, high: 12 + k, low: 9 + k, close: close(i), volume: 1e6 + k };
  });
const value = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

describe('the bar cache store', () => {
  it('reads back exactly the bars written across chunk (year) boundaries, inside from..to, with the covered windows', async () => {
    const cache = openCache();
    const written = bars(T0, 30);
    expect(value(await cache.write(key('AAA'), createBarSeries('AAA', '1d', written), [{ from: T0, to: T0 + 29 * DAY }], T0 + 40 * DAY))).toEqual([]);
    const all = value(await cache.read(key('AAA'), T0, T0 + 29 * DAY));
    expect(all.bars.length).toBe(30);
    expect([...all.bars.close]).toEqual(written.map((b) => b.close));
    expect([...all.bars.time]).toEqual(written.map((b) => b.time));
    expect(all.windows).toEqual([{ from: T0, to: T0 + 29 * DAY }]);
    const part = value(await cache.read(key('AAA'), T0 + 5 * DAY, T0 + 14 * DAY));
    expect([...part.bars.time]).toEqual(written.slice(5, 15).map((b) => b.time));
  });

  it('merges windows and replaces a bar written again, reporting the ones whose values changed', async () => {
    const cache = openCache();
    value(await cache.write(key('BBB'), createBarSeries('BBB', '1d', bars(T0, 10)), [{ from: -Infinity, to: T0 + 9 * DAY }], T0));
    const again = bars(T0 + 8 * DAY, 5, (i) => (i === 1 ? 99 : 10 + (i + 8) / 3));
    const revisions = value(await cache.write(key('BBB'), createBarSeries('BBB', '1d', again), [{ from: T0 + 8 * DAY, to: T0 + 12 * DAY }], T0));
    expect(revisions).toEqual([{ time: T0 + 9 * DAY, oldClose: 10 + 9 / 3, newClose: 99 }]);
    const read = value(await cache.read(key('BBB'), -Infinity, T0 + 100 * DAY));
    expect(read.bars.length).toBe(13);
    expect(read.bars.close[9]).toBe(99);
    expect(read.windows).toEqual([{ from: -Infinity, to: T0 + 12 * DAY }]);
  });

  it('keeps split-adjusted and raw bars of one symbol apart, and lists every series for data status', async () => {
    const cache = openCache();
    value(await cache.write(key('CCC', 'raw'), createBarSeries('CCC', '1d', bars(T0, 3, () => 400)), [{ from: T0, to: T0 + 2 * DAY }], T0 + 5 * DAY));
    value(await cache.write(key('CCC', 'split'), createBarSeries('CCC', '1d', bars(T0, 3, () => 100)), [{ from: T0, to: T0 + 4 * DAY }], T0 + 6 * DAY));
    expect([...value(await cache.read(key('CCC', 'raw'), T0, T0 + 9 * DAY)).bars.close]).toEqual([400, 400, 400]);
    expect([...value(await cache.read(key('CCC', 'split'), T0, T0 + 9 * DAY)).bars.close]).toEqual([100, 100, 100]);
    const status = value(await cache.status()).filter((e) => e.symbol === 'CCC');
    expect(status).toEqual([
      { provider: 'fake', symbol: 'CCC', timeframe: '1d', adjustment: 'raw', firstBar: T0, lastBar: T0 + 2 * DAY, barCount: 3, windows: [{ from: T0, to: T0 + 2 * DAY }], fetchedAt: T0 + 5 * DAY },
      { provider: 'fake', symbol: 'CCC', timeframe: '1d', adjustment: 'split', firstBar: T0, lastBar: T0 + 2 * DAY, barCount: 3, windows: [{ from: T0, to: T0 + 4 * DAY }], fetchedAt: T0 + 6 * DAY },
    ]);
  });

  it('answers an unknown key with no bars and no windows', async () => {
    const read = value(await openCache().read(key('NONE'), T0, T0 + DAY));
    expect(read.bars.length).toBe(0);
    expect(read.windows).toEqual([]);
  });

  it('refuses a chunk whose bytes do not hold its bars (cache.corrupt)', async () => {
    const cache = openCache();
    value(await cache.write(key('DDD'), createBarSeries('DDD', '1d', bars(T0, 3)), [{ from: T0, to: T0 + 2 * DAY }], T0));
    await fixture.store.prisma.barChunk.updateMany({ where: { symbol: 'DDD' }, data: { count: 7 } });
    const read = await cache.read(key('DDD'), T0, T0 + 2 * DAY);
    expect(read.ok ? 'ok' : read.error.code).toBe('cache.corrupt');
  });
});
