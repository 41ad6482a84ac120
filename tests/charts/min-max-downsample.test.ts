import { describe, expect, it } from 'vitest';
import { minMaxDownsample } from '../../src/charts/min-max-downsample.js';
import { walkCurve } from './curves.js';

const argMin = (a: Float64Array): number => a.reduce((best, v, i) => (v < a[best]! ? i : best), 0);
const argMax = (a: Float64Array): number => a.reduce((best, v, i) => (v > a[best]! ? i : best), 0);

describe('minMaxDownsample', () => {
  it.each([0, 1, 2, 1_999, 2_000])('returns a %i-point curve untouched when it fits in 2,000 points', (n) => {
    const { time, equity } = walkCurve(n);
    const d = minMaxDownsample(time, equity, 2_000);
    expect(d.time).toBe(time);
    expect(d.values).toBe(equity);
  });

  it.each([2_001, 4_003, 10_000, 250_000])('keeps a %i-point curve within the budget, in time order, as a subset of the input', (n) => {
    const { time, equity } = walkCurve(n, n);
    const d = minMaxDownsample(time, equity, 2_000);
    expect(d.time.length).toBe(d.values.length);
    expect(d.time.length).toBeLessThanOrEqual(2_000);
    expect(d.time.length).toBeGreaterThan(1_000);
    for (let k = 0; k < d.time.length; k++) {
      // walkCurve's times are day indexes, so a time names the input point it came from.
      const i = Math.round((d.time[k]! - time[0]!) / 86_400_000);
      expect(time[i]).toBe(d.time[k]);
      expect(equity[i]).toBe(d.values[k]);
      if (k > 0) expect(d.time[k]!).toBeGreaterThan(d.time[k - 1]!);
    }
  });

  it.each([2_001, 10_000, 1_000_000])('keeps the first, last, lowest and highest points of a %i-point curve', (n) => {
    const { time, equity } = walkCurve(n, 7);
    const d = minMaxDownsample(time, equity, 2_000);
    expect(d.time[0]).toBe(time[0]);
    expect(d.time[d.time.length - 1]).toBe(time[n - 1]);
    expect(d.time).toContain(time[argMin(equity)]);
    expect(d.time).toContain(time[argMax(equity)]);
  });

  it.each([
    { where: 'near the start', at: 3 },
    { where: 'in the middle', at: 50_000 },
    { where: 'near the end', at: 99_996 },
  ])('never drops a one-point spike or dip $where of a flat curve', ({ at }) => {
    const n = 100_000;
    const time = Float64Array.from({ length: n }, (_, i) => i);
    const equity = new Float64Array(n).fill(1_000);
    equity[at] = 5_000;
    equity[at + 2] = 10;
    const d = minMaxDownsample(time, equity, 500);
    expect(Array.from(d.values)).toContain(5_000);
    expect(Array.from(d.values)).toContain(10);
  });

  it.each([0, 3, 2.5, Number.NaN])('rejects a budget of %s points', (maxPoints) => {
    const { time, equity } = walkCurve(10);
    expect(() => minMaxDownsample(time, equity, maxPoints)).toThrow(RangeError);
  });
});
