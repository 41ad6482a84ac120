// Deterministic equity curves for the chart tests (a seeded walk: no Math.random, same curve every run).
const DAY_MS = 86_400_000;
const START_MS = Date.UTC(2020, 0, 1);

export function walkCurve(n: number, seed = 1, startEquity = 100_000, stepMs = DAY_MS): { time: Float64Array; equity: Float64Array } {
  const time = new Float64Array(n);
  const equity = new Float64Array(n);
  let state = seed >>> 0;
  let e = startEquity;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0; // LCG (Numerical Recipes constants)
    e *= 1 + (state / 2 ** 32 - 0.49) * 0.02;
    time[i] = START_MS + i * stepMs;
    equity[i] = e;
  }
  return { time, equity };
}
