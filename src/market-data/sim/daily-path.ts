import { DAYS_PER_YEAR, STEPS_PER_DAY } from './calendar.js';
import { createRng, hash32 } from './rng.js';
import { STREAM, type SymbolProfile } from './symbol-profile.js';

/**
 * Volatility regimes: a 2-state Markov chain (calm/turbulent) switched once per day. The multipliers are
 * chosen so the stationary mix (1/6 of days turbulent) has an RMS multiplier of ~1: the symbol's base vol.
 */
const CALM_VOL = 0.74;
const TURBULENT_VOL = 1.8;
const P_CALM_TO_TURBULENT = 0.01; // calm spells last ~100 days
const P_TURBULENT_TO_CALM = 0.05; // turbulent spells last ~20 days
/** Share of a day's variance that arrives as the 00:00 UTC "overnight" gap; the rest is intraday diffusion. */
const GAP_VARIANCE_SHARE = 0.15;
/** Poisson jumps: ~2 a year, size Pareto(alpha 3) from 3 daily sigmas up, capped at a 40% log move. */
const JUMPS_PER_DAY = 2 / DAYS_PER_YEAR;
const JUMP_MIN_SIGMAS = 3;
const JUMP_TAIL_ALPHA = 3;
const JUMP_CAP_LOG = 0.4;
const JUMP_DOWN_PROBABILITY = 0.55;
/** Every 5-minute bar trades at least this many shares (so each 1-minute bar gets at least one). */
export const MIN_BAR_VOLUME = 5;

/** sqrt(half^2 + a) - half without cancellation; > 0 whenever a > 0. */
export function bridgeExcess(half: number, a: number): number {
  return a / (Math.sqrt(half * half + a) + half);
}

/**
 * The cumulative daily skeleton of one symbol: each day's open, high, low and close (log prices), intraday
 * diffusion sigma, jump and total volume. The intraday generator fills in 5-minute bars that hit exactly
 * these values, so daily bars cost O(1) a day. Each day draws from its own seeded stream, so extending the
 * path never changes days already computed; it is the only state built from day 0 (~10 draws a day).
 */
export class DailyPath {
  /** Days computed so far (indices 0..length-1 are valid). */
  length = 0;
  openLog: Float64Array = new Float64Array(0);
  highLog: Float64Array = new Float64Array(0);
  lowLog: Float64Array = new Float64Array(0);
  closeLog: Float64Array = new Float64Array(0);
  /** Standard deviation of the day's intraday diffusion (log units). */
  sigma: Float64Array = new Float64Array(0);
  /** Log size of the day's jump, 0 when there is none. */
  jump: Float64Array = new Float64Array(0);
  /** Shares traded that day (an integer, the sum of its 5-minute volumes). */
  volume: Float64Array = new Float64Array(0);
  private turbulent = false;

  constructor(private readonly profile: SymbolProfile) {}

  /** Makes days 0..days-1 available. */
  ensure(days: number): void {
    if (days <= this.length) return;
    this.grow(days);
    const p = this.profile;
    const baseSigma = p.annualVol / Math.sqrt(DAYS_PER_YEAR);
    const driftPerDay = (Math.log(1 + p.annualDrift) - 0.5 * p.annualVol * p.annualVol) / DAYS_PER_YEAR;
    const gapShare = Math.sqrt(GAP_VARIANCE_SHARE);
    const diffusionShare = Math.sqrt(1 - GAP_VARIANCE_SHARE);
    for (let d = this.length; d < days; d++) {
      const rng = createRng(hash32(p.seed, STREAM.daily, d));
      const u = rng.uniform();
      if (d === 0) this.turbulent = u < P_CALM_TO_TURBULENT / (P_CALM_TO_TURBULENT + P_TURBULENT_TO_CALM);
      else if (this.turbulent ? u < P_TURBULENT_TO_CALM : u < P_CALM_TO_TURBULENT) this.turbulent = !this.turbulent;
      const regime = this.turbulent ? TURBULENT_VOL : CALM_VOL;
      const sigmaDay = baseSigma * regime;
      const sigma = diffusionShare * sigmaDay;
      const gap = rng.normal() * gapShare * sigmaDay;
      const open = d === 0 ? Math.log(p.startPrice) : this.closeLog[d - 1]! + gap;
      let jump = 0;
      if (rng.uniform() < JUMPS_PER_DAY) {
        const size = JUMP_MIN_SIGMAS * sigmaDay * Math.pow(rng.uniform(), -1 / JUMP_TAIL_ALPHA);
        jump = Math.min(size, JUMP_CAP_LOG) * (rng.uniform() < JUMP_DOWN_PROBABILITY ? -1 : 1);
      }
      const diffusion = driftPerDay + rng.normal() * sigma;
      const close = open + diffusion + jump;
      // Extremes of a Brownian bridge over the diffusion part: beyond the higher endpoint by
      // sqrt(half^2 + sigma^2 E / 2) - half, E ~ Exp(1) (exact for a bridge; written cancellation-free).
      const half = 0.5 * Math.abs(diffusion);
      const up = bridgeExcess(half, 0.5 * sigma * sigma * rng.exponential());
      const down = bridgeExcess(half, 0.5 * sigma * sigma * rng.exponential());
      // Busy days trade more: volume follows the regime and the size of the day's move, with noise.
      const moveSigmas = Math.abs(close - open) / sigmaDay;
      const shares = p.dailyVolume * regime * (0.7 + 0.3 * moveSigmas) * Math.exp(0.25 * rng.normal());
      this.openLog[d] = open;
      this.closeLog[d] = close;
      this.highLog[d] = Math.max(open, close) + up;
      this.lowLog[d] = Math.min(open, close) - down;
      this.sigma[d] = sigma;
      this.jump[d] = jump;
      this.volume[d] = Math.max(STEPS_PER_DAY * MIN_BAR_VOLUME, Math.round(shares));
    }
    this.length = days;
  }

  /** Days the arrays can hold without growing: what this path costs in memory (7 doubles a day). */
  get capacityDays(): number {
    return this.openLog.length;
  }

  private grow(days: number): void {
    if (days <= this.openLog.length) return;
    // A quarter of headroom, not double: paths are kept in a cache bounded by capacity, so slack is paid for.
    const capacity = Math.max(days, Math.ceil(this.openLog.length * 1.25), 1024);
    const extend = (a: Float64Array): Float64Array => {
      const b = new Float64Array(capacity);
      b.set(a.subarray(0, this.length));
      return b;
    };
    this.openLog = extend(this.openLog);
    this.highLog = extend(this.highLog);
    this.lowLog = extend(this.lowLog);
    this.closeLog = extend(this.closeLog);
    this.sigma = extend(this.sigma);
    this.jump = extend(this.jump);
    this.volume = extend(this.volume);
  }
}
