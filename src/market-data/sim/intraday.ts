import { STEPS_PER_DAY } from './calendar.js';
import type { Columns } from './columns.js';
import type { DailyPath } from './daily-path.js';
import { EXPONENTIAL_TABLE, expSmall, lognormalTable, lookup16, NORMAL_TABLE } from './fast-variates.js';
import { createRng, hash32 } from './rng.js';
import { STREAM, type SymbolProfile } from './symbol-profile.js';

/** One day of 5-minute bars (the base grid), reused between days to avoid allocation. */
export interface DayBars extends Columns {
  /** Variance of each bar's log move (what the 1-minute refinement needs). */
  readonly variance: Float64Array;
}

export function createDayBars(): DayBars {
  const n = STEPS_PER_DAY;
  return {
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
    variance: new Float64Array(n),
  };
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
/** Bridge coefficients: step k moves `PULL[k]` of the way to the target, plus `SPREAD[k] * sigma * Z`. */
const PULL = new Float64Array(STEPS_PER_DAY);
const SPREAD = new Float64Array(STEPS_PER_DAY);
{
  let remaining = 1;
  for (let k = 0; k < STEPS_PER_DAY; k++) {
    const w = VARIANCE_PROFILE[k]!;
    const after = k === STEPS_PER_DAY - 1 ? 0 : Math.max(0, remaining - w);
    PULL[k] = w / remaining;
    SPREAD[k] = Math.sqrt((w * after) / remaining);
    remaining = after;
  }
}
/** Per-bar volume noise: lognormal, sigma 0.35, mean 1. */
const VOLUME_NOISE = lognormalTable(0.35);
/** Lets each 1-minute bar inside a 5-minute bar get at least one share. */
const MIN_BAR_VOLUME = 5;
const LAST_STEP = STEPS_PER_DAY - 1;

/**
 * Fills `out` with day `d`'s 288 five-minute bars: a seeded Brownian bridge in log price from the day's open
 * to its close (step variances follow the U-shaped profile), with the day's jump, if any, landing inside one
 * seeded bar. Each bar's high/low is a draw of a Brownian bridge's extremes between its open and close:
 * max = mid + sqrt(half^2 + var * E / 2), E ~ Exp(1) (exact for a bridge). Depends only on (profile, path, d).
 */
export function generateDay(profile: SymbolProfile, path: DailyPath, d: number, out: DayBars): void {
  const rng = createRng(hash32(profile.seed, STREAM.intraday, d));
  const closeLog = path.closeLog[d]!;
  const sigma = path.sigma[d]!;
  const variance = sigma * sigma;
  const jump = path.jump[d]!;
  const jumpStep = jump === 0 ? -1 : Math.floor(rng.uniform() * STEPS_PER_DAY);
  const target = closeLog - jump;
  const dayVolume = path.volume[d]!;
  const { open, high, low, close, volume } = out;
  let x = path.openLog[d]!; // diffusion part of the log price
  let offset = 0; // the jump, once it has happened
  let prevLog = x;
  let prev = Math.exp(x);
  for (let k = 0; k < STEPS_PER_DAY; k++) {
    const bits1 = rng.uint32();
    const bits2 = rng.uint32();
    x += (target - x) * PULL[k]! + SPREAD[k]! * sigma * lookup16(NORMAL_TABLE, bits1 >>> 16);
    if (k === jumpStep) offset = jump;
    const cLog = x + offset;
    const move = cLog - prevLog;
    // Prices follow the log path multiplicatively; the last close is pinned to the day's close exactly.
    const c = k === LAST_STEP ? Math.exp(closeLog) : move <= 0.1 && move >= -0.1 ? prev * expSmall(move) : Math.exp(cLog);
    // Extremes beyond the body: sqrt(half^2 + var * E / 2) - |half|, in the cancellation-free form.
    const half = 0.5 * Math.abs(move);
    const halfVar = 0.5 * variance * VARIANCE_PROFILE[k]!;
    const upVar = halfVar * lookup16(EXPONENTIAL_TABLE, bits2 >>> 16);
    const downVar = halfVar * lookup16(EXPONENTIAL_TABLE, bits2 & 0xffff);
    const up = upVar / (Math.sqrt(half * half + upVar) + half);
    const down = downVar / (Math.sqrt(half * half + downVar) + half);
    open[k] = prev;
    close[k] = c;
    high[k] = (prev > c ? prev : c) * (up <= 0.1 ? expSmall(up) : Math.exp(up));
    low[k] = (prev < c ? prev : c) * (down <= 0.1 ? expSmall(-down) : Math.exp(-down));
    const v = dayVolume * VOLUME_PROFILE[k]! * lookup16(VOLUME_NOISE, bits1 & 0xffff);
    volume[k] = v > MIN_BAR_VOLUME ? Math.round(v) : MIN_BAR_VOLUME;
    prevLog = cLog;
    prev = c;
  }
  for (let k = 0; k < STEPS_PER_DAY; k++) out.variance[k] = variance * VARIANCE_PROFILE[k]!;
}
