/**
 * Reconciliation of a real broker account (issue 13): the broker's positions against the sum of the books of the
 * workspace's runs that trade on it (core: reconcilePositions), and its cash against the account's baseline plus what
 * the runs' fills moved (./cash.ts). A difference is recorded once (an unchanged open
 * difference is neither recorded nor posted again), halts every run it concerns that is not halted yet (through the
 * run's lease and a compare-and-set on its book, like /halt), and is posted ONCE to the workspace's desk channel,
 * every difference on its own line. Nothing trades on the account while a difference is open (`hasOpenDifference`).
 * An admin resolves it (src/app/reconcile/resolve.ts): adopting the broker's view into one run, or flattening.
 */
import { ok, type Result } from '../../core/domain/result.js';
import { describeDifference, reconcilePositions, withCash, type PositionDifference, type Reconciliation, type RunCash, type RunOnAccount } from '../../core/runs/reconcile.js';
import { accountText, type RunBroker } from '../../core/runs/run-broker.js';
import type { Broker, BrokerPosition } from '../broker/ports.js';
import type { Actor, WorkspaceRef } from '../chat/command.js';
import { NOTHING_IN_FLIGHT, type InFlight } from '../runs/broker-orders.js';
import type { RunOutcome } from '../runs/kill-switch.js';
import { changeRunStatus, type LifecycleDeps } from '../runs/lifecycle.js';
import type { NotificationDraft, RunSnapshot, RunStatus } from '../runs/model.js';
import type { AccountBrokers, RunStore } from '../runs/ports.js';
import { reconcileAccountCash, type CashReading } from './cash.js';
import { accountKey, brokerOfKey, type AccountKey, type OpenDifference, type Reconciliations, type Resolution } from './ports.js';

export type { InFlight } from '../runs/broker-orders.js';

/** What reconciliation needs: the runs (their store and leases), the account's broker, and where differences are kept. */
export interface ReconcileDeps extends LifecycleDeps {
  readonly accountBrokers: AccountBrokers;
  readonly reconciliations: Reconciliations;
  /**
   * Fills the broker made that the runs' books apply only at their next bar (src/app/runs/broker-orders.ts
   * inFlightFills): they count as the runs' own, so a fill in flight is not a difference. Absent: none (the runs have
   * no orders at the broker).
   */
  readonly inFlight?: (runIds: readonly string[]) => Promise<Result<InFlight>>;
}

/** The desk itself, as the actor of the halts reconciliation makes. */
export const RECONCILE_ACTOR: Actor = { id: 'desk', name: 'desk', role: 'admin' };

/** Statuses whose runs count on the account whatever they hold; a stopped run counts while it still holds something. */
const COUNTED: readonly RunStatus[] = ['running', 'paused', 'halted'];

export interface ReconcileInput {
  readonly workspace: WorkspaceRef;
  readonly broker: RunBroker;
  readonly now: number;
  /** The fills in flight as already read; absent: read through `deps.inFlight`. */
  readonly inFlight?: InFlight;
  /** Who closes an open difference found agreeing now, and how (an admin's adopt or flatten); default the desk, `agreed`. */
  readonly resolution?: { readonly by: string; readonly how: Resolution };
}

export interface AccountReconciled {
  readonly workspace: WorkspaceRef;
  readonly broker: RunBroker;
  readonly reconciliation: Reconciliation;
  /** The broker's positions as read. */
  readonly brokerPositions: readonly BrokerPosition[];
  /** The account's cash as reconciled. */
  readonly cash: CashReading;
  /** The fills in flight counted as the runs'. */
  readonly inFlight: InFlight;
  /** The runs counted on the account, lowest number first. */
  readonly runs: readonly { readonly id: string; readonly number: number; readonly status: RunStatus }[];
  /** A difference is open on the account after this reconciliation. */
  readonly open: boolean;
  /** This reconciliation recorded a new or changed difference (and posted it to the desk channel). */
  readonly recorded: boolean;
  /** An open difference was resolved by this reconciliation (the account agrees again). */
  readonly resolved: boolean;
  /** The open difference (its first sighting names a flatten's order); null when none is open. */
  readonly openDifference: OpenDifference | null;
  /** The halts this reconciliation made (a run refused: why). */
  readonly halted: readonly RunOutcome[];
}

