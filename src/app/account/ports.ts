/**
 * The ports of a real broker account several runs of a workspace trade (Alpaca paper or live): what the desk keeps
 * about the account for its account-level gates (src/core/risk/account-gates.ts). src/store/account implements it.
 */
import type { Result } from '../../core/domain/result.js';
import type { AccountLimits } from '../../core/risk/account-gates.js';
import type { RunBroker } from '../../core/runs/run-broker.js';
import type { WorkspaceRef } from '../chat/command.js';
import type { ChangedBy } from '../workspace/ports.js';

/** `alpaca:paper`, `alpaca:live`: the key the desk keeps an account's risk under. */
export type AccountKey = `${RunBroker['name']}:${RunBroker['account']}`;

export const accountKey = (broker: RunBroker): AccountKey => `${broker.name}:${broker.account}`;

/** What the desk measures the account's daily loss and drawdown from, and its recent orders for the order rate. */
export interface AccountMarks {
  /** The UTC date (YYYY-MM-DD) `startOfDayEquity` was taken on; null before the first order was gated. */
  readonly day: string | null;
  readonly startOfDayEquity: number | null;
  readonly peakEquity: number | null;
  /** When the account's orders were sent (epoch ms), oldest first: the last minute's, bounded. */
  readonly recentOrders: readonly number[];
}

export const NO_MARKS: AccountMarks = { day: null, startOfDayEquity: null, peakEquity: null, recentOrders: [] };

/** An approved four-eyes request a change of limits carries into its audit entry. */
export interface LimitsApproval {
  readonly id: string;
  /** The platform user id of the admin who asked. */
  readonly requestedBy: string;
}

/**
 * Port for the account-level risk of a workspace's broker accounts. Scoped to one workspace and one account
 * (`broker`); an account nothing was stored for has the default limits (DEFAULT_ACCOUNT_LIMITS) and no marks.
 */
export interface AccountRisk {
  /** The account's limits (the defaults when none were set). */
  limits(workspace: WorkspaceRef, broker: RunBroker): Promise<Result<AccountLimits>>;
  /**
   * Stores the account's limits as given, with an audit entry (`settings.account_risk`: account, before, after, and
   * the approval when a second admin's approval loosened them). The caller decides that they may apply (a
   * tightening, or an approved loosening); the store only keeps them within the schema's ceilings.
   */
  setLimits(workspace: WorkspaceRef, broker: RunBroker, limits: AccountLimits, by: ChangedBy, approval?: LimitsApproval): Promise<Result<{ readonly before: AccountLimits; readonly after: AccountLimits }>>;
  /**
   * One read-decide-write of the account's marks, atomic against every other run gating on the same account (the
   * store holds the write lock while `decide` runs, so `decide` is pure and quick): `decide` sees the limits and the
   * marks as stored and returns the marks to store and what to answer.
   */
  withMarks<T>(workspace: WorkspaceRef, broker: RunBroker, decide: (current: { readonly limits: AccountLimits; readonly marks: AccountMarks }) => { readonly next: AccountMarks; readonly result: T }): Promise<Result<T>>;
}
