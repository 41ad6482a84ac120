import type { Columns } from './columns.js';
import type { DayBars } from './intraday.js';
import { createRng, hash32 } from './rng.js';
import { STREAM } from './symbol-profile.js';

export const MINUTES_PER_STEP = 5;

// Scratch buffers: refineStep is synchronous and never re-entered, so sharing them is safe and allocation-free.
const path = new Float64Array(MINUTES_PER_STEP + 1);
const shares = new Float64Array(MINUTES_PER_STEP);

/**
 * Splits 5-minute bar `k` of day `d` into five 1-minute bars that reproduce it exactly:
 * 1. the 1-minute closes are a seeded Brownian bridge (log price, equal sub-variances) from the 5m open to
 *    the 5m close, clamped into the 5m [low, high], so the first open and last close match;
 * 2. one seeded minute is given the 5m high and one (possibly the same) the 5m low; every other minute's
 *    wicks are small bridge-extreme draws clamped inside [low, high], so max/min match exactly;
 * 3. the 5m volume is split by seeded weights with at least one share a minute, so volumes sum exactly.
 * Each 5m bar has its own stream (seed, day, k), so any minute can be produced without its neighbours.
 */
export function refineStep(seed: number, d: number, k: number, bars: DayBars, out: Columns, at: number): void {
  const rng = createRng(hash32(seed, STREAM.minute, d, k));
  const o = bars.open[k]!;
  const h = bars.high[k]!;
  const l = bars.low[k]!;
  const c = bars.close[k]!;
  const v = bars.volume[k]!;
  const subVar = bars.variance[k]! / MINUTES_PER_STEP;
  const subSigma = Math.sqrt(subVar);
  const target = Math.log(c);
  let x = Math.log(o);
  path[0] = o;
  for (let i = 1; i < MINUTES_PER_STEP; i++) {
    const left = MINUTES_PER_STEP - i + 1; // minutes still to go, counting this one
    x += (target - x) / left + subSigma * Math.sqrt((left - 1) / left) * rng.normal();
    const price = Math.exp(x);
    path[i] = price > h ? h : price < l ? l : price; // clamp in price space: exp(log(h)) may exceed h by an ulp
  }
  path[MINUTES_PER_STEP] = c;
  const highAt = Math.floor(rng.uniform() * MINUTES_PER_STEP);
  const lowAt = Math.floor(rng.uniform() * MINUTES_PER_STEP);
  let weightSum = 0;
  for (let i = 0; i < MINUTES_PER_STEP; i++) {
    shares[i] = 0.5 + rng.uniform();
    weightSum += shares[i]!;
  }
  const spare = v - MINUTES_PER_STEP;
  let assigned = 0;
  for (let i = 0; i < MINUTES_PER_STEP; i++) {
    const mo = path[i]!;
    const mc = path[i + 1]!;
    const top = Math.max(mo, mc);
    const bottom = Math.min(mo, mc);
    const j = at + i;
    out.open[j] = mo;
    out.close[j] = mc;
    out.high[j] = i === highAt ? h : Math.min(h, top * Math.exp(Math.sqrt(0.5 * subVar * rng.exponential())));
    out.low[j] = i === lowAt ? l : Math.max(l, bottom * Math.exp(-Math.sqrt(0.5 * subVar * rng.exponential())));
    const share = i === MINUTES_PER_STEP - 1 ? spare - assigned : Math.floor((spare * shares[i]!) / weightSum);
    assigned += share;
    out.volume[j] = 1 + share;
  }
}
