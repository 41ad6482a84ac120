import { barOpenFor } from '../../core/calendar/bar-schedule.js';
import type { BarSeries } from '../../core/domain/bar.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import type { BarMode } from '../../core/engine/plan.js';
import { decideDataFailure, decideIteration, type IterationInput } from '../../core/runs/decide-iteration.js';
import { withBroker } from '../../core/runs/notification-events.js';
import { ordersAtClose } from '../../core/runs/orders-at-open.js';
import type { Executions } from '../../core/domain/order.js';
import type { Broker } from '../broker/ports.js';
import { executionsAtClose, sendIntended, type SendGuard } from './broker-orders.js';
import { bindStrategy } from '../../core/strategies/registry.js';
import type { NamedMarketData } from '../market-data/ports.js';
import { decideOnLatest, isStale } from './book-guard.js';
import { executeAtOpen } from './execute-at-open.js';
import type { RunSnapshot } from './model.js';
import type { BrokerFactory, BrokerOrderLedger, RunStore } from './ports.js';
import { iterationWindowStart } from './iteration-window.js';
import { runCalendar, type RunCalendars } from './calendar.js';

export interface RunDeps {
  readonly store: RunStore;
  /**
   * Bars by source name (`sim`, `csv`, or a provider list like `alpaca,yahoo`); `pinned`: the provider each symbol of a
   * run was served by; `adjustment`: the run's (split-adjusted unless its manifest says raw).
   */
  readonly marketData: NamedMarketData;
  /** The calendar a run follows (default `runCalendar`: the built-in rules); the scheduler is given the same one. */
  readonly calendars?: RunCalendars;
  /** The broker a run's orders are executed by at a bar (src/main: the paper broker, src/broker/paper). */
  readonly brokerFor: BrokerFactory;
  /** The ledger of orders at real brokers (needed by runs whose manifest names one). */
  readonly ledger?: BrokerOrderLedger;
  /** Checked before a real broker run's orders are sent (reconciliation, account gates); default: all are sent. */
  readonly sendGuard?: SendGuard;
}

export type IterationResult =
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'committed'; readonly barTime: number; readonly orders: number; readonly fills: number; readonly blocked: number;
    /** A real broker's run: orders sent to the broker after the commit. */
    readonly sent?: number }
  | { readonly kind: 'failed'; readonly barTime: number; readonly message: string; readonly halted: boolean };

/**
 * One iteration of a paper run at a bar close: load the run -> fetch bars as of the close -> submit the pending
 * orders that fill at this bar's open to the run's broker (execute-at-open.ts) -> the shared pipeline (the broker's
 * fills applied at the open, intrabar exits, mark, planIteration) -> commit everything in one transaction. The
 * caller holds the run's lease (the scheduler takes it around each iteration); the commit is a compare-and-set on
 * the book version read, and a refused one is decided again on the run as it is now (stopped meanwhile: nothing is
 * done; paused: exits only; rules changed: the new rules). Idempotent per (run, bar): a retry after a crash
 * recomputes the same decision from the same inputs, submits the same orders again (the broker answers the ones it
 * has) and the store refuses a second commit. Data failures go to the run's circuit breaker (and may halt the run).
 *
 * A running run trades; a paused or halted run with something open decides its bar in `exits_only` mode (see
 * BarMode in src/core/engine/plan.ts): it opens nothing new but its stops, targets, trailing stops, time stops, exit
 * signals and pending exit orders work as usual (a halt stops new risk, never the protection of what is held). A
 * paused or halted run holding nothing, and any other status, is skipped.
 */
export async function iterateRun(deps: RunDeps, runId: string, barClose: number, now: number): Promise<Result<IterationResult>> {
  return decideOnLatest(deps.store, runId, (snap) => iterateSnapshot(deps, snap, barClose, now));
}

function barModeOf(snap: RunSnapshot): BarMode | null {
  if (snap.run.status === 'running') return 'trade';
  const holds = snap.positions.length > 0 || snap.pending.some((o) => o.intent === 'exit');
  return (snap.run.status === 'paused' || snap.run.status === 'halted') && holds ? 'exits_only' : null;
}

