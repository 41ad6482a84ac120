/**
 * Persistence of live runs (paper today). Every method is scoped: a run is only ever found through its workspace,
 * except `listActive` and the per-id methods the scheduler uses after that.
 */
import type { Result } from '../../core/domain/result.js';
import type { RunConfig } from '../../core/engine/config.js';
import type { BlockedSignal, ClosedTrade, Metrics, OpenPositionReport } from '../../core/engine/report.js';
import type { WorkspaceRef } from '../chat/command.js';
import type { BarOpens, Broker, BrokerFill, OrderStatus } from '../broker/ports.js';
import type { OrderSide } from '../../core/domain/order.js';
import type { NotificationDraft } from '../../core/runs/notification-events.js';
import type { RunJournal } from './journal.js';
import type { BrokerAccountKind, BrokerName, RunBroker } from '../../core/runs/run-broker.js';
import type { IterationCommit, PositionAdjustment, RunManifest, RunMode, RunSnapshot, RunState, RunStatus, RunSummary, StatusChange, StoredPosition } from './model.js';

export interface RunStore {
  /** Numbers the run per workspace, stores the manifest and the initial state, records null -> running. */
  createRun(input: { workspace: WorkspaceRef; manifest: RunManifest; createdBy: string; channelId: string; now: number }): Promise<Result<RunSummary>>;
  /** `run.not_found` with the message `Run #7 does not exist in this workspace`. */
  getRun(workspace: WorkspaceRef, number: number): Promise<Result<RunSummary>>;
  listRuns(workspace: WorkspaceRef, filter: { status?: RunStatus | 'all' }): Promise<readonly RunSummary[]>;
  /**
   * The scheduler's work list, every workspace: running runs, and paused runs that hold a position or a pending exit
   * (a paused run opens nothing new, but what it holds is still managed every bar).
   */
  listActive(): Promise<readonly RunSummary[]>;
  /**
   * Records a status change (who, when, why) and bumps the run's book version; `change` adds, in the same
   * transaction, a compare-and-set on the version read (`run.stale` when it moved: read again and decide again), the
   * state, cancelled orders, history lines and notifications. `run.transition` when the move is not allowed.
   */
  transition(runId: string, to: RunStatus, actor: string, reason: string, now: number, change?: StatusChange): Promise<Result<RunSummary>>;
  loadSnapshot(runId: string): Promise<Result<RunSnapshot>>;
  /** True when an iteration for (run, bar) is already committed. */
  hasDecision(runId: string, barTime: number): Promise<boolean>;
  /**
   * One transaction; `committed: false` when (run, barTime) was already committed (a retry after a crash);
   * `run.stale` (nothing written) when the run's book version is no longer `commit.expectedVersion`.
   */
  commitIteration(commit: IterationCommit): Promise<Result<{ committed: boolean }>>;
  /**
   * A person's correction of a run's positions outside any iteration (reconciliation: adopting the broker's view, or
   * dropping what a flatten at the broker closed): the run's positions become `change.positions`, the orders named are
   * cancelled, a history line and an audit entry (who) are written, all in one transaction with a compare-and-set on
   * the book version (`run.stale` when it moved: read again and decide again).
   */
  adjustPositions(runId: string, change: PositionAdjustment): Promise<Result<RunSummary>>;
  /** Single-flight across processes: true when this holder now owns the run until `now + ttlMs`. */
  acquireLease(runId: string, holder: string, barTime: number, ttlMs: number, now: number): Promise<boolean>;
  releaseLease(runId: string, holder: string): Promise<void>;
}

export type { RunConfig } from '../../core/engine/config.js';

/** Any run of a workspace, backtest or paper, as the reports name it. */
export interface RunRef {
  readonly id: string;
  readonly number: number;
  readonly mode: RunMode;
  readonly status: RunStatus;
  readonly config: RunConfig;
  readonly startedAt: number;
  readonly endedAt: number | null;
  /** A paper/live run's broker when it is not the internal paper broker (its manifest's); absent for backtests. */
  readonly broker?: RunBroker;
}

