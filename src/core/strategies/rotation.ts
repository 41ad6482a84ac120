/**
 * Shared mechanics of the rotation strategies (momentum-rotation, sector-rotation, dual-momentum). They only
 * work on rebalance steps, so allocating a few small arrays there is fine.
 */
import type { Signal } from '../domain/signal.js';
import { barIndexAt, heldQty } from './signal-helpers.js';
import { NO_SIGNALS, type Universe } from './strategy.js';

/** A rebalance every `every` timeline steps, counted from the first step. */
export function isRebalanceStep(t: number, every: number): boolean {
  return t % every === 0;
}

/**
 * Universe indices of the tradable symbols that printed a bar at t, have at least `minBars` bars and a finite
 * score, best score first; ties keep universe order so the result is deterministic. `skipK` is left out.
 */
export function rankAt(
  u: Universe,
  t: number,
  scores: readonly Float64Array[],
  minBars: number,
  skipK = -1,
): number[] {
  const ks: number[] = [];
  for (let k = 0; k < u.series.length; k++) {
    if (!u.tradable[k] || k === skipK) continue;
    const i = barIndexAt(u, k, t);
    if (i < 0 || i + 1 < minBars || !Number.isFinite(scores[k]![i]!)) continue;
    ks.push(k);
  }
  const scoreOf = (k: number): number => scores[k]![u.index[k]![t]!]!;
  return ks.sort((a, b) => scoreOf(b) - scoreOf(a) || a - b);
}

/** Score of symbol k at step t (its bar at t; callers only ask for ranked symbols). */
export function scoreAt(u: Universe, scores: readonly Float64Array[], k: number, t: number): number {
  return scores[k]![u.index[k]![t]!]!;
}

/**
 * Signals that move the long book to exactly `targets`: exits first (held tradable symbols that printed a bar
 * at t and are not targets), then entries (targets not already long). Symbols without a bar at t are left
 * alone until a rebalance where they trade.
 */
export function rebalanceTo(
  u: Universe,
  t: number,
  holdings: ReadonlyMap<string, number>,
  targets: readonly number[],
  exitSignal: (k: number) => Signal,
  entrySignal: (k: number) => Signal,
): readonly Signal[] {
  const out: Signal[] = [];
  for (let k = 0; k < u.series.length; k++) {
    if (!u.tradable[k] || targets.includes(k)) continue;
    if (heldQty(holdings, u.symbols[k]!) > 0 && barIndexAt(u, k, t) >= 0) out.push(exitSignal(k));
  }
  for (const k of targets) {
    if (heldQty(holdings, u.symbols[k]!) === 0) out.push(entrySignal(k));
  }
  return out.length === 0 ? NO_SIGNALS : out;
}

/** Confidence by 0-based rank: 1 for the best-ranked, falling linearly to 0.5 for the last of `count`. */
export function rankConfidence(rank: number, count: number): number {
  return count <= 1 ? 1 : 1 - (0.5 * rank) / (count - 1);
}
