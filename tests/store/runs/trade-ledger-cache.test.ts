import { describe, expect, it } from 'vitest';
import type { ClosedTrade } from '../../../src/core/engine/report.js';
import { createLedgerCache } from '../../../src/store/runs/trade-ledger-cache.js';

const trades = (n: number): ClosedTrade[] => Array.from({ length: n }, (_, i) => ({
  symbol: 'A', side: 'long', qty: 1, entryTime: i, entryPrice: 1, exitTime: i + 1, exitPrice: 1, pnl: 0, commission: 0, exitReason: 'signal', barsHeld: 1,
}));

describe('the trade-ledger cache', () => {
  it('gives back the same decoded trades for the same run, version and count', () => {
    const cache = createLedgerCache(10);
    const t = trades(3);
    cache.set('run-a', 1, 3, t);
    expect(cache.get('run-a', 1, 3)).toBe(t);
  });

  it('misses when the stored ledger has another count or version than the cached one', () => {
    const cache = createLedgerCache(10);
    cache.set('run-a', 1, 3, trades(3));
    expect(cache.get('run-a', 1, 4)).toBeUndefined();
    expect(cache.get('run-a', 2, 3)).toBeUndefined();
    expect(cache.get('run-b', 1, 3)).toBeUndefined();
  });

  it('drops the least recently used runs to stay within its trade budget', () => {
    const cache = createLedgerCache(10);
    cache.set('a', 1, 4, trades(4));
    cache.set('b', 1, 4, trades(4));
    cache.get('a', 1, 4); // a is now the most recent
    cache.set('c', 1, 4, trades(4));
    expect(cache.get('b', 1, 4)).toBeUndefined();
    expect(cache.get('a', 1, 4)).toBeDefined();
    expect(cache.get('c', 1, 4)).toBeDefined();
  });

  it('does not hold a run larger than its whole budget', () => {
    const cache = createLedgerCache(10);
    cache.set('small', 1, 2, trades(2));
    cache.set('huge', 1, 11, trades(11));
    expect(cache.get('huge', 1, 11)).toBeUndefined();
    expect(cache.get('small', 1, 2)).toBeDefined();
  });
});

describe('the trade-ledger cache bound on runs', () => {
  it('holds at most maxRuns runs, even runs without a single trade', () => {
    const cache = createLedgerCache(10, 3);
    for (let i = 0; i < 100; i++) cache.set(`run-${i}`, 1, 0, []);
    const held = Array.from({ length: 100 }, (_, i) => cache.get(`run-${i}`, 1, 0)).filter((t) => t !== undefined);
    expect(held).toHaveLength(3);
    expect(cache.get('run-99', 1, 0)).toEqual([]);
  });
});
