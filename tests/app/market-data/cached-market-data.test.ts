// createCachedMarketData over a real SQLite bar cache and a counting in-memory provider: what is asked of the
// provider, what is kept, what is served.
import { describe, expect, it } from 'vitest';
import { createCachedMarketData, type CachedMarketDataOptions } from '../../../src/app/market-data/cached-market-data.js';
import type { MarketData } from '../../../src/app/market-data/ports.js';
import { ok } from '../../../src/core/domain/result.js';
import { createCountingMarketData, type CountingMarketData } from '../../helpers/counting-market-data.js';
import { barCacheOpener, useMigratedStore } from '../../store/helpers/repo.js';

const fixture = useMigratedStore('cached-market-data');
const DAY = 86_400_000;
const JAN = (d: number) => Date.UTC(2024, 0, d);
const LATER = Date.UTC(2026, 0, 1);
let nextKind = 0;
const openCache = barCacheOpener(fixture);

function setup(options: Partial<CachedMarketDataOptions> = {}, provider: CountingMarketData = createCountingMarketData(`fake-${nextKind++}`)) {
  const logged: string[] = [];
  const open = () => createCachedMarketData(provider, openCache(), { adjustment: 'split', log: (l) => logged.push(l), now: () => LATER, ...options });
  return { provider, logged, market: open(), open };
}

async function closes(market: MarketData, from: number | undefined, to: number, symbol = 'AAA'): Promise<number[]> {
  const res = await market.getBars({ symbol, timeframe: '1d', ...(from === undefined ? {} : { from }), to });
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return [...res.value.close];
}

