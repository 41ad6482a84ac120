import { describe, expect, it } from 'vitest';
import { createLru } from '../../src/core/domain/lru.js';

describe('createLru', () => {
  it('evicts the least recently used entry past maxEntries', () => {
    const lru = createLru<string, number>({ maxEntries: 2 });
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // a is now the most recent
    lru.set('c', 3);
    expect([...lru.keys()]).toEqual(['a', 'c']);
    expect(lru.get('b')).toBeUndefined();
  });

  it('keeps the total weight within maxWeight, re-weighing a value set again, and never keeps one heavier than the bound', () => {
    const lru = createLru<string, number[]>({ maxEntries: 100, maxWeight: 10, weigh: (v) => v.length });
    lru.set('a', [1, 2, 3, 4]);
    lru.set('b', [1, 2, 3, 4]);
    expect(lru.weight).toBe(8);
    const a = lru.get('a')!;
    a.push(5, 6, 7); // grew: weighed again on set, which pushes b out
    lru.set('a', a);
    expect(lru.weight).toBe(7);
    expect([...lru.keys()]).toEqual(['a']);
    lru.set('huge', new Array<number>(11).fill(0));
    expect(lru.get('huge')).toBeUndefined();
    expect(lru.weight).toBe(7);
  });

  it('counts zero-weight entries against maxEntries', () => {
    const lru = createLru<number, string>({ maxEntries: 3, maxWeight: 10, weigh: () => 0 });
    for (let i = 0; i < 1000; i++) lru.set(i, 'x');
    expect(lru.size).toBe(3);
    expect(lru.delete(999)).toBe(true);
    lru.clear();
    expect(lru.size).toBe(0);
  });
});
