/**
 * Cash reconciliation of a real broker account (issue 13): the broker's cash must be the account's baseline plus what
 * every run that ever traded on the account moved by its fills (core: reconcileCash). The baseline is the account's cash
 * before the desk's runs traded on it, taken at its first reconciliation; from then on only the broker's cash activities
 * move it (deposits, withdrawals, fees, dividends, interest: `Broker.cashActivities`), counted once each by their id,
 * audited, and posted to the desk channel except fees. So a deposit is not a difference, and cash that moved with no
 * fill and no activity (a fill the desk missed, a trade outside it, a fill booked at another price) is.
 */
import { ok, type Result } from '../../core/domain/result.js';
import { reconcileCash, signedDollars, type PositionDifference, type RunCash } from '../../core/runs/reconcile.js';
import type { RunBroker } from '../../core/runs/run-broker.js';
import type { Broker, CashActivity } from '../broker/ports.js';
import type { WorkspaceRef } from '../chat/command.js';
import type { NotificationDraft } from '../runs/model.js';
import { accountKey, type AccountKey, type Reconciliations } from './ports.js';

/** The account's cash as reconciled: the broker's, the desk's expectation, and the baseline in it. */
export interface CashReading {
  readonly broker: number;
  readonly desk: number;
  readonly baseline: number;
}

export interface CashReconciled {
  readonly reading: CashReading;
  /** Null when the cash agrees (within CASH_TOLERANCE). */
  readonly difference: PositionDifference | null;
}

/** How many times the first baseline reads again when activities land while it reads. */
const FIRST_READS = 3;

const ACTIVITY_NAMES: Readonly<Record<string, string>> = {
  CSD: 'Deposit', CSW: 'Withdrawal', DIV: 'Dividend', INT: 'Interest', JNLC: 'Cash journal', FEE: 'Fee', CFEE: 'Crypto fee',
};

/** Fees (Alpaca's FEE: REG and TAF on sells, ...; CFEE on crypto) are audited, not posted: a busy account pays many. */
const isFee = (a: CashActivity): boolean => a.type === 'FEE' || a.type === 'CFEE';

/** One line of the desk-channel note: `Deposit +$5,000.00 (CSD: ACH deposit)`. */
export function activityLine(a: CashActivity): string {
  const what = ACTIVITY_NAMES[a.type] ?? `Activity ${a.type}`;
  const detail = [a.subType === null ? a.type : `${a.type}.${a.subType}`, a.symbol, a.description].filter((x) => x !== null && x !== '').join(', ');
  return `${what} ${signedDollars(a.amount)} (${detail})`;
}

/** The desk-channel note for what moved the cash, fees left out. */
function cashNotification(broker: RunBroker, key: AccountKey, activities: readonly CashActivity[]): NotificationDraft | null {
  const told = activities.filter((a) => !isFee(a));
  if (told.length === 0) return null;
  return { eventType: 'account_cash', dedupeKey: `cash:${key}:${told.at(-1)!.id}`, payload: { broker, lines: told.map(activityLine) } };
}

const sumOf = (runs: readonly RunCash[]): number => runs.reduce((sum, r) => sum + r.change, 0);

/** The first baseline: the broker's cash less what the runs moved, with the cursor where the activities end now. */
async function firstBaseline(adapter: Broker, runs: readonly RunCash[]): Promise<Result<{ baseline: number; cursor: string | null }>> {
  const listed = await adapter.cashActivities(null);
  if (!listed.ok) return listed;
  let cursor = listed.value.cursor;
  for (let read = 1; ; read++) {
    const account = await adapter.account();
    if (!account.ok) return account;
    // An activity landing between the two reads is in the cash read next: move the cursor past it and read again.
    const after = await adapter.cashActivities(cursor);
    if (!after.ok) return after;
    if (after.value.activities.length === 0 || read >= FIRST_READS) return ok({ baseline: account.value.cash - sumOf(runs), cursor });
    cursor = after.value.cursor;
  }
}

/**
 * Reads the account's cash and reconciles it: counts the cash activities listed since the last read into the baseline
 * (the first time, takes the baseline), then compares. `runs`: every run that ever traded on the account, its cash change
 * since it started including its fills in flight; `affected`: the runs a difference halts.
 */
export async function reconcileAccountCash(
  reconciliations: Reconciliations, adapter: Broker, input: { readonly workspace: WorkspaceRef; readonly broker: RunBroker; readonly now: number },
  runs: readonly RunCash[], affected: readonly { readonly runId: string; readonly runNumber: number }[],
): Promise<Result<CashReconciled>> {
  const { workspace, broker, now } = input;
  const key = accountKey(broker);
  const stored = await reconciliations.cashBaseline(workspace, key);
  if (!stored.ok) return stored;
  let base = stored.value;
  if (base === null) {
    const first = await firstBaseline(adapter, runs);
    if (!first.ok) return first;
    const started = await reconciliations.startCash(workspace, key, { ...first.value, now });
    if (!started.ok) return started;
    base = started.value;
  } else {
    const listed = await adapter.cashActivities(base.cursor);
    if (!listed.ok) return listed;
    const { activities } = listed.value;
    if (activities.length > 0) {
      const counted = await reconciliations.countCash(workspace, key, { from: base.cursor, activities, notification: cashNotification(broker, key, activities), now });
      if (!counted.ok) return counted;
      base = counted.value;
    }
  }
  const account = await adapter.account();
  if (!account.ok) return account;
  return ok({
    reading: { broker: account.value.cash, desk: base.baseline + sumOf(runs), baseline: base.baseline },
    difference: reconcileCash(account.value.cash, base.baseline, runs, affected),
  });
}
