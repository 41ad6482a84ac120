import { describe, expect, it } from 'vitest';
import { exitOrder } from '../../../src/core/analysis/exit-order.js';
import { stableSortByKey } from '../../../src/core/analysis/radix-order.js';
import { tradeColumns } from '../../../src/core/analysis/trade-columns.js';
import { holdingBucket, HOLDING_BUCKETS, utcHour, utcWeekday, WEEKDAYS } from '../../../src/core/analysis/trade-dimensions.js';
import { EIGHT, EIGHT_SHUFFLED, jan, seeded, trade } from './trades-fixture.js';

const identity = (n: number): Uint32Array => Uint32Array.from({ length: n }, (_, i) => i);

describe('stableSortByKey', () => {
  it('orders negative, zero, fractional and huge keys numerically and keeps ties in input order', () => {
    const keys = Float64Array.from([3, -1.5, 0, -0, 1e300, -1e300, 3, 0.25, -1.5, 2 ** 53, 1.7e12]);
    const got = [...stableSortByKey(keys, identity(keys.length))];
    const want = [...identity(keys.length)].sort((a, b) => keys[a]! - keys[b]! || a - b);
    expect(got).toEqual(want);
  });

  it('matches a comparator sort on 20,000 seeded keys with many ties', () => {
    const rand = seeded(42);
    const keys = Float64Array.from({ length: 20_000 }, () => 1.6e12 + Math.floor(rand() * 5_000) * 60_000);
    const want = [...identity(keys.length)].sort((a, b) => keys[a]! - keys[b]! || a - b);
    expect([...stableSortByKey(keys, identity(keys.length))]).toEqual(want);
  });

  it('keeps the relative order of a given permutation for equal keys (chains as a multi-key sort)', () => {
    const keys = Float64Array.from([1, 0, 1, 0]);
    expect([...stableSortByKey(keys, Uint32Array.from([2, 3, 0, 1]))]).toEqual([3, 1, 2, 0]);
  });
});

describe('exitOrder', () => {
  it('is the identity for trades already in exit order', () => {
    expect([...exitOrder(tradeColumns(EIGHT))]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('sorts by exit time, then entry time, then symbol, then input position', () => {
    const t = [
      trade('B', 'long', jan(1, 2), jan(2, 0), 1, 'signal', 1), // 0
      trade('A', 'long', jan(1, 2), jan(2, 0), 1, 'signal', 1), // 1: same bars as 0, A first
      trade('C', 'long', jan(1, 1), jan(2, 0), 1, 'signal', 1), // 2: earlier entry, first of the tie
      trade('A', 'long', jan(1, 0), jan(1, 5), 1, 'signal', 1), // 3: earliest exit
      trade('A', 'long', jan(1, 2), jan(2, 0), 2, 'signal', 1), // 4: duplicate of 1 but for pnl: after 1
    ];
    expect([...exitOrder(tradeColumns(t))]).toEqual([3, 2, 1, 4, 0]);
  });

  it('puts a shuffled set back in the order of the original', () => {
    const order = exitOrder(tradeColumns(EIGHT_SHUFFLED));
    expect([...order].map((i) => EIGHT_SHUFFLED[i])).toEqual(EIGHT);
  });
});

describe('trade dimensions', () => {
  it.each([
    [0, '0-1'],
    [1, '0-1'],
    [2, '2-5'],
    [5, '2-5'],
    [6, '6-20'],
    [20, '6-20'],
    [21, '21+'],
    [500, '21+'],
  ])('puts %i bars held in bucket %s', (bars, bucket) => {
    expect(HOLDING_BUCKETS[holdingBucket(bars)]).toBe(bucket);
  });

  it.each([
    [Date.UTC(1970, 0, 1), 'Thu', 0],
    [Date.UTC(2024, 0, 1, 23, 59, 59, 999), 'Mon', 23],
    [Date.UTC(2024, 0, 7, 0), 'Sun', 0],
    [Date.UTC(1969, 11, 31, 23), 'Wed', 23],
    [Date.UTC(1900, 0, 1, 5), 'Mon', 5],
  ])('reads the UTC weekday and hour of %i', (time, day, hour) => {
    expect(WEEKDAYS[utcWeekday(time)]).toBe(day);
    expect(utcHour(time)).toBe(hour);
    expect(utcWeekday(time)).toBe((new Date(time).getUTCDay() + 6) % 7);
  });
});
