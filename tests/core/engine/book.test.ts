import { describe, expect, it } from 'vitest';
import { applyFill, bookEquity, createBook, marketValue, unrealizedPnl } from '../../../src/core/engine/book.js';
import type { Fill } from '../../../src/core/domain/order.js';

/** Small seeded PRNG so the invariant test explores many fill sequences deterministically. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fill = (id: string, symbol: string, side: 'buy' | 'sell', qty: number, price: number, commission = 0): Fill => ({
  id, symbol, side, qty, price, commission, time: 0, exitReason: null,
});

describe('portfolio accounting', () => {
  it('keeps cash + market value = equity = start + realised + unrealised - commissions after any fill sequence', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed);
      const book = createBook(100_000);
      const symbols = ['AAA', 'BBB', 'CCC'];
      for (let n = 0; n < 60; n++) {
        const symbol = symbols[Math.floor(r() * symbols.length)]!;
        const price = 5 + r() * 200;
        const qty = 1 + Math.floor(r() * 300);
        const res = applyFill(book, fill(`f${n}`, symbol, r() < 0.5 ? 'buy' : 'sell', qty, price, qty * price * 0.001 * r()));
        expect(res.ok).toBe(true);
        for (const p of book.positions.values()) p.lastPrice = p.lastPrice * (0.9 + r() * 0.2);
        const equity = bookEquity(book);
        expect(equity).toBeCloseTo(book.cash + marketValue(book), 6);
        expect(equity).toBeCloseTo(book.startCash + book.realizedPnl + unrealizedPnl(book) - book.commissionPaid, 6);
        const tradePnl = book.trades.reduce((a, t) => a + t.pnl, 0);
        const openEntryCommission = [...book.positions.values()].reduce((a, p) => a + p.entryCommission, 0);
        // Every commission is either inside a closed trade's net P&L or still attached to an open position.
        expect(tradePnl).toBeCloseTo(book.realizedPnl - (book.commissionPaid - openEntryCommission), 6);
      }
    }
  });

  it('refuses a fill id it has already applied, so no fill is counted twice', () => {
    const book = createBook(10_000);
    expect(applyFill(book, fill('a', 'X', 'buy', 10, 100)).ok).toBe(true);
    const again = applyFill(book, fill('a', 'X', 'buy', 10, 100));
    expect(again.ok).toBe(false);
    expect(again.ok ? '' : again.error.code).toBe('fill.duplicate');
    expect(book.positions.get('X')!.qty).toBe(10);
    expect(book.cash).toBe(9_000);
  });

  it.each([
    // [label, fills, expected qty, expected avg, expected realised, closed trades]
    ['long round trip', [['buy', 10, 100], ['sell', 10, 110]], 0, NaN, 100, 1],
    ['short round trip', [['sell', 10, 100], ['buy', 10, 90]], 0, NaN, 100, 1],
    ['adding averages the price', [['buy', 10, 100], ['buy', 30, 120]], 40, 115, 0, 0],
    ['partial close keeps the average', [['buy', 10, 100], ['sell', 4, 130]], 6, 100, 120, 1],
    ['a fill through zero flips the side', [['buy', 10, 100], ['sell', 15, 90]], -5, 90, -100, 1],
  ] as const)('%s', (_label, fills, qty, avg, realised, closed) => {
    const book = createBook(100_000);
    fills.forEach(([side, q, p], i) => expect(applyFill(book, fill(`f${i}`, 'X', side, q, p)).ok).toBe(true));
    const pos = book.positions.get('X');
    expect(pos?.qty ?? 0).toBe(qty);
    if (!Number.isNaN(avg)) expect(pos!.avgPrice).toBeCloseTo(avg, 10);
    expect(book.realizedPnl).toBeCloseTo(realised, 10);
    expect(book.trades).toHaveLength(closed);
  });

  it('charges commission to the trade that closes, pro rata on both legs', () => {
    const book = createBook(100_000);
    applyFill(book, fill('e', 'X', 'buy', 100, 10, 1));
    applyFill(book, fill('x1', 'X', 'sell', 50, 12, 0.6));
    applyFill(book, fill('x2', 'X', 'sell', 50, 12, 0.6));
    expect(book.trades.map((t) => t.pnl)).toEqual([100 - 0.5 - 0.6, 100 - 0.5 - 0.6]);
    expect(book.cash).toBeCloseTo(100_000 - 1000 - 1 + 1200 - 1.2, 10);
  });
});
