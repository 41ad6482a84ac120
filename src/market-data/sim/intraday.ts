import { STEPS_PER_DAY } from './calendar.js';
import type { Columns } from './columns.js';
import { bridgeExcess, MIN_BAR_VOLUME, type DailyPath } from './daily-path.js';
import { lognormalTable, lookup16, variateTables } from './fast-variates.js';
import { createRng, hash32, type Rng } from './rng.js';
import { STREAM, type SymbolProfile } from './symbol-profile.js';

/** One day of 5-minute bars (the base grid) plus generation scratch, reused between days. */
export interface DayBars extends Columns {
  /** Variance of each bar's log move (what the 1-minute refinement needs). */
  readonly variance: Float64Array;
  /** Scratch: the log-price path (289 points) and volume weights. */
  readonly rawPoint: Float64Array;
  readonly weight: Float64Array;
}

export function createDayBars(): DayBars {
  const n = STEPS_PER_DAY;
  const f = (): Float64Array => new Float64Array(n);
  return { open: f(), high: f(), low: f(), close: f(), volume: f(), variance: f(), rawPoint: new Float64Array(n + 1), weight: f() };
}

/** Normalised U-shaped weights over the UTC day: `1 + depth * (2t - 1)^2`, highest at 00:00 and 24:00. */
function uShape(depth: number): Float64Array {
  const w = new Float64Array(STEPS_PER_DAY);
  let sum = 0;
  for (let k = 0; k < STEPS_PER_DAY; k++) {
    const t = (k + 0.5) / STEPS_PER_DAY;
    w[k] = 1 + depth * (2 * t - 1) * (2 * t - 1);
    sum += w[k]!;
  }
  for (let k = 0; k < STEPS_PER_DAY; k++) w[k] = w[k]! / sum;
  return w;
}

const VOLUME_PROFILE = uShape(2); // the start and end of the UTC day trade ~3x the midday rate
const VARIANCE_PROFILE = uShape(1); // and move more
/** CUMULATIVE[k] = sum of VARIANCE_PROFILE[0..k-1]: the variance budget between any two grid points. */
const CUMULATIVE = new Float64Array(STEPS_PER_DAY + 1);
for (let k = 0; k < STEPS_PER_DAY; k++) CUMULATIVE[k + 1] = CUMULATIVE[k]! + VARIANCE_PROFILE[k]!;
/** Per-bar volume noise: lognormal, sigma 0.35, mean 1. */
/** Lognormal volume noise, built with the variate tables at the first simulated day. */
let volumeNoise: Float64Array | undefined;
const LAST = STEPS_PER_DAY - 1;

/**
 * Fills `out` with day `d`'s 288 five-minute bars, which aggregate exactly to the daily path's bar.
 * 1. Two seeded grid times get the day's extremes: near-extreme points are pinned there (the high first on
 *    down days 70% of the time, and always before a down jump), and seeded Brownian bridges in log price
 *    (step variances follow the U-shaped profile) join open -> first extreme -> second extreme -> close.
 *    A jump lands inside one seeded bar between the extremes.
 * 2. Every point and wick (a Brownian-bridge extreme between the bar's open and close) is clamped into the
 *    day's [low, high]; the two extreme bars take the daily high and low verbatim, so max/min are exact.
 * 3. The day's volume is split by U-shaped, noisy weights with telescoping rounding, so it sums exactly.
 * Depends only on (profile, path, d): any day can be generated without the days before it.
 */
