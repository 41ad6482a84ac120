/** Small helpers shared by the strategies: bar lookup, position checks, number formatting, confidence. */
import type { Signal, SignalAction } from '../domain/signal.js';
import type { Universe } from './strategy.js';

/**
 * Index into series k of the bar printed exactly at timeline step t, or -1 when symbol k has no bar at t
 * (not started yet, or only carried forward). Same rule as `hasBarAt`, inlined for the per-step hot path.
 */
export function barIndexAt(u: Universe, k: number, t: number): number {
  const i = u.index[k]![t]!;
  return i >= 0 && u.series[k]!.time[i] === u.times[t] ? i : -1;
}

/** Signed quantity held (0 when flat). */
export function heldQty(holdings: ReadonlyMap<string, number>, symbol: string): number {
  return holdings.get(symbol) ?? 0;
}

/** Prices and indicator values: 2 decimals, 4 below 1 so penny moves stay visible. */
export function fmt(x: number): string {
  return Math.abs(x) >= 1 ? x.toFixed(2) : x.toFixed(4);
}

/** A fraction as a percentage with 2 decimals: 0.1234 -> "12.34%". */
export function fmtPct(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

/**
 * The confidence formula every strategy uses: 0.5 for a signal that only just meets its rule, rising linearly
 * with how far past the threshold the numbers are, reaching 1 at `fullAt` (same units as `excess`).
 * Always in [0.5, 1]; a NaN or non-positive excess gives 0.5.
 */
export function scaledConfidence(excess: number, fullAt: number): number {
  const r = excess / fullAt;
  if (!(r > 0)) return 0.5;
  return r >= 1 ? 1 : 0.5 + 0.5 * r;
}

export function signal(symbol: string, action: SignalAction, confidence: number, reason: string): Signal {
  return { symbol, action, confidence, reason };
}


