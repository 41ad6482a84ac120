/**
 * An admin resolving a difference between a real broker account and the desk's books (`/reconcile action:`):
 * - adopt: one run takes the broker's view of a symbol (its quantity becomes what makes the desk's sum equal the
 *   broker's: core's adoptedQty; avg price the broker position's);
 * - flatten: ONE market order closes the broker's whole position in the symbol, and every run's position in it is
 *   dropped from its book. The order's cash is the account's: its baseline takes the fills (an order not filled at
 *   once leaves them to be adopted as cash once it fills);
 * - adopt of the cash (symbol `$CASH`): the account's baseline takes the broker's cash (no run's book changes);
 *   cash is never flattened.
 * Each book write goes through the run's lease and a compare-and-set on its version, with a history line and an audit
 * entry naming who. The account is reconciled again after: when it agrees, the open difference is resolved (the runs
 * stay halted until a human resumes each). The run's cash is left as it is: the book takes the position, not a trade.
 */
import { fail, ok, type Result } from '../../core/domain/result.js';
import { adoptedQty, CASH_SYMBOL, dollars, type PositionDifference } from '../../core/runs/reconcile.js';
import type { RunBroker } from '../../core/runs/run-broker.js';
import type { BrokerOrder } from '../broker/ports.js';
import type { Actor, WorkspaceRef } from '../chat/command.js';
import { guardedChange } from '../runs/book-guard.js';
import { cashOfFills } from '../runs/execute-at-open.js';
import type { RunSnapshot, RunSummary, StoredPosition } from '../runs/model.js';
import { accountKey } from './ports.js';
import { reconcileAccount, type AccountReconciled, type ReconcileDeps } from './reconcile.js';

export interface ResolveRequest {
  readonly workspace: WorkspaceRef;
  readonly broker: RunBroker;
  readonly symbol: string;
  readonly actor: Actor;
  readonly now: number;
}

export interface Adopted {
  readonly run: RunSummary;
  /** The run's quantity of the symbol before and after (0: it holds none). */
  readonly from: number;
  readonly to: number;
  /** The account reconciled again after the change. */
  readonly after: AccountReconciled;
}

const QTY_EPSILON = 1e-9;

/** The symbol's difference on the account as it is now (reconciling first: recorded and halted as usual). */
async function currentDifference(deps: ReconcileDeps, req: ResolveRequest): Promise<Result<{ before: AccountReconciled; d: PositionDifference }>> {
  const before = await reconcileAccount(deps, { workspace: req.workspace, broker: req.broker, now: req.now });
  if (!before.ok) return before;
  const d = before.value.reconciliation.differences.find((x) => x.symbol === req.symbol);
  if (d === undefined) {
    const agrees = req.symbol === CASH_SYMBOL ? 'the cash agrees: the broker has what the desk expects' : `${req.symbol} agrees: the broker and the desk's runs hold the same quantity`;
    return fail('reconcile.no_difference', agrees, { symbol: req.symbol });
  }
  return ok({ before: before.value, d });
}

/** The run's positions with `symbol` at `qty` (0 removes it); a position it did not hold starts now at `avgPrice`. */
function withQty(positions: readonly StoredPosition[], symbol: string, qty: number, avgPrice: number, now: number): StoredPosition[] {
  const rest = positions.filter((p) => p.symbol !== symbol);
  if (Math.abs(qty) < QTY_EPSILON) return rest;
  const held = positions.find((p) => p.symbol === symbol);
  const position: StoredPosition = held === undefined
    ? { symbol, qty, avgPrice, entryTime: now, entryCommission: 0, lastPrice: avgPrice, barsHeld: 0, stopPrice: null, targetPrice: null, trailingPct: null, extreme: avgPrice, maxHoldingBars: null, shadowExits: [] }
    : { ...held, qty, avgPrice, ...(Math.sign(held.qty) === Math.sign(qty) ? {} : { entryTime: now, extreme: avgPrice }) };
  return [...rest, position].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}

/** Pending orders of the run in the symbol: sized on the quantity the change replaces, they go with it. */
const pendingIn = (snap: RunSnapshot, symbol: string): string[] => snap.pending.filter((o) => o.symbol === symbol).map((o) => o.clientOrderId);

const heldQty = (snap: RunSnapshot, symbol: string): number => snap.positions.filter((p) => p.symbol === symbol).reduce((s, p) => s + p.qty, 0);

