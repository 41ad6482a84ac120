/**
 * A paper or live run's book between iterations (cash, equity, positions, the circuit breaker, the quant record) and
 * the notifications its changes raise: one definition, shared by the decision (core), the store and the chat.
 */
import type { ShadowExitRule } from '../domain/order.js';
import { initialBreakerState, type BreakerState } from '../risk/circuit-breaker.js';
import type { Verdict } from '../risk/gates.js';

export const RUN_STATUSES = ['running', 'paused', 'halted', 'stopped', 'completed', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A position as stored between iterations (everything the engine's OpenPosition needs). */
export interface StoredPosition {
  readonly symbol: string;
  /** Signed: negative = short. */
  readonly qty: number;
  readonly avgPrice: number;
  readonly entryTime: number;
  readonly entryCommission: number;
  readonly lastPrice: number;
  readonly barsHeld: number;
  /** NaN-free on the wire: null = not set. */
  readonly stopPrice: number | null;
  readonly targetPrice: number | null;
  readonly trailingPct: number | null;
  readonly extreme: number;
  readonly maxHoldingBars: number | null;
  readonly shadowExits: readonly (ShadowExitRule & { readonly level: number | null })[];
}

/** The run's own state between iterations. */
export interface RunState {
  readonly cash: number;
  readonly equity: number;
  readonly peakEquity: number;
  readonly dayStartEquity: number;
  /** UTC day number of the last marked bar (null before the first). */
  readonly dayKey: number | null;
  /** Open time of the last bar an iteration decided on (null before the first). */
  readonly lastBarTime: number | null;
  /** The drawdown halt, when tripped: entries stay blocked until a human resumes. */
  readonly entriesHalted: Verdict | null;
  readonly breaker: BreakerState;
  /** The quant check's record: the run's most recent closed trades, oldest first (at most 50 kept). */
  readonly tradeRecord: readonly { readonly returnPct: number; readonly exitTime: number }[];
  /**
   * `symbol|by` of the blocks still standing: a block is announced when it starts and stands until an entry signal
   * of that symbol passes the checks without it, so bars without a signal (a level-based signal that flickers), missed
   * or failed bars do not announce it again. Absent in states saved before it existed.
   */
  readonly lastBlocked?: readonly string[];
}

/** Every notification event type, in the order /notify lists them (the one list: store and commands use it). */
// What a run tells its channel lives in ./notification-events.ts: the events, their payloads and NotificationDraft.
export { NOTIFICATION_EVENTS, type NotificationDraft, type NotificationEvent } from './notification-events.js';

/** A new run's state: all cash, no bar seen yet, breaker closed. */
export function initialRunState(startCash: number): RunState {
  return {
    cash: startCash,
    equity: startCash,
    peakEquity: startCash,
    dayStartEquity: startCash,
    dayKey: null,
    lastBarTime: null,
    entriesHalted: null,
    breaker: initialBreakerState(),
    tradeRecord: [],
  };
}
