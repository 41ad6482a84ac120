/**
 * A run at a real broker (its manifest names one): its orders are sized at the close that decided them
 * (`ordersAtClose`), recorded as intended in the iteration's commit, sent right after it as market orders for the next
 * session's open (`sendIntended`), and followed through the broker's answers and trade updates into the ledger
 * (`recordAnswer`, `followBroker`), each fill and end posted to the run's thread. At the run's next bar close the
 * book applies what the broker did (`executionsAtClose`): a day order still working then is cancelled first and its
 * filled part applied. A restart looks every unconfirmed order up by client order id before anything is sent again
 * (broker-recovery.ts), so a crash at any point never makes a second order at the broker; /halt and a reconciliation
 * difference cancel what is working (broker-cancel.ts).
 */
import type { Executions, OrderExecution } from '../../core/domain/order.js';
import { ok, type Result } from '../../core/domain/result.js';
import type { NotificationDraft } from '../../core/runs/notification-events.js';
import type { RunBroker } from '../../core/runs/run-broker.js';
import type { Broker, BrokerOrder, OrderUpdate } from '../broker/ports.js';
import { cashOfFills, sumFills } from './execute-at-open.js';
import type { RunSnapshot } from './model.js';
import type { BrokerOrderLedger, LedgerChange, LedgerOrder, LedgerStatus } from './ports.js';

const ENDED: ReadonlySet<LedgerStatus> = new Set(['filled', 'cancelled', 'rejected']);
const WORKING: ReadonlySet<LedgerStatus> = new Set(['accepted', 'partially_filled']);

/** Why an order the close sized to nothing (less than one unit) was never sent. */
export const SIZED_TO_NOTHING = 'not sent: the close sized it to nothing (less than one unit)';

/** The reason a day order the desk cancels at the bar's close carries when the broker gives none. */
export const CANCELLED_AT_CLOSE = 'still open at the bar close: cancelled by the desk';

export const isEnded = (status: LedgerStatus): boolean => ENDED.has(status);
export const isWorking = (status: LedgerStatus): boolean => WORKING.has(status);

/** What the run's thread hears when the broker moves one of its orders. */
export function brokerOrderNotification(row: LedgerOrder, change: LedgerChange, broker: RunBroker): NotificationDraft {
  return {
    eventType: 'broker_order',
    dedupeKey: `${row.runId}:broker:${row.clientOrderId}:${change.status}:${change.filledQty}`,
    payload: {
      run: row.runNumber, clientOrderId: row.clientOrderId, symbol: row.symbol, side: row.side, qty: row.qty,
      status: change.status, filledQty: change.filledQty, avgPrice: sumFills(change.fills).price, reason: change.reason, broker,
    },
  };
}

/**
 * Records what the broker says of `row`'s order, unless the ledger already has it (or it would move the order back:
 * an ended order stays ended, a filled quantity never shrinks). Accepted is recorded quietly; fills and ends are posted.
 * `cancelledBecause`: the desk cancelled it, and why (the broker's own wording only says it was cancelled). Answers the
 * order as the ledger now has it.
 */
export async function recordAnswer(ledger: BrokerOrderLedger, broker: RunBroker, row: LedgerOrder, order: BrokerOrder, now: number,
  cancelledBecause: string | null = null): Promise<Result<LedgerOrder>> {
  let current = row;
  for (let attempt = 0; attempt < 3; attempt++) {
    const moved = order.status !== current.status || order.filledQty !== current.filledQty;
    if (!moved || isEnded(current.status) || order.filledQty < current.filledQty) return ok(current);
    const change: LedgerChange = {
      status: order.status, filledQty: order.filledQty, fills: order.fills,
      reason: order.status === 'cancelled' && cancelledBecause !== null ? cancelledBecause : order.reason,
    };
    const notes = change.status === 'accepted' ? [] : [brokerOrderNotification(current, change, broker)];
    const recorded = await ledger.record(current.clientOrderId, { status: current.status, filledQty: current.filledQty }, change, notes, now);
    if (!recorded.ok) return recorded;
    if (recorded.value) return ok({ ...current, ...change });
    // Someone recorded another answer meanwhile (the stream and a poll): compare with what is there now.
    const again = await ledger.get(current.clientOrderId);
    if (!again.ok) return again;
    if (again.value === null) return ok(current);
    current = again.value;
  }
  return ok(current);
}

