import { describe, expect, it } from 'vitest';
import { lookup16, variateTables } from '../../../src/market-data/sim/fast-variates.js';
import { createRng, hash32, hashString } from '../../../src/market-data/sim/rng.js';

const { normal: NORMAL_TABLE, exponential: EXPONENTIAL_TABLE } = variateTables();

function moments(draw: () => number, n: number): { mean: number; variance: number; kurtosis: number } {
  let s1 = 0;
  let s2 = 0;
  let s4 = 0;
  const xs = Array.from({ length: n }, draw);
  for (const x of xs) s1 += x;
  const mean = s1 / n;
  for (const x of xs) {
    s2 += (x - mean) ** 2;
    s4 += (x - mean) ** 4;
  }
  const variance = s2 / n;
  return { mean, variance, kurtosis: s4 / n / variance ** 2 };
}

describe('createRng', () => {
  it('repeats the same sequence for the same seed and differs for another seed', () => {
    const draw = (seed: number): number[] => {
      const rng = createRng(seed);
      return Array.from({ length: 20 }, () => rng.uint32());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('draws uniforms strictly inside (0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = createRng(1);
    const xs = Array.from({ length: 100_000 }, () => rng.uniform());
    expect(Math.min(...xs)).toBeGreaterThan(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const m = moments(() => rng.uniform(), 100_000);
    expect(m.mean).toBeCloseTo(0.5, 2);
    expect(m.variance).toBeCloseTo(1 / 12, 3);
  });

  it.each([
    ['normal', (r: ReturnType<typeof createRng>) => r.normal(), 0, 1, 3],
    ['exponential', (r: ReturnType<typeof createRng>) => r.exponential(), 1, 1, 9],
  ] as const)('draws %s variates with the right mean, variance and kurtosis', (_, draw, mean, variance, kurtosis) => {
    const rng = createRng(3);
    const m = moments(() => draw(rng), 200_000);
    expect(m.mean).toBeCloseTo(mean, 1);
    expect(m.variance).toBeCloseTo(variance, 1);
    expect(Math.abs(m.kurtosis - kurtosis)).toBeLessThan(kurtosis * 0.1);
  });
});

describe('hashing', () => {
  it('is order-sensitive and spreads nearby inputs', () => {
    expect(hash32(1, 2)).not.toBe(hash32(2, 1));
    expect(hash32(1, 2)).toBe(hash32(1, 2));
    const hashes = new Set(Array.from({ length: 10_000 }, (_, d) => hash32(42, 3, d)));
    expect(hashes.size).toBe(10_000);
    expect(hashString('AAPL')).not.toBe(hashString('AAPM'));
  });
});

describe('table variates', () => {
  it.each([
    ['normal', NORMAL_TABLE, 0, 1],
    ['exponential', EXPONENTIAL_TABLE, 1, 1],
  ] as const)('maps all 65,536 inputs to a %s with exact mean and variance', (_, table, mean, variance) => {
    const m = moments(
      (() => {
        let u = 0;
        return () => lookup16(table, u++);
      })(),
      65_536,
    );
    expect(m.mean).toBeCloseTo(mean, 9);
    expect(m.variance).toBeCloseTo(variance, 9);
  });

  it('keeps the normal table symmetric-ish with tails past 4 sigma', () => {
    expect(lookup16(NORMAL_TABLE, 0)).toBeLessThan(-4);
    expect(lookup16(NORMAL_TABLE, 65_535)).toBeGreaterThan(4);
    expect(lookup16(EXPONENTIAL_TABLE, 0)).toBeGreaterThan(0);
  });
});