interface CountedRun {
  readonly snap: RunSnapshot;
}

/** The workspace's runs on the account: those counted (with their books, lowest number first) and every one's cash. */
export interface RunsOnAccount {
  readonly counted: readonly CountedRun[];
  /** Every run that ever traded on the account (any status): its cash change since it started (in-flight fills not included). */
  readonly cash: readonly RunCash[];
}

export async function runsOnAccount(store: RunStore, workspace: WorkspaceRef, broker: RunBroker): Promise<Result<RunsOnAccount>> {
  const key = accountKey(broker);
  const summaries = (await store.listRuns(workspace, { status: 'all' }))
    .filter((r) => r.manifest.broker !== undefined && accountKey(r.manifest.broker) === key)
    .sort((a, b) => a.number - b.number);
  const counted: CountedRun[] = [];
  const cash: RunCash[] = [];
  for (const snap of await Promise.all(summaries.map((s) => store.loadSnapshot(s.id)))) {
    if (!snap.ok) return snap;
    const { run, state, positions } = snap.value;
    cash.push({ runId: run.id, runNumber: run.number, change: state.cash - run.manifest.startCash });
    if (COUNTED.includes(run.status) || (run.status === 'stopped' && positions.length > 0)) counted.push({ snap: snap.value });
  }
  return ok({ counted, cash });
}

function onAccount(snap: RunSnapshot, inFlight: ReadonlyMap<string, number> | undefined): RunOnAccount {
  const qty = new Map<string, number>();
  for (const p of snap.positions) qty.set(p.symbol, (qty.get(p.symbol) ?? 0) + p.qty);
  for (const [symbol, q] of inFlight ?? []) qty.set(symbol, (qty.get(symbol) ?? 0) + q);
  return {
    runId: snap.run.id,
    runNumber: snap.run.number,
    symbols: snap.run.manifest.symbols,
    positions: [...qty].map(([symbol, q]) => ({ symbol, qty: q })),
  };
}

/** Two findings are the same difference when every symbol's quantities and holders are. */
export function sameDifferences(a: readonly PositionDifference[], b: readonly PositionDifference[]): boolean {
  const key = (ds: readonly PositionDifference[]): string =>
    JSON.stringify(ds.map((d) => [d.symbol, d.brokerQty, d.deskQty, d.held.map((h) => [h.runId, h.qty]), d.affected.map((r) => r.runId)]));
  return key(a) === key(b);
}

/** The halt reason a run records: the account and the differences that concern it. */
function haltReason(broker: RunBroker, differences: readonly PositionDifference[], runId: string): string {
  const mine = differences.filter((d) => d.affected.some((r) => r.runId === runId));
  return `reconciliation: the ${accountText(broker)} differs from the desk: ${mine.map(describeDifference).join('; ')}`;
}

/**
 * Reconciles one real broker account of the workspace now: the runs on it (running, paused, halted, and stopped runs
 * still holding something) with their books plus `inFlight`, against the broker's positions. A difference is
 * recorded and posted once and halts the runs it concerns; agreement resolves an open difference. The broker or the
 * store failing is a failure (nothing recorded, nothing halted).
 */
