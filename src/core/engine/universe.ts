import type { BarSeries } from '../domain/bar.js';
import type { Universe } from '../strategies/strategy.js';

/**
 * Aligns series on the union of their bar times. Single-series universes (the common case) get an
 * identity index without merging.
 */
export function buildUniverse(series: readonly BarSeries[], tradable: readonly boolean[]): Universe {
  const symbols = series.map((s) => s.symbol);
  if (series.length === 1) {
    const s = series[0]!;
    const idx = new Int32Array(s.length);
    for (let i = 0; i < s.length; i++) idx[i] = i;
    return { times: s.time, symbols, series, index: [idx], tradable };
  }
  const times = mergeTimes(series);
  const index = series.map((s) => {
    const idx = new Int32Array(times.length);
    let j = -1;
    for (let t = 0; t < times.length; t++) {
      const tt = times[t]!;
      while (j + 1 < s.length && s.time[j + 1]! <= tt) j++;
      idx[t] = j;
    }
    return idx;
  });
  return { times, symbols, series, index, tradable };
}

function mergeTimes(series: readonly BarSeries[]): Float64Array {
  if (series.every((s) => sameTimes(s.time, series[0]!.time))) return series[0]!.time;
  let total = 0;
  for (const s of series) total += s.length;
  const all = new Float64Array(total);
  let o = 0;
  for (const s of series) {
    all.set(s.time, o);
    o += s.length;
  }
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) {
    if (n === 0 || all[i] !== all[n - 1]) all[n++] = all[i]!;
  }
  return all.slice(0, n);
}

/** True when symbol k printed a bar exactly at timeline step t (not just carried forward). */
export function hasBarAt(u: Universe, k: number, t: number): boolean {
  const i = u.index[k]![t]!;
  return i >= 0 && u.series[k]!.time[i] === u.times[t];
}

function sameTimes(a: Float64Array, b: Float64Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