describe('createCachedMarketData', () => {
  it('serves a second request of the same window, and any window inside it, from the cache with no provider request', async () => {
    const { provider, market } = setup();
    const first = await closes(market, JAN(1), JAN(31));
    expect(provider.requests).toHaveLength(1);
    expect(market.lastFromCache()).toBe(false);
    expect(await closes(market, JAN(1), JAN(31))).toEqual(first);
    expect(await closes(market, JAN(8), JAN(12))).toEqual(first.slice(5, 10));
    expect(provider.requests).toHaveLength(1);
    expect(market.lastFromCache()).toBe(true);
  });

  it('makes no request after a restart (a new wrapper over the same database)', async () => {
    const { provider, market, open } = setup();
    const first = await closes(market, JAN(1), JAN(31));
    expect(await closes(open(), JAN(1), JAN(31))).toEqual(first);
    expect(provider.requests).toHaveLength(1);
  });

  it('fetches only the tail when `to` moves later, and only the gap between two cached windows', async () => {
    const { provider, market } = setup();
    await closes(market, JAN(1), JAN(10));
    await closes(market, JAN(20), JAN(31));
    const whole = await closes(market, JAN(1), Date.UTC(2024, 1, 15));
    expect(provider.requests.slice(2)).toEqual([
      { symbol: 'AAA', timeframe: '1d', from: JAN(10) + 1, to: JAN(20) - 1 },
      { symbol: 'AAA', timeframe: '1d', from: JAN(31) + 1, to: Date.UTC(2024, 1, 15) },
    ]);
    expect(whole).toEqual(await closes(createCountingMarketData(), JAN(1), Date.UTC(2024, 1, 15)));
  });

  it('does not ask again for an empty stretch it was answered for (a holiday week), nor before the first bar', async () => {
    const { provider, market } = setup();
    for (let d = 8; d <= 12; d++) provider.closedDays.add(JAN(d));
    const res = await market.getBars({ symbol: 'AAA', timeframe: '1d', from: JAN(8), to: JAN(12) });
    expect(res.ok ? 'ok' : res.error.code).toBe('data.range');
    const again = await market.getBars({ symbol: 'AAA', timeframe: '1d', from: JAN(8), to: JAN(12) });
    expect(again.ok ? 'ok' : again.error.code).toBe('data.range');
    await closes(market, undefined, JAN(20));
    await closes(market, undefined, JAN(20));
    expect(provider.requests.map((r) => [r.from, r.to])).toEqual([[JAN(8), JAN(12)], [undefined, JAN(8) - 1], [JAN(12) + 1, JAN(20)]]);
  });

  it('never caches a refused window (too many bars, a history limit) as empty: the next request asks again', async () => {
    const { provider, market } = setup();
    provider.failWith = { code: 'data.range', message: 'more than 5,000,000 bars: ask for a shorter window' };
    const refused = await market.getBars({ symbol: 'AAA', timeframe: '1d', from: JAN(1), to: JAN(31) });
    expect(refused.ok ? 'ok' : refused.error.message).toBe('more than 5,000,000 bars: ask for a shorter window');
    provider.failWith = undefined;
    expect((await closes(market, JAN(1), JAN(31))).length).toBeGreaterThan(15);
    expect(provider.requests).toHaveLength(2);
  });

  it('never returns a bar after `to`', async () => {
    const { market } = setup();
    await closes(market, JAN(1), JAN(31));
    const res = await market.getBars({ symbol: 'AAA', timeframe: '1d', from: JAN(1), to: JAN(10) + 1 });
    if (!res.ok) throw new Error(res.error.message);
    expect(res.value.time[res.value.length - 1]).toBe(JAN(10));
  });

  it('replaces a revised bar with the provider\'s new one and logs it once', async () => {
    const { provider, market, logged } = setup({ now: () => JAN(12) + 6 * 3_600_000 });
    await closes(market, JAN(1), JAN(12)); // the last day is not settled: asked again next time
    provider.revised.set(JAN(11), 123.25);
    const after = await closes(market, JAN(1), JAN(13));
    expect(after.at(-2)).toBe(123.25);
    expect(logged).toEqual([`bar cache: ${provider.kind} AAA 1d 2024-01-11T00:00:00.000Z revised: close ${100 + ((JAN(11) / DAY) % 50) + 0.5} -> 123.25`]);
    await closes(market, JAN(1), JAN(13));
    expect(logged).toHaveLength(1);
  });

  it('fails the request, with the provider\'s error unchanged, when the missing part fails; keeps nothing of it', async () => {
    const { provider, market } = setup();
    await closes(market, JAN(1), JAN(10));
    provider.failWith = { code: 'data.unavailable', message: 'fake: 503 after 4 tries' };
    provider.failAfter = JAN(10);
    expect(await market.getBars({ symbol: 'AAA', timeframe: '1d', from: JAN(1), to: JAN(20) })).toEqual({ ok: false, error: { code: 'data.unavailable', message: 'fake: 503 after 4 tries' } });
    expect(await closes(market, JAN(2), JAN(9))).toHaveLength(6); // the cached part is still served
    provider.failWith = undefined;
    await closes(market, JAN(1), JAN(20));
    expect(provider.requests.at(-1)).toMatchObject({ from: JAN(10) + 1, to: JAN(20) });
  });

  it('passes an auth failure through unchanged', async () => {
    const { provider, market } = setup();
    provider.failWith = { code: 'data.auth', message: 'fake refused the key: set FAKE_API_KEY' };
    expect(await market.getBars({ symbol: 'AAA', timeframe: '1d', from: JAN(1), to: JAN(10) })).toEqual({ ok: false, error: provider.failWith });
  });

  it('serves the still-forming bar but never keeps it: a paper run asks again from its last closed bar on', async () => {
    let now = JAN(10) + 15 * 3_600_000; // Jan 10 15:00 UTC: the Jan 10 bar is still forming
    const { provider, market } = setup({ now: () => now });
    const first = await market.getBars({ symbol: 'AAA', timeframe: '1d', from: JAN(1), to: JAN(10) });
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.time[first.value.length - 1]).toBe(JAN(10));
    provider.revised.set(JAN(10), 200);
    now = JAN(11) + 60_000;
    expect((await closes(market, JAN(1), JAN(10))).at(-1)).toBe(200);
    // The last closed bar (Jan 9) is asked for again with the one that was forming, nothing before it.
    expect(provider.requests.map((r) => [r.from, r.to])).toEqual([[JAN(1), JAN(10)], [JAN(9), JAN(10)]]);
  });

  it('keeps split-adjusted and raw bars under different keys', async () => {
    const provider = createCountingMarketData('fake-adjust');
    const split = setup({ adjustment: 'split' }, provider).market;
    const raw = setup({ adjustment: 'raw' }, provider).market;
    await closes(split, JAN(1), JAN(10));
    await closes(raw, JAN(1), JAN(10));
    await closes(split, JAN(1), JAN(10));
    expect(provider.requests).toHaveLength(2);
    const status = await split.cacheStatus();
    if (!status.ok) throw new Error(status.error.message);
    expect(status.value.filter((e) => e.provider === 'fake-adjust').map((e) => [e.adjustment, e.barCount, e.firstBar, e.lastBar])).toEqual([
      ['raw', 8, JAN(1), JAN(10)],
      ['split', 8, JAN(1), JAN(10)],
    ]);
  });

  it('keeps the provider\'s kind and label, and hands checkSymbols on', async () => {
    const { provider, market } = setup();
    expect([market.kind, market.label, market.simulated]).toEqual([provider.kind, provider.label, false]);
    expect(market.checkSymbols).toBeUndefined();
    const checking = createCachedMarketData(
      { ...provider, checkSymbols: (symbols) => Promise.resolve(ok({ accepted: symbols.filter((x) => x !== 'NOPE'), refused: [{ symbol: 'NOPE', reason: 'unknown' }] })) },
      openCache(), { adjustment: 'split', log: () => {}, now: () => LATER },
    );
    expect(await checking.checkSymbols?.(['AAA', 'NOPE'])).toEqual(ok({ accepted: ['AAA'], refused: [{ symbol: 'NOPE', reason: 'unknown' }] }));
  });

  it('hands a request no source could serve (from after to, an unknown timeframe) to the provider to refuse in its words', async () => {
    const { provider, market } = setup();
    const res = await market.getBars({ symbol: 'AAA', timeframe: '1d', from: JAN(10), to: JAN(1) });
    expect(res.ok).toBe(false);
    expect(provider.requests).toEqual([{ symbol: 'AAA', timeframe: '1d', from: JAN(10), to: JAN(1) }]);
  });
});
