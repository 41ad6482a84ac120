// Comparison helpers for the oracle tests: our kernels are full-length with NaN warm-up, the library
// returns only the defined values, so `offset` is the index of our first defined value.
import { expect } from 'vitest';

export const TOLERANCE = 1e-9;

/** Absolute error for values up to 1, relative above (prices, volumes). */
export function scaledError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
}

export function expectMatchesOracle(
  actual: Float64Array,
  expected: readonly number[],
  offset: number,
  tolerance = TOLERANCE,
): void {
  expect(actual.length).toBe(offset + expected.length);
  const warmUp = Array.from(actual.subarray(0, offset));
  expect(warmUp.every(Number.isNaN)).toBe(true);
  let worst = 0;
  let worstAt = -1;
  for (let j = 0; j < expected.length; j++) {
    const err = scaledError(actual[offset + j]!, expected[j]!);
    // `!(err <= worst)` also catches NaN in our output.
    if (!(err <= worst)) {
      worst = err;
      worstAt = offset + j;
    }
  }
  expect(worst, `worst error at index ${worstAt}`).toBeLessThanOrEqual(tolerance);
}

export function toArray(values: Float64Array): number[] {
  return Array.from(values);
}
