/**
 * The account-level gates before a run's orders go to a real broker account (src/core/risk/account-gates.ts): the
 * account as the broker reports it now (equity, buying power, positions), the marks the desk keeps for it (equity at
 * the start of the UTC day, peak equity, the orders sent in the last minute) and the workspace's limits for it. Each
 * order is checked in turn: an allowed entry spends buying power and adds exposure for the next one, and every
 * allowed order counts toward the order rate. The allowed orders are recorded as sent `now`, in the same step that
 * read the marks, so runs gating on one account at once share its order rate.
 */
import type { Result } from '../../core/domain/result.js';
import { ok } from '../../core/domain/result.js';
import { ACCOUNT_GATE_DEFAULTS, checkAccountOrder, type AccountLimits, type AccountView } from '../../core/risk/account-gates.js';
import type { Verdict } from '../../core/risk/gates.js';
import type { RunBroker } from '../../core/runs/run-broker.js';
import type { Broker, BrokerPosition } from '../broker/ports.js';
import type { WorkspaceRef } from '../chat/command.js';
import type { AccountMarks, AccountRisk } from './ports.js';

/** How far back the order rate looks (the core's window), and how many send times an account keeps at most. */
export const ORDER_WINDOW_MS = 60_000;
export const MAX_RECENT_ORDERS = 4 * ACCOUNT_GATE_DEFAULTS.maxOrdersPerMinute;

export interface AccountOrderIntent {
  readonly clientOrderId: string;
  readonly intent: 'entry' | 'exit';
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly qty: number;
  /** The price the desk expects it to fill at. */
  readonly price: number;
}

export interface GateAccountOrdersInput {
  readonly workspace: WorkspaceRef;
  readonly broker: RunBroker;
  /** The account's broker adapter (DeskDeps.accountBrokers). */
  readonly account: Broker;
  /** In the order they are to be sent. */
  readonly orders: readonly AccountOrderIntent[];
  readonly now: number;
}

export interface GatedAccountOrders {
  /** Client order ids that may be sent (recorded as sent at `now`). */
  readonly allowed: readonly string[];
  readonly blocked: readonly { readonly clientOrderId: string; readonly verdicts: readonly Verdict[] }[];
}

/** The account's day for its daily loss: the UTC date of `now` (a US regular session lies within one UTC date). */
export const utcDay = (now: number): string => new Date(now).toISOString().slice(0, 10);

/**
 * Checks a run's orders against the account's gates. A failure to read the account or its positions at the broker,
 * or the store, is the Result failure: the caller then sends nothing.
 */
export async function gateAccountOrders(deps: { readonly accountRisk: AccountRisk }, input: GateAccountOrdersInput): Promise<Result<GatedAccountOrders>> {
  const account = await input.account.account();
  if (!account.ok) return account;
  const positions = await input.account.positions();
  if (!positions.ok) return positions;
  const exposure = grossExposure(positions.value, input.orders);
  const { equity, buyingPower } = account.value;
  return deps.accountRisk.withMarks(input.workspace, input.broker, ({ limits, marks }) => decideOrders(input.orders, { equity, buyingPower, grossExposure: exposure }, marks, limits, input.now));
}

/** Sum of |qty| x price over the positions, each at the price of an order for its symbol when there is one, else its average price. */
export function grossExposure(positions: readonly BrokerPosition[], orders: readonly AccountOrderIntent[]): number {
  const priced = new Map<string, number>();
  for (const o of orders) if (!priced.has(o.symbol) && Number.isFinite(o.price) && o.price > 0) priced.set(o.symbol, o.price);
  return positions.reduce((sum, p) => sum + Math.abs(p.qty) * (priced.get(p.symbol) ?? p.avgPrice), 0);
}

/** The account's marks as of `now`: a new UTC day starts from the equity now; the peak never falls. */
export function markedAccount(marks: AccountMarks, equity: number, now: number): AccountMarks {
  const day = utcDay(now);
  const newDay = marks.day !== day || marks.startOfDayEquity === null;
  return {
    day,
    startOfDayEquity: newDay ? equity : marks.startOfDayEquity,
    peakEquity: Math.max(marks.peakEquity ?? equity, equity),
    recentOrders: marks.recentOrders.filter((t) => t > now - ORDER_WINDOW_MS && t <= now),
  };
}

/** Pure: each order in turn against the account as it will be once the allowed ones before it are sent. */
export function decideOrders(
  orders: readonly AccountOrderIntent[],
  broker: { readonly equity: number; readonly buyingPower: number; readonly grossExposure: number },
  stored: AccountMarks,
  limits: AccountLimits,
  now: number,
): { next: AccountMarks; result: GatedAccountOrders } {
  const marks = markedAccount(stored, broker.equity, now);
  let buyingPower = broker.buyingPower;
  let exposure = broker.grossExposure;
  const recent = [...marks.recentOrders];
  const allowed: string[] = [];
  const blocked: { clientOrderId: string; verdicts: Verdict[] }[] = [];
  for (const order of orders) {
    const notional = Math.abs(order.qty) * order.price;
    // An entry the desk cannot put a price on is never sent blind (NaN passes every comparison).
    if (order.intent === 'entry' && !(Number.isFinite(notional) && notional >= 0)) {
      blocked.push({ clientOrderId: order.clientOrderId, verdicts: [{ by: 'account:order-value', observed: null, limit: null, action: 'entry_blocked', message: `the order's value cannot be known (qty ${order.qty} at ${order.price})` }] });
      continue;
    }
    const view: AccountView = {
      equity: broker.equity, buyingPower, grossExposure: exposure,
      startOfDayEquity: marks.startOfDayEquity ?? broker.equity, peakEquity: marks.peakEquity ?? broker.equity, recentOrders: recent,
    };
    const verdicts = checkAccountOrder({ intent: order.intent, notional }, view, limits, now);
    if (verdicts.length > 0) {
      blocked.push({ clientOrderId: order.clientOrderId, verdicts });
      continue;
    }
    allowed.push(order.clientOrderId);
    recent.push(now);
    if (order.intent === 'entry') {
      buyingPower -= notional;
      exposure += notional;
    }
  }
  return { next: { ...marks, recentOrders: recent.slice(-MAX_RECENT_ORDERS) }, result: { allowed, blocked } };
}
