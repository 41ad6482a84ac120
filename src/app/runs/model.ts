import type { Timeframe } from '../../core/domain/bar.js';
import type { PlannedOrder } from '../../core/domain/order.js';
import type { CostConfig, QuantConfig, SizingConfig } from '../../core/engine/config.js';
import type { GateLimits } from '../../core/risk/gates.js';
import type { Rule } from '../../core/risk/rules.js';
import type { WorkspaceRef } from '../chat/command.js';
import type { IterationOutcome } from '../../core/runs/decide-iteration.js';
import type { RunBroker } from '../../core/runs/run-broker.js';
import type { NotificationDraft, RunState, RunStatus, StoredPosition } from '../../core/runs/run-book.js';

// The run's book between iterations and what it tells the channel are core's (src/core/runs/run-book.ts).
export { NOTIFICATION_EVENTS, RUN_STATUSES, type NotificationDraft, type NotificationEvent, type RunState, type RunStatus, type StoredPosition } from '../../core/runs/run-book.js';

export type RunMode = 'backtest' | 'paper' | 'live';

/** Frozen at start: everything that decides, so runs can be compared and replayed. */
export interface RunManifest {
  readonly strategy: { readonly id: string; readonly version: string };
  readonly params: Readonly<Record<string, unknown>>;
  readonly symbols: readonly string[];
  /** Loaded for decisions, never traded (e.g. a benchmark). */
  readonly dataSymbols: readonly string[];
  readonly timeframe: Timeframe;
  /** `sim`, `csv`, or the providers tried in order (`alpaca,yahoo`): a formatted DataSourceSpec. */
  readonly dataSource: string;
  /** Provider runs: the provider that served each symbol when the run started, and the only one that serves it. */
  readonly sources?: Readonly<Record<string, string>>;
  /**
   * Provider runs asked for raw prices (as traded, not split-adjusted): every iteration reads raw bars. Written only
   * when raw, so a split-adjusted run's manifest (the default) is as it always was.
   */
  readonly adjustment?: 'raw';
  /**
   * The broker the run's orders go to and its account, written only for a real broker (`broker:alpaca`): absent, the
   * internal paper broker, so every manifest written before brokers could be chosen is as it always was.
   */
  readonly broker?: RunBroker;
  readonly startCash: number;
  readonly sizing: SizingConfig;
  readonly costs: CostConfig;
  readonly gates: { readonly mode: 'enforce'; readonly limits: GateLimits };
  readonly quant: QuantConfig;
  readonly rules: readonly Rule[];
  readonly rulesHash: string;
  readonly codeVersion: string;
}

export interface RunSummary {
  readonly id: string;
  readonly workspace: WorkspaceRef;
  readonly number: number;
  readonly mode: RunMode;
  readonly status: RunStatus;
  readonly manifest: RunManifest;
  readonly createdBy: string;
  /** Desk channel the run reports to (console: `console`). */
  readonly channelId: string;
  readonly startedAt: number;
  readonly endedAt: number | null;
}

/** What an iteration starts from. */
export interface RunSnapshot {
  readonly run: RunSummary;
  readonly state: RunState;
  readonly positions: readonly StoredPosition[];
  /** Market orders planned at an earlier close, waiting for their next bar's open. */
  readonly pending: readonly PlannedOrder[];
  /** Workspace kill switch (/halt), null when off. */
  readonly killSwitch: string | null;
  /**
   * The run's book version as read: every write of its state, positions, pending orders, status or rules bumps it.
   * A change decided on this snapshot is committed only while the version is still this one (compare-and-set).
   */
  readonly version: number;
}

/**
 * Everything one iteration decided and did (core's IterationOutcome), committed atomically (all or nothing), with the
 * run and the snapshot version it was decided on: the store refuses the commit (`run.stale`) once the run moved on.
 */
export interface IterationCommit extends Omit<IterationOutcome, 'transition'> {
  readonly runId: string;
  readonly expectedVersion: number;
  /**
   * Status change in the same transaction: decided by the iteration (drawdown halt, breaker; actor `desk`), or a
   * person's stop that flattens the book (actor = who).
   */
  readonly transition: { readonly to: RunStatus; readonly reason: string; readonly actor?: string } | null;
  /**
   * A run at a real broker: its pending orders sized at this close, recorded as intended in this same transaction
   * before any is sent (the broker ledger, BrokerOrderLedger). An order already at the broker keeps its row.
   */
  readonly brokerOrders?: readonly { readonly clientOrderId: string; readonly qty: number; readonly price: number }[];
}

/** A status change and what goes with it, all in one transaction (see RunStore.transition). */
export interface StatusChange {
  /** Compare-and-set: refused with `run.stale` unless the run's book version is still this one. */
  readonly expectedVersion?: number;
  /** Written with the status (a human resuming a halted run clears its halt). */
  readonly state?: RunState;
  /** Pending orders (client order ids) cancelled with the move: a paused or halted run keeps no entry waiting. */
  readonly cancelOrders?: readonly string[];
  /** Lines for the run's history (reasoning), e.g. which orders the move cancelled. */
  readonly notes?: readonly string[];
  /** Queued in the outbox in the same transaction. */
  readonly notifications?: readonly NotificationDraft[];
}

/** A correction of a run's positions outside any iteration (see RunStore.adjustPositions), with who made it and why. */
export interface PositionAdjustment {
  /** Compare-and-set: refused with `run.stale` unless the run's book version is still this one. */
  readonly expectedVersion: number;
  /** The run's whole book of positions after the change. */
  readonly positions: readonly StoredPosition[];
  /** Pending orders (client order ids) cancelled with it (an exit of a position the change removed). */
  readonly cancelOrders?: readonly string[];
  /** Who (the audit entry's actor), and the line written to the run's history and audit entry. */
  readonly actor: string;
  readonly reason: string;
  /** The audit entry's dotted action (`reconcile.adopt`, `reconcile.flatten`) and details. */
  readonly action: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly now: number;
}