/** What the book applies for an order the broker has ended: its fills, or the refusal; null while it works. */
export function executionOfLedger(row: LedgerOrder): OrderExecution | null {
  if (!isEnded(row.status)) return null;
  const { price, commission } = sumFills(row.fills);
  if (row.filledQty > 0 && price !== null) {
    const rest = row.qty - row.filledQty;
    return rest > 1e-9
      ? { kind: 'filled', qty: row.filledQty, price, commission, unfilled: { qty: rest, reason: row.reason ?? row.status } }
      : { kind: 'filled', qty: row.filledQty, price, commission };
  }
  return { kind: 'refused', reason: row.reason ?? row.status, qty: row.qty };
}

/**
 * At a run's bar close, before it decides: what its broker did with the orders sent at earlier closes. An order the
 * ledger has only as intended is looked up (not found: it never reached the broker, and it is sized again at this
 * close); a day order still working is cancelled, and what it filled is applied.
 */
export async function executionsAtClose(broker: Broker, ledger: BrokerOrderLedger, runBroker: RunBroker, snap: RunSnapshot, now: number): Promise<Result<Executions>> {
  const rows = await ledger.ofRun(snap.run.id);
  if (!rows.ok) return rows;
  const byId = new Map(rows.value.map((r) => [r.clientOrderId, r]));
  const done = new Map<string, OrderExecution>();
  for (const pending of snap.pending) {
    let row = byId.get(pending.clientOrderId);
    if (row === undefined) continue;
    if (row.status === 'intended' && !(row.qty > 0)) {
      const unsent: BrokerOrder = { clientOrderId: row.clientOrderId, symbol: row.symbol, side: row.side, qty: 0, status: 'cancelled', filledQty: 0, fills: [], reason: SIZED_TO_NOTHING };
      const recorded = await recordAnswer(ledger, runBroker, row, unsent, now);
      if (!recorded.ok) return recorded;
      done.set(row.clientOrderId, { kind: 'refused', reason: SIZED_TO_NOTHING, qty: 0 });
      continue;
    }
    if (row.status === 'intended') {
      const found = await broker.getOrder(row.clientOrderId);
      if (!found.ok) return found;
      if (found.value === null) continue;
      const recorded = await recordAnswer(ledger, runBroker, row, found.value, now);
      if (!recorded.ok) return recorded;
      row = recorded.value;
    }
    if (isWorking(row.status)) {
      const cancelled = await broker.cancel(row.clientOrderId, CANCELLED_AT_CLOSE);
      const answer = cancelled.ok ? cancelled : await broker.getOrder(row.clientOrderId);
      if (!answer.ok) return answer;
      if (answer.value !== null) {
        const recorded = await recordAnswer(ledger, runBroker, row, answer.value, now, CANCELLED_AT_CLOSE);
        if (!recorded.ok) return recorded;
        row = recorded.value;
      }
    }
    const execution = executionOfLedger(row);
    if (execution !== null) done.set(row.clientOrderId, execution);
  }
  return ok(done);
}

/** What a guard says of the orders about to be sent: each either allowed or refused with a reason. */
export interface SendVerdicts {
  readonly allowed: ReadonlySet<string>;
  /** Refused orders by client order id: the reason (an account gate, an open reconciliation difference). */
  readonly refused: ReadonlyMap<string, string>;
}

/**
 * Checked before a run's orders go to its broker (src/main wires it: an open reconciliation difference holds every
 * order; the account-level gates refuse entries). A failure holds them all (they stay intended: sent when it clears,
 * or sized again at the next close).
 */
export type SendGuard = (snap: RunSnapshot, orders: readonly LedgerOrder[], now: number) => Promise<Result<SendVerdicts>>;

export interface SendResult {
  /** Orders the broker answered (accepted, or already done). */
  readonly sent: readonly BrokerOrder[];
  /** Refused before sending (the guard), recorded as rejected. */
  readonly refused: number;
}

/**
 * Sends the run's intended orders, exits first: each is checked by the guard, then submitted under its client order
 * id (idempotent at the broker) as a day market order, and the broker's answer recorded. The first failure to reach
 * the broker stops the rest (they stay intended) and is returned.
 */
