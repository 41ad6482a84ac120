import { describe, expect, it } from 'vitest';
import { createReadCoalescer } from '../../../src/store/db/read-coalescer.js';

describe('read coalescer', () => {
  it('shares one read among concurrent and back-to-back callers, and reads again after the ttl or a clear()', async () => {
    let clock = 0;
    let reads = 0;
    const c = createReadCoalescer(500, () => clock);
    const read = async () => ++reads;
    expect(await Promise.all([c.get('k', read), c.get('k', read), c.get('k', read)])).toEqual([1, 1, 1]);
    clock = 400;
    expect(await c.get('k', read)).toBe(1);
    expect(await c.get('other', read)).toBe(2);
    clock = 901;
    expect(await c.get('k', read)).toBe(3);
    c.clear();
    expect(await c.get('k', read)).toBe(4);
  });

  it('does not keep a failed read', async () => {
    const c = createReadCoalescer(500, () => 0);
    await expect(c.get('k', async () => { throw new Error('locked'); })).rejects.toThrow('locked');
    expect(await c.get('k', async () => 'fresh')).toBe('fresh');
  });
});

describe('read coalescer bound', () => {
  it('drops results older than the ttl, so keys read once (one per workspace) do not pile up', async () => {
    let clock = 0;
    const c = createReadCoalescer(500, () => clock);
    for (let i = 0; i < 100; i++) await c.get(`workspace-${i}`, async () => i);
    expect(c.size).toBe(100);
    clock = 1000;
    await c.get('workspace-0', async () => 0);
    expect(c.size).toBe(1);
  });
});