/** `action:adopt symbol:X run:N`: run N takes the broker's view of X, then the account is reconciled again. */
export async function adoptPosition(deps: ReconcileDeps, req: ResolveRequest & { readonly number: number }): Promise<Result<Adopted>> {
  if (req.symbol === CASH_SYMBOL) return fail('reconcile.cash_is_the_account', `The cash is the account's, not a run's: adopt it with /reconcile action:adopt symbol:${CASH_SYMBOL} (no run:)`);
  const run = await deps.store.getRun(req.workspace, req.number);
  if (!run.ok) return run;
  const current = await currentDifference(deps, req);
  if (!current.ok) return current;
  const { before, d } = current.value;
  // With its fills in flight counted as its own: the book holds the rest.
  const target = adoptedQty(d, run.value.id);
  if (target === null) return fail('reconcile.not_concerned', `Run #${req.number} neither holds nor trades ${req.symbol} on this account; adopt into one of ${d.affected.map((r) => `#${r.runNumber}`).join(', ') || 'no run'}`, { number: req.number });
  const inFlight = before.inFlight.positions.get(run.value.id)?.get(req.symbol) ?? 0;
  const bookQty = target - inFlight;
  const atBroker = before.brokerPositions.find((p) => p.symbol === req.symbol);
  let from = 0;
  const changed = await guardedChange(deps, run.value, req.now, async (snap) => {
    from = heldQty(snap, req.symbol);
    const avgPrice = atBroker?.avgPrice ?? snap.positions.find((p) => p.symbol === req.symbol)?.avgPrice ?? 0;
    return deps.store.adjustPositions(snap.run.id, {
      expectedVersion: snap.version,
      positions: withQty(snap.positions, req.symbol, bookQty, avgPrice, req.now),
      cancelOrders: pendingIn(snap, req.symbol),
      actor: req.actor.id,
      reason: `reconciliation: ${req.actor.name} adopted the broker's view of ${req.symbol} (the broker holds ${d.brokerQty}): ${from} -> ${bookQty}`,
      action: 'reconcile.adopt',
      details: { symbol: req.symbol, from, to: bookQty, brokerQty: d.brokerQty, avgPrice, account: `${req.broker.name}:${req.broker.account}` },
      now: req.now,
    });
  });
  if (!changed.ok) return changed;
  const after = await reconcileAccount(deps, {
    workspace: req.workspace, broker: req.broker, now: req.now, resolution: { by: req.actor.id, how: 'adopt' },
  });
  if (!after.ok) return after;
  return ok({ run: changed.value, from, to: bookQty, after: after.value });
}

export interface Flattened {
  /** The closing order at the broker (null when the broker held none of the symbol). */
  readonly order: BrokerOrder | null;
  /** The order filled completely at once. */
  readonly filled: boolean;
  /** The runs whose position in the symbol was dropped, and what each held. */
  readonly cleared: readonly { readonly number: number; readonly qty: number }[];
  /** Runs whose book could not be changed (why). */
  readonly refused: readonly { readonly number: number; readonly reason: string }[];
  /** The cash the order moved, counted as the account's (null: not filled at once; its cash is then unexplained until adopted). */
  readonly proceeds: number | null;
  readonly after: AccountReconciled;
}

/** The flatten's client order id: the same for the same open difference, so a retry never sends a second order. */
export const flattenOrderId = (workspace: WorkspaceRef, symbol: string, openedAt: number): string => `recon:${workspace.platform}-${workspace.externalId}:${symbol}:${openedAt}`;

/**
 * `action:flatten symbol:X`: ONE market order closes the broker's whole position in X (client order id from the open
 * difference, so asking twice sends one order), every run's position in X is dropped from its book, and the account
 * is reconciled again. An order not filled at once (market closed) leaves the difference open until it fills.
 */
export async function flattenSymbol(deps: ReconcileDeps, req: ResolveRequest): Promise<Result<Flattened>> {
  if (req.symbol === CASH_SYMBOL) {
    return fail('reconcile.cash_not_flattenable', `Cash cannot be flattened: once you know where it went, adopt the broker's cash with /reconcile action:adopt symbol:${CASH_SYMBOL}`);
  }
  const adapter = deps.accountBrokers(req.broker);
  if (!adapter.ok) return adapter;
  const current = await currentDifference(deps, req);
  if (!current.ok) return current;
  const { before, d } = current.value;
  const openedAt = before.openDifference?.openedAt ?? req.now;
  let order: BrokerOrder | null = null;
  if (Math.abs(d.brokerQty) >= QTY_EPSILON) {
    const sent = await adapter.value.submit({
      clientOrderId: flattenOrderId(req.workspace, req.symbol, openedAt), symbol: req.symbol, side: d.brokerQty > 0 ? 'sell' : 'buy', qty: Math.abs(d.brokerQty),
    });
    if (!sent.ok) return sent;
    if (sent.value.status === 'rejected' || sent.value.status === 'cancelled') {
      return fail('reconcile.flatten_refused', `The broker ${sent.value.status} the order closing ${req.symbol}${sent.value.reason === null ? '' : `: ${sent.value.reason}`}; nothing was changed`, { symbol: req.symbol });
    }
    // A real broker answers a market order as accepted and fills it a moment later: look once more before saying.
    const looked = sent.value.status === 'filled' ? null : await adapter.value.getOrder(sent.value.clientOrderId);
    order = looked !== null && looked.ok && looked.value !== null ? looked.value : sent.value;
  }
  const cleared: { number: number; qty: number }[] = [];
  const refused: { number: number; reason: string }[] = [];
  for (const h of d.held) {
    let qty = 0;
    const changed = await guardedChange<RunSummary | null>(deps, { id: h.runId, number: h.runNumber }, req.now, async (snap) => {
      qty = heldQty(snap, req.symbol);
      if (Math.abs(qty) < QTY_EPSILON && pendingIn(snap, req.symbol).length === 0) return ok(null);
      return deps.store.adjustPositions(snap.run.id, {
        expectedVersion: snap.version,
        positions: snap.positions.filter((p) => p.symbol !== req.symbol),
        cancelOrders: pendingIn(snap, req.symbol),
        actor: req.actor.id,
        reason: `reconciliation: ${req.actor.name} flattened ${req.symbol} at the broker${order === null ? '' : ` (order ${order.clientOrderId})`}; the book drops its ${qty}`,
        action: 'reconcile.flatten',
        details: { symbol: req.symbol, dropped: qty, brokerQty: d.brokerQty, order: order?.clientOrderId ?? null, account: `${req.broker.name}:${req.broker.account}` },
        now: req.now,
      });
    });
    if (changed.ok) cleared.push({ number: h.runNumber, qty });
    else refused.push({ number: h.runNumber, reason: changed.error.message });
  }
  // The order is the desk's own and no run's book takes its cash: the account's baseline does, once its fills are known.
  const proceeds = order !== null && order.status === 'filled' ? cashOfFills(order.side, order.fills) : null;
  if (proceeds !== null && proceeds !== 0) {
    const moved = await deps.reconciliations.adoptCash(req.workspace, accountKey(req.broker), {
      delta: proceeds, by: req.actor.id, now: req.now, reason: `reconciliation: ${req.actor.name} flattened ${req.symbol} (order ${order!.clientOrderId}); its cash is the account's`,
    });
    if (!moved.ok) return moved;
  }
  const after = await reconcileAccount(deps, {
    workspace: req.workspace, broker: req.broker, now: req.now, resolution: { by: req.actor.id, how: 'flatten' },
  });
  if (!after.ok) return after;
  // Filled: the order says so, or the broker no longer holds what it closed (its update not read yet).
  const closed = !after.value.reconciliation.differences.some((x) => x.symbol === req.symbol) && !after.value.brokerPositions.some((p) => p.symbol === req.symbol);
  return ok({ order, filled: order === null || order.status === 'filled' || closed, cleared, refused, proceeds, after: after.value });
}

export interface CashAdopted {
  /** What the account's baseline moved by: the broker's cash less the desk's as it was. */
  readonly delta: number;
  readonly after: AccountReconciled;
}

/**
 * `action:adopt symbol:$CASH`: the account takes the broker's cash as its own (the baseline moves by the difference,
 * audited with who; no run's book changes), then the account is reconciled again.
 */
export async function adoptCash(deps: ReconcileDeps, req: Omit<ResolveRequest, 'symbol'>): Promise<Result<CashAdopted>> {
  const current = await currentDifference(deps, { ...req, symbol: CASH_SYMBOL });
  if (!current.ok) return current;
  const { d } = current.value;
  const delta = d.brokerQty - d.deskQty;
  const moved = await deps.reconciliations.adoptCash(req.workspace, accountKey(req.broker), {
    delta, by: req.actor.id, now: req.now,
    reason: `reconciliation: ${req.actor.name} adopted the broker's cash ${dollars(d.brokerQty)} (the desk expected ${dollars(d.deskQty)})`,
  });
  if (!moved.ok) return moved;
  const after = await reconcileAccount(deps, { workspace: req.workspace, broker: req.broker, now: req.now, resolution: { by: req.actor.id, how: 'adopt' } });
  if (!after.ok) return after;
  return ok({ delta, after: after.value });
}
