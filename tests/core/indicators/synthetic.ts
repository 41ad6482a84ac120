// Deterministic synthetic prices for numerical stress tests (no randomness from the environment).

/** Prices around 1e5 that trend and move by cents: where sum(x^2) - n*mean^2 cancels catastrophically. */
export function highPricedSeries(n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = 1e5 + i * 0.5 + 0.01 * Math.sin(i * 0.7) + 0.003 * Math.cos(i * 1.9);
  return out;
}

/** A cent-rounded random walk around 1e5 (fixed-seed LCG): many equal neighbours, near-flat windows. */
export function centsWalk(n: number): Float64Array {
  const out = new Float64Array(n);
  let seed = 42;
  let price = 1e5;
  for (let i = 0; i < n; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    price = Math.round((price + (seed / 2 ** 32 - 0.5) * 0.05) * 100) / 100;
    out[i] = price;
  }
  return out;
}
