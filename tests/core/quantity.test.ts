// Quantities: whole shares for stocks, fractions of a coin (to 1e-8) for crypto pairs, always rounded down.
import { describe, expect, it } from 'vitest';
import { floorQty, qtyDecimals } from '../../src/core/domain/quantity.js';
import { capEntryQty } from '../../src/core/risk/gates.js';

describe('quantities', () => {
  it('cuts crypto pairs, however spelled, to 8 decimals and everything else to whole shares', () => {
    expect(['BTC/USD', 'BTC-USD', 'ETHUSDT', 'sol-usdc'].map(qtyDecimals)).toEqual([8, 8, 8, 8]);
    expect(['AAPL', 'BRK.B', 'BF-B', 'SIM-A', '^GSPC'].map(qtyDecimals)).toEqual([0, 0, 0, 0, 0]);
  });

  it('rounds down, never above the quantity asked, and keeps a decimal that doubles write a hair below', () => {
    expect(floorQty(4.99, 0)).toBe(4);
    expect(floorQty(20_000 / 62_000, 8)).toBe(0.32258064);
    expect(floorQty(0.29, 8)).toBe(0.29); // 0.29 x 1e8 = 28999999.999999996
    expect(floorQty(0.5, 8)).toBe(0.5);
    expect(floorQty(1e-9, 8)).toBe(0);
    for (let i = 1; i < 2_000; i++) {
      const x = (i * 0.7310585) / 13;
      expect(floorQty(x, 8)).toBeLessThanOrEqual(x);
      expect(x - floorQty(x, 8)).toBeLessThan(1e-8);
    }
    expect(floorQty(Number.NaN, 8)).toBeNaN();
  });

  it('caps an entry in fractions of a coin, so the cash and position gates leave a BTC buy rather than none', () => {
    const input = { qty: 3, price: 62_000, commissionRate: 0, side: 'buy' as const, cash: 100_000, equity: 100_000, heldQty: 0, maxPositionPct: 50, maxPositionBy: 'gate:max-position-size', minCashReservePct: 0, mode: 'enforce' as const };
    expect(capEntryQty(input).qty).toBe(0); // whole shares: one coin is 62% of equity
    const crypto = capEntryQty({ ...input, qtyDecimals: 8 });
    expect(crypto.qty).toBe(0.80645161);
    expect(crypto.verdicts).toMatchObject([{ by: 'gate:max-position-size', action: 'qty_capped' }]);
    expect(capEntryQty({ ...input, qtyDecimals: 8, cash: 10_000 }).qty).toBe(0.16129032);
  });
});