export async function reconcileAccount(deps: ReconcileDeps, input: ReconcileInput): Promise<Result<AccountReconciled>> {
  const { workspace, broker, now } = input;
  const key = accountKey(broker);
  const adapter = deps.accountBrokers(broker);
  if (!adapter.ok) return adapter;
  const seen = await observe(deps, adapter.value, input);
  if (!seen.ok) return seen;
  const { runs, reconciliation, positions, cash, inFlight } = seen.value;
  const open = await deps.reconciliations.open(workspace, key);
  if (!open.ok) return open;
  const base = {
    workspace, broker, reconciliation, brokerPositions: positions, cash, inFlight,
    runs: runs.counted.map(({ snap }) => ({ id: snap.run.id, number: snap.run.number, status: snap.run.status })),
  };

  if (reconciliation.differences.length === 0) {
    let resolved = false;
    if (open.value !== null) {
      const done = await deps.reconciliations.resolve(workspace, key, { ...(input.resolution ?? { by: RECONCILE_ACTOR.id, how: 'agreed' }), now });
      if (!done.ok) return done;
      resolved = done.value;
    }
    return ok({ ...base, open: false, recorded: false, resolved, openDifference: null, halted: [] });
  }

  const toHalt = runs.counted.filter(({ snap }) => reconciliation.affectedRunIds.includes(snap.run.id) && (snap.run.status === 'running' || snap.run.status === 'paused'));
  let openDifference = open.value;
  let recorded = false;
  if (openDifference === null || !sameDifferences(openDifference.differences, reconciliation.differences)) {
    // Recorded before any halt: from here on nothing trades on the account, whatever happens to the halts.
    const filed = await deps.reconciliations.record(workspace, key, {
      differences: reconciliation.differences,
      notification: differenceNotification(broker, reconciliation, toHalt.map(({ snap }) => snap.run.number), key, now),
      now,
    });
    if (!filed.ok) return filed;
    openDifference = filed.value;
    recorded = true;
  }
  const halted: RunOutcome[] = [];
  for (const { snap } of toHalt) {
    const moved = await changeRunStatus(deps, {
      workspace, number: snap.run.number, to: 'halted', actor: RECONCILE_ACTOR, reason: haltReason(broker, reconciliation.differences, snap.run.id), now,
    });
    halted.push({ number: snap.run.number, refused: moved.ok ? null : moved.error.message });
  }
  return ok({ ...base, open: true, recorded, resolved: false, openDifference, halted });
}

interface Observed {
  readonly runs: RunsOnAccount;
  readonly positions: readonly BrokerPosition[];
  readonly cash: CashReading;
  readonly inFlight: InFlight;
  readonly reconciliation: Reconciliation;
}

/**
 * What the account and the books say now, compared (nothing recorded, nothing halted; the broker's cash activities are
 * counted into the baseline). The desk's side is read before the broker's: a fill landing in between looks like a
 * difference for a moment (reconcileSettled waits for it), never the reverse.
 */
async function observe(deps: ReconcileDeps, adapter: Broker, input: ReconcileInput): Promise<Result<Observed>> {
  const runs = await runsOnAccount(deps.store, input.workspace, input.broker);
  if (!runs.ok) return runs;
  let inFlight = input.inFlight ?? NOTHING_IN_FLIGHT;
  if (input.inFlight === undefined && deps.inFlight !== undefined) {
    const read = await deps.inFlight(runs.value.cash.map((r) => r.runId));
    if (!read.ok) return read;
    inFlight = read.value;
  }
  const positions = await adapter.positions();
  if (!positions.ok) return positions;
  const byPosition = reconcilePositions(positions.value, runs.value.counted.map(({ snap }) => onAccount(snap, inFlight.positions.get(snap.run.id))));
  const affected = runs.value.counted.map(({ snap }) => ({ runId: snap.run.id, runNumber: snap.run.number }));
  const runCash = runs.value.cash.map((r) => ({ ...r, change: r.change + (inFlight.cash.get(r.runId) ?? 0) }));
  const cash = await reconcileAccountCash(deps.reconciliations, adapter, input, runCash, affected);
  if (!cash.ok) return cash;
  return ok({ runs: runs.value, positions: positions.value, cash: cash.value.reading, inFlight, reconciliation: withCash(byPosition, cash.value.difference) });
}

function differenceNotification(broker: RunBroker, r: Reconciliation, halted: readonly number[], key: AccountKey, now: number): NotificationDraft {
  return {
    eventType: 'reconciliation_difference',
    dedupeKey: `reconcile:${key}:${now}`,
    payload: { broker, lines: r.differences.map(describeDifference), halted: [...halted] },
  };
}