async function iterateSnapshot(deps: RunDeps, snap: RunSnapshot, barClose: number, now: number): Promise<Result<IterationResult>> {
  const { run, state } = snap;
  const runId = run.id;
  const mode = barModeOf(snap);
  if (mode === null) return ok({ kind: 'skipped', reason: `Run #${run.number} is ${run.status}` });
  const m = run.manifest;
  const calendar = (deps.calendars ?? runCalendar)(m);
  const decideOn = barOpenFor(calendar, m.timeframe, barClose);
  const real = m.broker === undefined ? null : realBroker(deps, snap);
  if (real !== null && !real.ok) return real;
  if (state.lastBarTime !== null && decideOn <= state.lastBarTime) {
    // A real broker's orders of that bar that could not be sent then (the broker was unreachable) are sent now.
    if (real !== null) {
      const sent = await sendIntended(real.value.broker, real.value.ledger, m.broker!, snap, () => now, deps.sendGuard);
      if (!sent.ok) return sent;
    }
    return ok({ kind: 'skipped', reason: 'bar already decided' });
  }

  const strategy = bindStrategy(m.strategy.id, { ...m.params });
  if (!strategy.ok) return strategy;
  const market = deps.marketData(m.dataSource, { pinned: m.sources, adjustment: m.adjustment });
  if (!market.ok) return market;

  const from = iterationWindowStart(decideOn, strategy.value.minBars, m.timeframe);
  const series: BarSeries[] = [];
  for (const symbol of [...m.symbols, ...m.dataSymbols.filter((s) => !m.symbols.includes(s))]) {
    const bars = await market.value.getBars({ symbol, timeframe: m.timeframe, from, to: decideOn });
    if (!bars.ok) return dataFailure(deps, snap, decideOn, now, `${symbol}: ${bars.error.message}`);
    series.push(bars.value);
  }
  const input: IterationInput = {
    runId, runNumber: run.number, halted: run.status === 'halted', mode, strategy: strategy.value,
    config: { timeframe: m.timeframe, startCash: m.startCash, rules: m.rules, gates: m.gates, sizing: m.sizing, costs: m.costs, quant: m.quant },
    state, positions: snap.positions, pending: snap.pending, killSwitch: snap.killSwitch,
    series, tradable: m.symbols.length, decideOn, barClose, now,
    calendar: calendar.kind === 'us-equities' ? 'exchange' : 'continuous',
    // A real broker fills in its market: the desk enforces stops and targets at each close (see ProtectiveExits).
    ...(real === null ? {} : { protective: 'close' as const }),
  };
  const executions: Result<Executions> = real === null ? await executeAtOpen(deps.brokerFor, snap, input)
    : await executionsAtClose(real.value.broker, real.value.ledger, m.broker!, snap, now);
  if (!executions.ok) return executions;
  const decision = decideIteration({ ...input, executions: executions.value });
  if (decision.kind === 'no_new_bar') return dataFailure(deps, snap, decideOn, now, decision.message);
  const { outcome } = decision;
  if (await deps.store.hasDecision(runId, outcome.barTime)) return ok({ kind: 'skipped', reason: 'bar already decided' });
  let brokerOrders: { clientOrderId: string; qty: number; price: number }[] = [];
  if (real !== null) {
    // Sized at this close for the next open; an order already at the broker (working, cancel pending) is not again.
    const rows = await real.value.ledger.ofRun(runId);
    if (!rows.ok) return rows;
    const atBroker = new Set(rows.value.filter((r) => r.status !== 'intended').map((r) => r.clientOrderId));
    const sized = ordersAtClose({ ...input, state: outcome.state, positions: outcome.positions, pending: outcome.pending }, (id) => !atBroker.has(id));
    // One sized to nothing is recorded with 0: never sent, refused at the next close (see executionsAtClose).
    brokerOrders = [...sized.orders.map(({ clientOrderId, qty, price }) => ({ clientOrderId, qty, price })),
      ...sized.sizedToNothing.map((clientOrderId) => ({ clientOrderId, qty: 0, price: 0 }))];
  }
  const committed = await deps.store.commitIteration({
    runId, expectedVersion: snap.version, ...outcome, notifications: withBroker(m.broker, outcome.notifications),
    ...(brokerOrders.length === 0 ? {} : { brokerOrders }),
  });
  if (!committed.ok) return committed;
  if (!committed.value.committed) return ok({ kind: 'skipped', reason: 'bar already decided' });
  const result = { kind: 'committed' as const, barTime: outcome.barTime, orders: outcome.decision.orders.length, fills: outcome.fills.length, blocked: outcome.decision.verdicts.length };
  if (real === null || brokerOrders.length === 0) return ok(result);
  // Recorded as intended above; sent now. A failure to reach the broker fails the iteration, so the scheduler retries
  // the close, which sends what is still intended (see above).
  const sent = await sendIntended(real.value.broker, real.value.ledger, m.broker!, snap, () => now, deps.sendGuard);
  if (!sent.ok) return fail(sent.error.code, `Run #${run.number}: its orders for the next open were recorded but not sent: ${sent.error.message}`);
  return ok({ ...result, sent: sent.value.sent.length });
}

/** A real broker run's broker and the ledger its orders are recorded in; a failure names what is missing. */
function realBroker(deps: RunDeps, snap: RunSnapshot): Result<{ broker: Broker; ledger: BrokerOrderLedger }> {
  if (deps.ledger === undefined) return fail('broker.unavailable', `Run #${snap.run.number} trades at a real broker, and this desk keeps no broker ledger`);
  const got = deps.brokerFor(snap, { time: Number.NaN, opens: new Map() });
  if (!got.ok) return got;
  return ok({ broker: got.value, ledger: deps.ledger });
}

/**
 * A data failure still commits a decision (so the bar is not retried forever) and feeds the circuit breaker. A
 * stale refusal is passed on (the iteration is decided again); any other failure to record it is reported.
 */
async function dataFailure(deps: RunDeps, snap: RunSnapshot, barTime: number, now: number, message: string): Promise<Result<IterationResult>> {
  const { outcome, tripped } = decideDataFailure({
    runId: snap.run.id, runNumber: snap.run.number, halted: snap.run.status === 'halted',
    state: snap.state, positions: snap.positions, pending: snap.pending, barTime, now, message,
  });
  const res = await deps.store.commitIteration({ runId: snap.run.id, expectedVersion: snap.version, ...outcome, notifications: withBroker(snap.run.manifest.broker, outcome.notifications) });
  if (!res.ok) return isStale(res) ? res : ok({ kind: 'failed', barTime, message: `${message}; and the failure could not be recorded: ${res.error.message}`, halted: false });
  return ok({ kind: 'failed', barTime, message, halted: tripped });
}