export async function sendIntended(broker: Broker, ledger: BrokerOrderLedger, runBroker: RunBroker, snap: RunSnapshot, now: () => number,
  guard?: SendGuard): Promise<Result<SendResult>> {
  const rows = await ledger.ofRun(snap.run.id);
  if (!rows.ok) return rows;
  const intended = rows.value.filter((r) => r.status === 'intended' && r.qty > 0).sort((a, b) => (a.intent === b.intent ? 0 : a.intent === 'exit' ? -1 : 1));
  if (intended.length === 0) return ok({ sent: [], refused: 0 });
  const verdicts = guard === undefined ? null : await guard(snap, intended, now());
  if (verdicts !== null && !verdicts.ok) return verdicts;
  const sent: BrokerOrder[] = [];
  let refused = 0;
  for (const row of intended) {
    const why = verdicts?.value.refused.get(row.clientOrderId);
    if (why !== undefined || (verdicts !== null && !verdicts.value.allowed.has(row.clientOrderId))) {
      const refusal: BrokerOrder = { clientOrderId: row.clientOrderId, symbol: row.symbol, side: row.side, qty: row.qty, status: 'rejected', filledQty: 0, fills: [], reason: why ?? 'not allowed to be sent' };
      const recorded = await recordAnswer(ledger, runBroker, row, refusal, now());
      if (!recorded.ok) return recorded;
      refused++;
      continue;
    }
    const answer = await broker.submit({ clientOrderId: row.clientOrderId, symbol: row.symbol, side: row.side, qty: row.qty, timeInForce: 'day' });
    if (!answer.ok) return answer;
    const recorded = await recordAnswer(ledger, runBroker, row, answer.value, now());
    if (!recorded.ok) return recorded;
    sent.push(answer.value);
  }
  return ok({ sent, refused });
}

/**
 * The desk's listener on a real broker: every order update of a run's order is recorded in the ledger (and posted),
 * in the order they arrive per order. Updates of orders the desk has no row for are ignored. Failures go to `log`.
 */
export function followBroker(broker: Broker, ledger: BrokerOrderLedger, runBroker: RunBroker, now: () => number, log: (line: string) => void): () => void {
  const chains = new Map<string, Promise<void>>();
  const stop = broker.onOrderUpdate((update: OrderUpdate) => {
    const id = update.order.clientOrderId;
    const next = (chains.get(id) ?? Promise.resolve()).then(async () => {
      const row = await ledger.get(id);
      if (!row.ok) return log(`broker update for ${id} not recorded: ${row.error.message}`);
      if (row.value === null) return;
      const recorded = await recordAnswer(ledger, runBroker, row.value, update.order, now());
      if (!recorded.ok) log(`broker update for ${id} not recorded: ${recorded.error.message}`);
    });
    chains.set(id, next);
    void next.finally(() => {
      if (chains.get(id) === next) chains.delete(id);
    });
  });
  return stop;
}

/**
 * Fills a broker made that the runs' books apply only at their next bar (their orders still pending in the book).
 * Reconciliation counts them as the runs' own.
 */
export interface InFlight {
  /** Run id -> symbol -> signed quantity. */
  readonly positions: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Run id -> the cash those fills moved (a buy's amount and every commission out, a sell's amount in). */
  readonly cash: ReadonlyMap<string, number>;
}

export const NOTHING_IN_FLIGHT: InFlight = { positions: new Map(), cash: new Map() };

export async function inFlightFills(ledger: BrokerOrderLedger, runIds: readonly string[]): Promise<Result<InFlight>> {
  const positions = new Map<string, Map<string, number>>();
  const cash = new Map<string, number>();
  for (const runId of runIds) {
    const rows = await ledger.ofRun(runId);
    if (!rows.ok) return rows;
    for (const row of rows.value) {
      if (!row.pending || row.filledQty <= 0) continue;
      const sign = row.side === 'buy' ? 1 : -1;
      const bySymbol = positions.get(runId) ?? new Map<string, number>();
      bySymbol.set(row.symbol, (bySymbol.get(row.symbol) ?? 0) + sign * row.filledQty);
      positions.set(runId, bySymbol);
      cash.set(runId, (cash.get(runId) ?? 0) + cashOfFills(row.side, row.fills));
    }
  }
  return ok({ positions, cash });
}
