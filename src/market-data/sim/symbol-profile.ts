import { createRng, hash32, hashString } from './rng.js';

/** The fixed character of one simulated symbol, derived only from (market seed, symbol). */
export interface SymbolProfile {
  readonly symbol: string;
  /** Root of every random stream for this symbol. */
  readonly seed: number;
  readonly startPrice: number;
  /** Base annualised volatility of log returns (before regimes and jumps). */
  readonly annualVol: number;
  /** Expected annual arithmetic return. */
  readonly annualDrift: number;
  /** Typical shares traded per day in a calm regime. */
  readonly dailyVolume: number;
}

/** Stream tags keep the profile, daily path, intraday and 1-minute draws independent of each other. */
export const STREAM = { profile: 1, daily: 2, intraday: 3, minute: 4 } as const;

export function symbolSeed(marketSeed: number, symbol: string): number {
  // Split the seed into two 32-bit halves so every safe integer seed gives a distinct market.
  const lo = marketSeed >>> 0;
  const hi = Math.floor(marketSeed / 4_294_967_296) >>> 0;
  return hash32(lo, hi, hashString(symbol));
}

export function deriveProfile(marketSeed: number, symbol: string): SymbolProfile {
  const seed = symbolSeed(marketSeed, symbol);
  const rng = createRng(hash32(seed, STREAM.profile));
  return {
    symbol,
    seed,
    startPrice: 10 * Math.pow(50, rng.uniform()), // log-uniform 10..500
    annualVol: 0.15 + 0.45 * rng.uniform(), // 15%..60%
    annualDrift: -0.04 + 0.16 * rng.uniform(), // -4%..+12%
    dailyVolume: Math.pow(10, 5 + 2.5 * rng.uniform()), // 100k..30M shares
  };
}
