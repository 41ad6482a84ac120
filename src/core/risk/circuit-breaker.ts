import { z } from 'zod';
import { assertNever } from '../domain/result.js';

/**
 * A pure circuit breaker for live/paper runs (the scheduler feeds it events and persists the state).
 *
 * closed    --N consecutive failures | data quality < min | equity drop >= limit-->  open
 * open      --resume (a human)-->  half_open          (nothing else changes an open breaker)
 * half_open --success-->  closed (counters reset)
 * half_open --any failure | any trip condition-->  open at once
 *
 * Unreadable inputs fail safe: a NaN quality score or equity trips the breaker rather than passing silently.
 */

export const breakerConfigSchema = z.object({
  maxConsecutiveFailures: z.number().int().positive().default(3),
  /** Data-quality scores (0..1) below this trip the breaker. */
  minDataQuality: z.number().min(0).max(1).default(0.8),
  /** Percentage fall from the highest equity seen within `equityWindowMs` that trips the breaker. */
  equityDropPct: z.number().positive().max(100).default(10),
  equityWindowMs: z.number().int().positive().default(24 * 3_600_000),
});
export type BreakerConfig = z.infer<typeof breakerConfigSchema>;
export const DEFAULT_BREAKER_CONFIG: BreakerConfig = breakerConfigSchema.parse({});

export type BreakerStatus = 'closed' | 'open' | 'half_open';
export type FailureSource = 'data' | 'broker' | 'llm';

export interface BreakerReason {
  readonly code: 'breaker.failures' | 'breaker.data_quality' | 'breaker.equity_drop';
  readonly message: string;
  readonly observed: number;
  readonly limit: number;
}

export interface EquitySample {
  readonly at: number;
  readonly equity: number;
}

export interface BreakerState {
  readonly status: BreakerStatus;
  readonly consecutiveFailures: number;
  readonly trippedAt: number | null;
  readonly reason: BreakerReason | null;
  /**
   * Equity samples inside the window that could still be its peak: times ascending, equity strictly
   * descending (a sample is dropped once a later one is at least as high). Small and JSON-serialisable.
   */
  readonly equityPeaks: readonly EquitySample[];
}

export type BreakerEvent =
  | { readonly kind: 'success' }
  | { readonly kind: 'failure'; readonly source: FailureSource; readonly message: string; readonly at: number }
  | { readonly kind: 'data_quality'; readonly score: number; readonly at: number }
  | { readonly kind: 'equity'; readonly equity: number; readonly at: number }
  | { readonly kind: 'resume'; readonly by: string; readonly at: number };

export function initialBreakerState(): BreakerState {
  return { status: 'closed', consecutiveFailures: 0, trippedAt: null, reason: null, equityPeaks: [] };
}

export const canTrade = (state: BreakerState): boolean => state.status !== 'open';

export function reduceBreaker(
  state: BreakerState,
  event: BreakerEvent,
  config: BreakerConfig = DEFAULT_BREAKER_CONFIG,
): BreakerState {
  if (state.status === 'open') {
    // Only a human reopens the gate; the equity window restarts so the loss they accepted does not re-trip it.
    return event.kind === 'resume' ? { ...state, status: 'half_open', equityPeaks: [] } : state;
  }
  const halfOpen = state.status === 'half_open';
  switch (event.kind) {
    case 'success':
      if (halfOpen) return { ...initialBreakerState(), equityPeaks: state.equityPeaks };
      return state.consecutiveFailures === 0 ? state : { ...state, consecutiveFailures: 0 };
    case 'failure': {
      const failures = state.consecutiveFailures + 1;
      if (halfOpen) {
        return trip(state, event.at, failures, {
          code: 'breaker.failures',
          message: `${event.source} failure while half-open (a single failure re-opens): ${event.message}`,
          observed: 1,
          limit: 1,
        });
      }
      if (failures >= config.maxConsecutiveFailures) {
        return trip(state, event.at, failures, {
          code: 'breaker.failures',
          message:
            `${failures} consecutive failures (limit ${config.maxConsecutiveFailures}); ` +
            `last: ${event.source}: ${event.message}`,
          observed: failures,
          limit: config.maxConsecutiveFailures,
        });
      }
      return { ...state, consecutiveFailures: failures };
    }
    case 'data_quality':
      if (event.score >= config.minDataQuality) return state;
      return trip(state, event.at, state.consecutiveFailures, {
        code: 'breaker.data_quality',
        message: `data quality ${fmt(event.score, 2)} is below the minimum ${fmt(config.minDataQuality, 2)}`,
        observed: event.score,
        limit: config.minDataQuality,
      });
    case 'equity':
      return onEquity(state, event.equity, event.at, config);
    case 'resume':
      return state; // already trading (closed) or on trial (half_open)
    default:
      return assertNever(event);
  }
}

function onEquity(state: BreakerState, equity: number, at: number, config: BreakerConfig): BreakerState {
  const cutoff = at - config.equityWindowMs;
  const peaks: EquitySample[] = [];
  let peak = Number.NEGATIVE_INFINITY;
  for (const s of state.equityPeaks) {
    if (s.at < cutoff) continue; // left the window
    if (s.equity > peak) peak = s.equity;
    if (!(s.equity > equity)) continue; // the new sample dominates it from now on
    peaks.push(s);
  }
  if (Number.isFinite(equity)) {
    peaks.push({ at, equity });
    if (equity > peak) peak = equity;
  }
  // NaN (an unreadable equity) fails the `<` test below and trips, as it should.
  const dropPct = !Number.isFinite(equity) ? Number.NaN : peak > 0 ? ((peak - equity) / peak) * 100 : 0;
  const next: BreakerState = { ...state, equityPeaks: peaks };
  if (dropPct < config.equityDropPct) return next;
  return trip(next, at, state.consecutiveFailures, {
    code: 'breaker.equity_drop',
    message:
      `equity ${fmt(equity, 2)} is ${fmt(dropPct, 1)}% below the ${fmt(peak, 2)} peak of the last ` +
      `${fmt(config.equityWindowMs / 3_600_000, 1)} h (limit ${fmt(config.equityDropPct, 1)}%)`,
    observed: dropPct,
    limit: config.equityDropPct,
  });
}

function trip(state: BreakerState, at: number, failures: number, reason: BreakerReason): BreakerState {
  return { ...state, status: 'open', consecutiveFailures: failures, trippedAt: at, reason };
}

const fmt = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : String(x));