export function generateDay(profile: SymbolProfile, path: DailyPath, d: number, out: DayBars): void {
  const exponential = variateTables().exponential;
  const noise = (volumeNoise ??= lognormalTable(0.35));
  const rng = createRng(hash32(profile.seed, STREAM.intraday, d));
  const openLog = path.openLog[d]!;
  const closeLog = path.closeLog[d]!;
  const highLog = path.highLog[d]!;
  const lowLog = path.lowLog[d]!;
  const sigma = path.sigma[d]!;
  const variance = sigma * sigma;
  const jump = path.jump[d]!;
  const { t1, t2, highFirst } = extremeTimes(rng, openLog, closeLog, highLog, lowLog, jump, sigma);
  const highAt = highFirst ? t1 : t2;
  const lowAt = highFirst ? t2 : t1;
  const jumpStep = jump === 0 ? -1 : t1 + Math.floor(rng.uniform() * (t2 - t1));
  // The extreme bars' wicks reach the extremes, so their pinned points sit a bar-sized excess inside them.
  const inside = (t: number): number => Math.sqrt(0.5 * variance * VARIANCE_PROFILE[t]! * rng.exponential());
  const point = out.rawPoint;
  point[0] = openLog;
  point[highAt] = Math.max(lowLog, highLog - inside(highAt));
  point[lowAt] = Math.min(highLog, lowLog + inside(lowAt));
  point[STEPS_PER_DAY] = closeLog;
  bridge(rng, point, 0, t1, sigma, -1, 0);
  bridge(rng, point, t1, t2, sigma, jumpStep, jump);
  bridge(rng, point, t2, STEPS_PER_DAY, sigma, -1, 0);
  const highest = Math.exp(highLog);
  const lowest = Math.exp(lowLog);
  const spare = path.volume[d]! - STEPS_PER_DAY * MIN_BAR_VOLUME;
  const { weight } = out;
  let weightSum = 0;
  for (let k = 0; k < STEPS_PER_DAY; k++) {
    weight[k] = VOLUME_PROFILE[k]! * lookup16(noise, rng.uint32() >>> 16);
    weightSum += weight[k]!;
  }
  let cumulative = 0;
  let allocated = 0;
  let prevLog = openLog;
  let prev = Math.exp(openLog);
  for (let k = 0; k < STEPS_PER_DAY; k++) {
    const bits = rng.uint32();
    const nextLog = clamp(point[k + 1]!, lowLog, highLog);
    const c = k === LAST ? Math.exp(closeLog) : clamp(Math.exp(nextLog), lowest, highest);
    const halfVar = 0.5 * variance * VARIANCE_PROFILE[k]!;
    const half = 0.5 * Math.abs(nextLog - prevLog);
    const top = Math.max(prevLog, nextLog);
    const bottom = Math.min(prevLog, nextLog);
    out.open[k] = prev;
    out.close[k] = c;
    out.high[k] = k === highAt ? highest : clamp(Math.exp(top + bridgeExcess(half, halfVar * lookup16(exponential, bits >>> 16))), Math.max(prev, c), highest);
    out.low[k] = k === lowAt ? lowest : clamp(Math.exp(bottom - bridgeExcess(half, halfVar * lookup16(exponential, bits & 0xffff))), lowest, Math.min(prev, c));
    out.variance[k] = 2 * halfVar;
    cumulative += weight[k]!;
    const upTo = k === LAST ? spare : Math.round((spare * cumulative) / weightSum);
    out.volume[k] = MIN_BAR_VOLUME + upTo - allocated;
    allocated = upTo;
    prevLog = nextLog;
    prev = c;
  }
}

const MAX_PIECE_SIGMAS = 2;
const EXTREME_TIME_TRIES = 8;

/**
 * Seeded grid times (1..287, distinct, t1 < t2) for the day's high and low. Uniform times would often ask
 * a bridge to cover a large distance in a few bars (an extreme right after the open); real extremes sit
 * far from the open when they are far in price. So candidates are drawn until every piece
 * (open -> first extreme -> second -> close) needs at most 2 of its own sigmas; else the best one is used.
 * The high comes first on 70% of down days (30% of up days), and always before a down jump.
 */
function extremeTimes(rng: Rng, open: number, close: number, high: number, low: number, jump: number, sigma: number): { t1: number; t2: number; highFirst: boolean } {
  let best = { t1: 1, t2: 2, highFirst: true };
  let bestScore = Infinity;
  for (let attempt = 0; attempt < EXTREME_TIME_TRIES && bestScore > MAX_PIECE_SIGMAS; attempt++) {
    const a = 1 + Math.floor(rng.uniform() * (STEPS_PER_DAY - 1));
    let b = 1 + Math.floor(rng.uniform() * (STEPS_PER_DAY - 2));
    if (b >= a) b++;
    const t1 = Math.min(a, b);
    const t2 = Math.max(a, b);
    const highFirst = jump !== 0 ? jump < 0 : rng.uniform() < (close < open ? 0.7 : 0.3);
    const first = highFirst ? high : low;
    const second = highFirst ? low : high;
    const z = (from: number, to: number, distance: number): number =>
      Math.abs(distance) / (sigma * Math.sqrt(CUMULATIVE[to]! - CUMULATIVE[from]!));
    const score = Math.max(z(0, t1, first - open), z(t1, t2, second - first - jump), z(t2, STEPS_PER_DAY, close - second));
    if (score < bestScore) {
      best = { t1, t2, highFirst };
      bestScore = score;
    }
  }
  return best;
}

/**
 * Fills points from+1..to-1 with a Brownian bridge between the fixed points `from` and `to` (step k's share of
 * the day's variance is VARIANCE_PROFILE[k]); a jump, if `jumpStep` is in range, lands in bar `jumpStep`.
 */
function bridge(rng: Rng, point: Float64Array, from: number, to: number, sigma: number, jumpStep: number, jump: number): void {
  const target = point[to]! - (jumpStep >= 0 ? jump : 0);
  const normal = variateTables().normal;
  let x = point[from]!;
  let offset = 0;
  for (let k = from; k < to - 1; k++) {
    const w = VARIANCE_PROFILE[k]!;
    const remaining = CUMULATIVE[to]! - CUMULATIVE[k]!;
    x += ((target - x) * w) / remaining + sigma * Math.sqrt((w * (remaining - w)) / remaining) * lookup16(normal, rng.uint32() >>> 16);
    if (k === jumpStep) offset = jump;
    point[k + 1] = x + offset;
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
