// The ports of reconciliation: where the open differences between a real broker account and the books of the
// workspace's runs on it are kept (src/store/reconcile implements it; tests/helpers/memory-reconciliations.ts in tests).
import type { Result } from '../../core/domain/result.js';
import type { CashActivity } from '../broker/ports.js';
import type { PositionDifference } from '../../core/runs/reconcile.js';
import type { RunBroker } from '../../core/runs/run-broker.js';
import type { WorkspaceRef } from '../chat/command.js';
import type { NotificationDraft } from '../runs/model.js';

/** `alpaca:paper`, `alpaca:live`: one real broker account, as differences are filed under it. */
export type AccountKey = `${RunBroker['name']}:${RunBroker['account']}`;

export const accountKey = (broker: RunBroker): AccountKey => `${broker.name}:${broker.account}`;

export function brokerOfKey(key: string): RunBroker | null {
  const [name, account] = key.split(':');
  return name === 'alpaca' && (account === 'paper' || account === 'live') ? { name, account } : null;
}

/** How an open difference was resolved: an admin adopted the broker's view or flattened, or the account came to agree. */
export const RESOLUTIONS = ['adopt', 'flatten', 'agreed'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** An open difference between an account and the desk's books. */
export interface OpenDifference {
  readonly id: string;
  readonly account: AccountKey;
  /** As last found, sorted by symbol. */
  readonly differences: readonly PositionDifference[];
  /** When it was first found (desk clock, epoch ms): a flatten's client order id names it. */
  readonly openedAt: number;
  /** When its differences last changed. */
  readonly changedAt: number;
}

/**
 * The account's cash that the desk's fills do not explain: what it had before the desk's runs traded on it, moved
 * since by the broker's cash activities (deposits, withdrawals, fees, dividends, interest) and by admins adopting the
 * broker's cash. Reconciliation expects the broker's cash to be this plus every run's cash change.
 */
export interface CashBaseline {
  readonly baseline: number;
  /** The broker's id of the last cash activity counted; null: none yet (the next read starts at the account's first). */
  readonly cursor: string | null;
}

export interface Reconciliations {
  /** The account's open difference in this workspace, or null. */
  open(workspace: WorkspaceRef, account: AccountKey): Promise<Result<OpenDifference | null>>;
  /**
   * Records what reconciliation found: opens a difference (or replaces the open one's differences), audited as the
   * desk's, and queues `notification` to the desk channel in the same transaction.
   */
  record(workspace: WorkspaceRef, account: AccountKey, input: { readonly differences: readonly PositionDifference[]; readonly notification: NotificationDraft; readonly now: number }): Promise<Result<OpenDifference>>;
  /** Closes the open difference (audited with who and how); false when none was open. */
  resolve(workspace: WorkspaceRef, account: AccountKey, input: { readonly by: string; readonly how: Resolution; readonly now: number }): Promise<Result<boolean>>;
  /** The account's cash baseline in this workspace; null before its first cash reconciliation. */
  cashBaseline(workspace: WorkspaceRef, account: AccountKey): Promise<Result<CashBaseline | null>>;
  /**
   * The first cash reconciliation of the account: records `baseline` (audited) unless one exists already (another
   * reconciliation got there first), and answers the stored one.
   */
  startCash(workspace: WorkspaceRef, account: AccountKey, input: { readonly baseline: number; readonly cursor: string | null; readonly now: number }): Promise<Result<CashBaseline>>;
  /**
   * Counts the broker's cash activities after `from` into the baseline (each audited) and moves the cursor to the last,
   * with `notification` (deposits, withdrawals, ...) queued to the desk channel in the same transaction. Compare-and-set
   * on the cursor: when it is no longer `from` (someone counted them already) nothing changes. Answers the stored
   * baseline either way.
   */
  countCash(workspace: WorkspaceRef, account: AccountKey, input: { readonly from: string | null; readonly activities: readonly CashActivity[]; readonly notification: NotificationDraft | null; readonly now: number }): Promise<Result<CashBaseline>>;
  /** An admin adopts the broker's cash: the baseline moves by `delta` (audited with who and why). */
  adoptCash(workspace: WorkspaceRef, account: AccountKey, input: { readonly delta: number; readonly by: string; readonly reason: string; readonly now: number }): Promise<Result<CashBaseline>>;
  /** Every open difference of every workspace (the desk reconciles those accounts at start). */
  allOpen(): Promise<Result<readonly { readonly workspace: WorkspaceRef; readonly account: AccountKey }[]>>;
}
