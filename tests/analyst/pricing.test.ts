import { describe, expect, it } from 'vitest';
import { estimateCostUsd, isPricedModel, priceOf } from '../../src/analyst/pricing.js';

describe('the Claude price table', () => {
  it.each([
    ['claude-sonnet-4-6', 'sonnet-4', 3, 15],
    ['claude-sonnet-4-5-20250929', 'sonnet-4', 3, 15],
    ['claude-sonnet-4-20250514', 'sonnet-4', 3, 15],
    ['claude-haiku-4-5', 'haiku-4', 1, 5],
    ['claude-opus-4-20250514', 'opus-4', 15, 75],
    ['claude-opus-4-1', 'opus-4', 15, 75],
    ['claude-opus-4-5', 'opus-4.5+', 5, 25],
    ['claude-opus-4.6', 'opus-4.5+', 5, 25],
    ['claude-opus-4-10', 'opus-4.5+', 5, 25],
  ])('prices %s as %s ($%i in / $%i out per million tokens)', (model, family, input, output) => {
    expect(priceOf(model)).toEqual({ price: { family, inputPerMTokUsd: input, outputPerMTokUsd: output }, known: true });
  });

  it.each(['claude-3-7-sonnet-20250219', 'claude-mythos-1', 'gpt-4o', 'claude-sonnet-5'])('prices unknown %s as the most expensive family and says so', (model) => {
    expect(priceOf(model)).toEqual({ price: { family: 'opus-4', inputPerMTokUsd: 15, outputPerMTokUsd: 75 }, known: false });
    expect(isPricedModel(model)).toBe(false);
  });

  it('estimates the cost of an answer from its tokens', () => {
    expect(estimateCostUsd('claude-sonnet-4-6', 1_000_000, 100_000)).toBeCloseTo(3 + 1.5, 12);
    expect(estimateCostUsd('claude-haiku-4-5', 200, 40)).toBeCloseTo((200 * 1 + 40 * 5) / 1e6, 15);
    expect(estimateCostUsd('claude-opus-4-5', 0, 0)).toBe(0);
  });
});