/** A paper/live run as it stands between iterations. */
export interface LiveRunView {
  readonly run: RunSummary;
  readonly state: RunState;
  /** Sorted by symbol. */
  readonly positions: readonly StoredPosition[];
  /** Wall-clock time the last iteration ran (its decision's `asOf`); null before the first. */
  readonly lastIterationAt: number | null;
  /** The reason recorded with the run's last status change (why it is halted, paused ...). */
  readonly statusReason: string | null;
}

/** Everything a run produced, oldest first, for metrics and charts. */
export interface RunHistory {
  readonly run: RunRef;
  readonly equity: readonly { readonly time: number; readonly cash: number; readonly equity: number }[];
  readonly trades: readonly ClosedTrade[];
  readonly blocked: readonly BlockedSignal[];
  /** Metrics saved with a backtest; null when they are to be computed from the history (paper runs). */
  readonly savedMetrics: Metrics | null;
  /** Backtests: positions still open at the end, marked at the last close. Paper runs: empty. */
  readonly openAtEnd: readonly OpenPositionReport[];
}

/** One iteration's decision record, reduced to what a person reads. */
export interface DecisionView {
  readonly barTime: number;
  readonly asOf: number;
  readonly signals: readonly { readonly symbol: string; readonly action: string; readonly reason: string }[];
  readonly orders: readonly { readonly symbol: string; readonly side: string; readonly intent: string; readonly reason: string }[];
  readonly blocked: readonly { readonly symbol: string; readonly by: string; readonly reason: string; readonly shadow: boolean }[];
  readonly notes: readonly { readonly kind: string; readonly content: string }[];
}

/** Which decision records `decisionsBetween` reads; times are epoch ms, bounds inclusive. */
export interface DecisionRange {
  /** Bars opened at or after this time. */
  readonly from?: number;
  /** Bars opened at or before this time. */
  readonly to?: number;
  /** Only decisions made (their `asOf`) by this time: a review as of a past time must not see later ones. */
  readonly decidedBy?: number;
  /** Records to return (the store caps it). */
  readonly limit: number;
  readonly order: 'newest_first' | 'oldest_first';
}

/** A page of decision records and how many the whole range holds. */
export interface DecisionPage {
  readonly total: number;
  readonly decisions: readonly DecisionView[];
}

/**
 * Read-side port for reports on runs (status, show, positions, portfolio, compare, summaries). A run is found
 * through its workspace (`findRun`, `listRunning`); the per-id methods take an id such a lookup returned.
 */
export interface RunQueries {
  /** Run #`number` of the workspace, backtest or paper: `run.not_found` (`Run #7 does not exist in this workspace`) otherwise. */
  findRun(workspace: WorkspaceRef, number: number): Promise<Result<RunRef>>;
  /** Every run of the workspace (or those in one status), backtests, paper and live, newest (highest number) first. */
  listRuns(workspace: WorkspaceRef, filter?: { readonly status?: RunStatus }): Promise<Result<readonly RunRef[]>>;
  /** The workspace's running paper/live runs, lowest number first. */
  listRunning(workspace: WorkspaceRef): Promise<Result<readonly LiveRunView[]>>;
  /** State and positions of a paper/live run; `run.not_live` for a backtest. */
  getLive(runId: string): Promise<Result<LiveRunView>>;
  getHistory(runId: string): Promise<Result<RunHistory>>;
  /** The last `limit` decision records, newest first (backtests keep none). */
  recentDecisions(runId: string, limit: number): Promise<Result<readonly DecisionView[]>>;
  /** The decision records in a time range, in the order asked, at most `limit` of them (backtests keep none). */
  decisionsBetween(runId: string, range: DecisionRange): Promise<Result<DecisionPage>>;
  /**
   * The run's frozen manifest exactly as stored (a backtest's as backtest() built it, a paper run's RunManifest),
   * unparsed: the replay parses what it needs (src/app/replay/manifest.ts). `run.not_found` for an unknown id.
   */
  runManifest(runId: string): Promise<Result<unknown>>;
  /** A paper/live run's record for a replay (src/app/replay/paper.ts): decisions, status and rule changes, orders. */
  runJournal(runId: string): Promise<Result<RunJournal>>;
}

