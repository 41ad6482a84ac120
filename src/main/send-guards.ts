/**
 * What is checked before a real broker run's orders are sent (the iteration's SendGuard, src/app/runs/broker-orders.ts),
 * in order: an open reconciliation difference on the run's account holds every order (desk-reconcile.ts); then the
 * account-level gates (src/app/account/gate-orders.ts) refuse the entries the account cannot take. A refused order is
 * recorded as rejected with the reason and posted to the run's thread; it never reaches the broker.
 */
import { gateAccountOrders } from '../app/account/gate-orders.js';
import type { AccountRisk } from '../app/account/ports.js';
import type { SendGuard } from '../app/runs/broker-orders.js';
import type { AccountBrokers } from '../app/runs/ports.js';
import { ok } from '../core/domain/result.js';

/** The account gates as a send guard: an order without the price it was sized at is valued at nothing known, and refused. */
export function accountGateGuard(deps: { readonly accountRisk: AccountRisk; readonly accountBrokers: AccountBrokers }): SendGuard {
  return async (snap, orders, now) => {
    const broker = snap.run.manifest.broker;
    if (broker === undefined || orders.length === 0) return ok({ allowed: new Set(orders.map((o) => o.clientOrderId)), refused: new Map() });
    const account = deps.accountBrokers(broker);
    if (!account.ok) return account;
    const gated = await gateAccountOrders({ accountRisk: deps.accountRisk }, {
      workspace: snap.run.workspace, broker, account: account.value, now,
      orders: orders.map((o) => ({ clientOrderId: o.clientOrderId, intent: o.intent, symbol: o.symbol, side: o.side, qty: o.qty, price: o.price ?? Number.NaN })),
    });
    if (!gated.ok) return gated;
    return ok({
      allowed: new Set(gated.value.allowed),
      refused: new Map(gated.value.blocked.map((b) => [b.clientOrderId, `blocked by the account gates: ${b.verdicts.map((v) => `${v.by}: ${v.message}`).join('; ')}`])),
    });
  };
}

/** Guards one after the other: what the first refuses stays refused; only what it allows is asked of the next. */
export function allGuards(...guards: readonly SendGuard[]): SendGuard {
  return async (snap, orders, now) => {
    let allowed = orders;
    const refused = new Map<string, string>();
    for (const guard of guards) {
      if (allowed.length === 0) break;
      const said = await guard(snap, allowed, now);
      if (!said.ok) return said;
      for (const [id, why] of said.value.refused) refused.set(id, why);
      allowed = allowed.filter((o) => said.value.allowed.has(o.clientOrderId) && !said.value.refused.has(o.clientOrderId));
    }
    return ok({ allowed: new Set(allowed.map((o) => o.clientOrderId)), refused });
  };
}
