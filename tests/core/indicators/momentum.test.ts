import { describe, expect, it } from 'vitest';
import { momentum } from '../../../src/core/indicators/index.js';
import { toArray } from './oracle.js';

describe('momentum', () => {
  it.each([
    { values: [100, 110, 121, 108.9], lookback: 1, expected: [NaN, 0.1, 0.1, -0.1] },
    { values: [100, 110, 121, 108.9], lookback: 2, expected: [NaN, NaN, 0.21, -0.01] },
    { values: [50, 50, 25], lookback: 2, expected: [NaN, NaN, -0.5] },
    { values: [1, 2], lookback: 3, expected: [NaN, NaN] },
  ])('is values[i] / values[i - $lookback] - 1 for $values', ({ values, lookback, expected }) => {
    const out = toArray(momentum(values, lookback));
    expect(out).toHaveLength(expected.length);
    out.forEach((v, i) => {
      if (Number.isNaN(expected[i]!)) expect(v).toBeNaN();
      else expect(v).toBeCloseTo(expected[i]!, 14);
    });
  });
});