/** True while a difference is open on the account: nothing may be sent to its broker then (the caller checks first). */
export async function hasOpenDifference(deps: Pick<ReconcileDeps, 'reconciliations'>, workspace: WorkspaceRef, broker: RunBroker): Promise<Result<boolean>> {
  const open = await deps.reconciliations.open(workspace, accountKey(broker));
  return open.ok ? ok(open.value !== null) : open;
}

export interface AccountOutcome {
  readonly workspace: WorkspaceRef;
  readonly broker: RunBroker;
  readonly result: Result<AccountReconciled>;
}

/**
 * At desk start: every (workspace, account) that has runs at a real broker (the runs the scheduler serves) or an open
 * difference, reconciled one after the other. One account failing (its broker unreachable) does not stop the others.
 */
export async function reconcileAll(deps: ReconcileDeps, now: number,
  each: (account: { workspace: WorkspaceRef; broker: RunBroker }) => Promise<Result<AccountReconciled | null>> = (a) => reconcileAccount(deps, { ...a, now }),
): Promise<Result<readonly AccountOutcome[]>> {
  const accounts = new Map<string, { workspace: WorkspaceRef; broker: RunBroker }>();
  const add = (workspace: WorkspaceRef, broker: RunBroker): void => {
    accounts.set(`${workspace.platform}\u0000${workspace.externalId}\u0000${accountKey(broker)}`, { workspace, broker });
  };
  for (const run of await deps.store.listActive()) if (run.manifest.broker !== undefined) add(run.workspace, run.manifest.broker);
  const open = await deps.reconciliations.allOpen();
  if (!open.ok) return open;
  for (const o of open.value) {
    const broker = brokerOfKey(o.account);
    if (broker !== null) add(o.workspace, broker);
  }
  const out: AccountOutcome[] = [];
  for (const [, a] of [...accounts].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    const result = await each(a);
    if (!result.ok || result.value !== null) out.push({ ...a, result: result as Result<AccountReconciled> });
  }
  return ok(out);
}

/** The real broker accounts the workspace's runs trade on (any run counted on its account), in key order. */
export async function accountsOfWorkspace(store: RunStore, workspace: WorkspaceRef): Promise<readonly RunBroker[]> {
  const keys = new Map<string, RunBroker>();
  for (const r of await store.listRuns(workspace, { status: 'all' })) {
    if (r.manifest.broker !== undefined && (COUNTED.includes(r.status) || r.status === 'stopped')) keys.set(accountKey(r.manifest.broker), r.manifest.broker);
  }
  return [...keys].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, b]) => b);
}

/** What reconciling a live account needs besides: the fills in flight, and a pause for them to settle. */
export interface SettledReconcileDeps extends ReconcileDeps {
  readonly inFlight: (runIds: readonly string[]) => Promise<Result<InFlight>>;
  /** The wait between a first sight of a difference and the reconciliation that would record it (real time). */
  readonly settle: () => Promise<void>;
}

/**
 * Reconciliation of an account that is trading: a fill can land at the broker between reading its positions and reading
 * the desk's orders, and look like a difference for a moment. So a difference is only acted on when it is still there
 * after `settle`, read afresh (reconcileAccount records, posts and halts). Null: the account agrees and nothing was open.
 */
export async function reconcileSettled(deps: SettledReconcileDeps, input: Omit<ReconcileInput, 'inFlight'>): Promise<Result<AccountReconciled | null>> {
  const adapter = deps.accountBrokers(input.broker);
  if (!adapter.ok) return adapter;
  const seen = await observe(deps, adapter.value, input);
  if (!seen.ok) return seen;
  const open = await deps.reconciliations.open(input.workspace, accountKey(input.broker));
  if (!open.ok) return open;
  const differs = seen.value.reconciliation.differences.length > 0;
  if (!differs && open.value === null) return ok(null);
  if (differs) await deps.settle();
  return reconcileAccount(deps, input);
}
