/**
 * A person's status change of a run (pause, resume, halt, stop), decided from the run's book: which pending orders the
 * move cancels, the history lines, what the run's channel is told, and the state a human's resume of a halted run
 * writes (its drawdown halt lifted, the circuit breaker in its half-open trial). The shell commits it in one
 * transaction through the run's lease and a compare-and-set on its book (src/app/runs/lifecycle.ts). Pure.
 */
import type { PlannedOrder } from '../domain/order.js';
import { reduceBreaker } from '../risk/circuit-breaker.js';
import type { NotificationDraft, RunState, RunStatus } from './run-book.js';

export interface StatusMoveInput {
  readonly runId: string;
  readonly runNumber: number;
  readonly from: RunStatus;
  readonly to: RunStatus;
  readonly state: RunState;
  readonly openPositions: number;
  readonly pending: readonly PlannedOrder[];
  /** Who moved it (the breaker's resume records it). */
  readonly actor: string;
  /** Recorded in the run's history and said to its channel. */
  readonly reason: string;
  readonly now: number;
  /** A human resuming a halted run lifts its drawdown halt; /resume-all (the desk halted a healthy run) does not. */
  readonly liftHalt: boolean;
}

export interface StatusMove {
  /** The state written with the move, when it changes (a lifted halt). */
  readonly state?: RunState;
  readonly cancelled: readonly PlannedOrder[];
  readonly notes: readonly string[];
  readonly notifications: readonly NotificationDraft[];
}

const EVENT: Partial<Record<RunStatus, 'run_stopped' | 'run_paused' | 'run_started' | 'run_halted'>> = {
  stopped: 'run_stopped',
  paused: 'run_paused',
  running: 'run_started',
  halted: 'run_halted',
};

/**
 * Pending orders a move cancels: a stopped run keeps none; a paused or halted one no entry (it would fill at
 * whatever open follows the resume, however late). A paused run's pending exits still fill.
 */
export function cancelledBy(to: RunStatus, pending: readonly PlannedOrder[]): readonly PlannedOrder[] {
  if (to === 'stopped' || to === 'completed' || to === 'failed') return pending;
  if (to === 'paused' || to === 'halted') return pending.filter((o) => o.intent === 'entry');
  return [];
}

const orderText = (o: PlannedOrder): string => `${o.intent} ${o.side} ${o.symbol}`;

/** What the run's channel is told, queued with the change itself. */
export function statusNotifications(x: Pick<StatusMoveInput, 'runId' | 'runNumber' | 'to' | 'reason' | 'openPositions' | 'now'>, cancelled: readonly PlannedOrder[]): NotificationDraft[] {
  const eventType = EVENT[x.to];
  if (eventType === undefined) return [];
  const said = [x.to === 'running' ? `resumed ${x.reason}` : x.reason];
  if (x.to === 'paused') said.push(pausedLine(x.openPositions));
  if (x.to === 'halted' && x.openPositions > 0) said.push(haltedLine(x.openPositions));
  if (cancelled.length > 0) said.push(`cancelled ${cancelled.map(orderText).join(', ')}`);
  return [
    { eventType, dedupeKey: `${x.runId}:status:${x.to}:${x.now}`, payload: { run: x.runNumber, reason: said.join('; ') } },
    ...(x.to === 'stopped' ? [{ eventType: 'run_summary' as const, dedupeKey: `${x.runId}:summary:stopped`, payload: { run: x.runNumber, runId: x.runId, reason: 'run stopped' } }] : []),
  ];
}

/** What a pause means for the run, in one line (the pause card and its notification say it). */
export function pausedLine(openPositions: number): string {
  return openPositions === 0
    ? 'opens nothing new until resumed (nothing is open)'
    : `opens nothing new until resumed; ${openPositions === 1 ? 'its open position keeps its' : `its ${openPositions} open positions keep their`} stops, targets, trailing and time stops, managed every bar`;
}

/** What a halt means for what the run holds: its exits stay managed (said on the halt notification). */
export function haltedLine(openPositions: number): string {
  return `${openPositions === 1 ? 'its open position keeps its' : `its ${openPositions} open positions keep their`} stops, targets, trailing and time stops, managed every bar`;
}

/** The move from `from` to `to`. The caller refuses a move to the status the run already has. */
export function decideStatusMove(x: StatusMoveInput): StatusMove {
  const state = x.from === 'halted' && x.to === 'running' && x.liftHalt
    ? { ...x.state, entriesHalted: null, peakEquity: x.state.equity, breaker: reduceBreaker(x.state.breaker, { kind: 'resume', by: x.actor, at: x.now }) }
    : undefined;
  const cancelled = cancelledBy(x.to, x.pending);
  return {
    ...(state === undefined ? {} : { state }),
    cancelled,
    notes: cancelled.map((o) => `cancelled the pending ${orderText(o)} (${o.reason}): run ${x.to} ${x.reason}`),
    notifications: statusNotifications(x, cancelled),
  };
}