/** An equity curve to draw (src/charts renders it to PNG for run summaries and /compare). */
export interface EquityChartInput {
  readonly title: string;
  readonly subtitle?: string;
  readonly series: readonly { readonly name: string; readonly time: Float64Array | readonly number[]; readonly equity: Float64Array | readonly number[] }[];
  readonly simulated?: boolean;
}

/**
 * The broker a run's orders go to at one bar (built by src/main). A paper run's broker is its own account: the run's
 * book, filling at `bar`'s opens; a real broker's account is at the broker and it ignores `bar`.
 */
export type BrokerFactory = (run: RunSnapshot, bar: BarOpens) => Result<Broker>;

/** Where a run's order stands at its real broker: `intended` (recorded, not yet confirmed sent) or what it reported. */
export type LedgerStatus = 'intended' | OrderStatus;

/** A run's order at a real broker, as the desk's ledger has it. */
export interface LedgerOrder {
  readonly runId: string;
  readonly runNumber: number;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly intent: 'entry' | 'exit';
  /** Open time of the bar whose close decided it. */
  readonly barTime: number;
  readonly status: LedgerStatus;
  /** Sized at the close and sent. */
  readonly qty: number;
  /** The price it was sized at (that close, with slippage); null on rows written before it was kept. */
  readonly price: number | null;
  readonly filledQty: number;
  readonly fills: readonly BrokerFill[];
  readonly reason: string | null;
  /** True while the run's book has not applied it (its pending order). */
  readonly pending: boolean;
}

/** What the broker says of a ledger order now. */
export interface LedgerChange {
  readonly status: OrderStatus;
  readonly filledQty: number;
  readonly fills: readonly BrokerFill[];
  readonly reason: string | null;
}

/**
 * The ledger of runs' orders at real brokers (the Order rows' broker columns): recorded as intended in the iteration's
 * commit (IterationCommit.brokerOrders) before anything is sent, then moved by what the broker answers and reports.
 */
export interface BrokerOrderLedger {
  get(clientOrderId: string): Promise<Result<LedgerOrder | null>>;
  /** The run's orders with a broker status that its book has not applied yet, oldest first. */
  ofRun(runId: string): Promise<Result<readonly LedgerOrder[]>>;
  /** Every run's orders intended or still working at the broker (a restart looks each up), oldest first. */
  unfinished(): Promise<Result<readonly LedgerOrder[]>>;
  /**
   * Records the broker's view of an order, compare-and-set on the status and filled quantity read (`from`), with its
   * notifications and an audit entry in the same transaction. False (nothing written) when the row moved meanwhile.
   */
  record(clientOrderId: string, from: { readonly status: LedgerStatus; readonly filledQty: number }, change: LedgerChange,
    notifications: readonly NotificationDraft[], now: number): Promise<Result<boolean>>;
}

/** The broker holding a real broker account (one adapter per account on this desk), or why there is none. */
export type AccountBrokers = (broker: RunBroker) => Result<Broker>;

/** A broker a run can be started on, as the desk has it configured. */
export interface BrokerDescription {
  readonly name: BrokerName;
  readonly account: BrokerAccountKind;
  /** `paper (internal)`, `Alpaca paper account` ... */
  readonly label: string;
  /**
   * A desk symbol as this broker spells it (Alpaca: BTC-USD -> BTC/USD, BF-B -> BF.B), or why it cannot trade it. A run
   * at the broker keeps the broker's spelling, so its orders, its book and the broker's positions name a symbol alike.
   */
  readonly spell?: (symbol: string) => Result<string>;
}

/**
 * The brokers this desk can start runs on (built by src/main): `paper`, the internal broker, is always there; a real
 * broker answers with its account, or a failure saying what it needs (keys) or that it is not available.
 */
export interface BrokerAccounts {
  describe(name: BrokerName): Result<BrokerDescription>;
}
