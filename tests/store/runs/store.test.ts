import { spawn } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceRef } from '../../../src/app/chat/command.js';
import type { RunManifest, RunState, RunStatus, StoredPosition } from '../../../src/app/runs/model.js';
import type { RunStore } from '../../../src/app/runs/ports.js';
import type { Fill, PlannedOrder } from '../../../src/core/domain/order.js';
import { DEFAULT_QUANT } from '../../../src/core/engine/config.js';
import { initialBreakerState } from '../../../src/core/risk/circuit-breaker.js';
import { DEFAULT_GATE_LIMITS } from '../../../src/core/risk/gates.js';
import { saveBacktestRun } from '../../../src/store/runs/backtest-runs.js';
import type { Store } from '../../../src/store/db/client.js';
import { createPrismaRunStore } from '../../../src/store/runs/store.js';
import { commitSeed, type SeedCommit } from '../../helpers/run-commits.js';
import { REPO_ROOT, useMigratedStore, useSecondConnection } from '../helpers/repo.js';
import { sampleRecord } from '../helpers/sample-run.js';

const db = useMigratedStore('run-store');
// A second connection to the same database, as a second desk process would have.
const second = useSecondConnection(db);
let store: Store;
let other: Store;
let runs: RunStore;
let otherRuns: RunStore;

beforeAll(() => {
  store = db.store;
  other = second.store;
  runs = createPrismaRunStore(store.prisma);
  otherRuns = createPrismaRunStore(other.prisma);
});

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5, 14, 30);
const T1 = T0 + DAY;
const T2 = T0 + 2 * DAY;

const MANIFEST: RunManifest = {
  strategy: { id: 'sma-cross', version: '1.0.0' },
  params: { fast: 10, slow: 30 },
  symbols: ['ORCL', 'GOOG'],
  dataSymbols: ['SPY'],
  timeframe: '1d',
  dataSource: 'sim',
  startCash: 100_000,
  sizing: { kind: 'risk', riskPct: 2, atrMultiple: 1.5, atrPeriod: 14 },
  costs: { commissionRate: 0.001, slippageBps: 5 },
  gates: { mode: 'enforce', limits: DEFAULT_GATE_LIMITS },
  quant: DEFAULT_QUANT,
  rules: [{ id: 'sl-8', category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 8 }, priority: 5, active: true, shadow: false }],
  rulesHash: 'hash-1',
  codeVersion: 'test',
};

const ws = (externalId: string): WorkspaceRef => ({ platform: 'discord', externalId, name: `Guild ${externalId}` });

async function startRun(workspace: WorkspaceRef, now = T0) {
  const res = await runs.createRun({ workspace, manifest: MANIFEST, createdBy: 'u-alice', channelId: 'c-desk', now });
  if (!res.ok) throw new Error(res.error.message);
  return res.value;
}

async function snapshot(runId: string) {
  const res = await runs.loadSnapshot(runId);
  if (!res.ok) throw new Error(res.error.message);
  return res.value;
}

const STATE: RunState = {
  cash: 100_000,
  equity: 100_000,
  peakEquity: 100_000,
  dayStartEquity: 100_000,
  dayKey: null,
  lastBarTime: null,
  entriesHalted: null,
  breaker: initialBreakerState(),
  tradeRecord: [],
};

// Client order ids and fill ids are unique across runs (as the core derives them from the run): each test's run id is in them.
function entry(runId: string, symbol: string, barTime: number, sizing: PlannedOrder['sizing']): PlannedOrder {
  return {
    clientOrderId: `${runId}:${barTime}:${symbol}:entry`,
    symbol,
    side: 'buy',
    intent: 'entry',
    positionSide: 'long',
    sizing,
    confidence: 0.8,
    reason: 'fast SMA crossed above slow',
    exitReason: null,
    // NaN = not set and Infinity = no cap are the core's own encodings: they must come back as such.
    protection: { stopDistance: 2.5, stopLossPct: NaN, takeProfitPct: 12, trailingStopPct: NaN, maxHoldingBars: NaN, shadow: [{ by: 'rule:tp-20', type: 'take_profit_pct', value: 20 }] },
    caps: { maxPositionPct: 25, maxPositionBy: 'gate:max-position-size', maxNotional: Infinity, maxNotionalBy: '' },
    barTime,
  };
}

function exit(runId: string, symbol: string, barTime: number): PlannedOrder {
  return {
    clientOrderId: `${runId}:${barTime}:${symbol}:exit`,
    symbol,
    side: 'sell',
    intent: 'exit',
    positionSide: 'long',
    sizing: { kind: 'close' },
    confidence: 1,
    reason: 'fast SMA crossed below slow',
    exitReason: 'signal',
    protection: { stopDistance: NaN, stopLossPct: NaN, takeProfitPct: NaN, trailingStopPct: NaN, maxHoldingBars: NaN, shadow: [] },
    caps: null,
    barTime,
  };
}

const position = (symbol: string, over: Partial<StoredPosition> = {}): StoredPosition => ({
  symbol,
  qty: 100,
  avgPrice: 50,
  entryTime: T1,
  entryCommission: 5,
  lastPrice: 52,
  barsHeld: 1,
  stopPrice: 47.5,
  targetPrice: null,
  trailingPct: null,
  extreme: 53,
  maxHoldingBars: 20,
  shadowExits: [{ by: 'rule:tp-20', type: 'take_profit_pct', value: 20, level: 60 }, { by: 'rule:ts-5', type: 'trailing_stop_pct', value: 5, level: null }],
  ...over,
});

const fill = (id: string, symbol: string, over: Partial<Fill> = {}): Fill => ({
  id,
  symbol,
  side: 'buy',
  qty: 100,
  price: 50,
  commission: 5,
  time: T1,
  exitReason: null,
  ...over,
});

function commitOf(runId: string, barTime: number, over: Partial<SeedCommit> = {}): SeedCommit {
  return {
    runId,
    barTime,
    asOf: barTime + 6.5 * 3_600_000,
    state: { ...STATE, lastBarTime: barTime, dayKey: Math.floor(barTime / DAY) },
    positions: [],
    pending: [],
    filledOrderIds: [],
    fills: [],
    trades: [],
    equity: { at: barTime, cash: 100_000, equity: 100_000 },
    decision: { inputs: { bars: 30 }, signals: [], verdicts: [], orders: [], notes: [] },
    transition: null,
    notifications: [],
    ...over,
  };
}

async function commit(c: SeedCommit): Promise<boolean> {
  const res = await commitSeed(runs, c);
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.value.committed;
}

/** Every row a commit writes, for one run. */
async function counts(runId: string) {
  const p = store.prisma;
  const where = { runId };
  return {
    decisions: await p.decisionRecord.count({ where }),
    orders: await p.order.count({ where }),
    fills: await p.fill.count({ where }),
    trades: await p.trade.count({ where }),
    equity: await p.equitySnapshot.count({ where }),
    violations: await p.ruleViolation.count({ where }),
    reasoning: await p.reasoningEntry.count({ where }),
    notifications: await p.notification.count({ where }),
    positions: await p.position.count({ where }),
    transitions: await p.runTransition.count({ where }),
  };
}

const history = async (runId: string) =>
  (await store.prisma.runTransition.findMany({ where: { runId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] })).map((t) => [t.fromStatus, t.toStatus, t.actor, t.reason]);

describe('createRun / getRun / listRuns', () => {
  it('numbers runs per workspace, after any backtest there, and keeps each workspace to its own runs', async () => {
    const a = ws('number-a');
    const b = ws('number-b');
    const backtest = await saveBacktestRun(store.prisma, sampleRecord({ workspace: a }));
    expect(backtest.ok).toBe(true);
    const a2 = await startRun(a);
    const a3 = await startRun(a);
    const b1 = await startRun(b);
    expect([a2.number, a3.number, b1.number]).toEqual([2, 3, 1]);

    expect(await runs.getRun(a, 3)).toEqual({ ok: true, value: a3 });
    expect(await runs.getRun(b, 3)).toEqual({ ok: false, error: { code: 'run.not_found', message: 'Run #3 does not exist in this workspace', details: { number: 3 } } });
    expect(await runs.getRun(ws('never-seen'), 1)).toMatchObject({ ok: false, error: { code: 'run.not_found' } });
    expect(await runs.getRun(a, 1)).toMatchObject({ ok: false, error: { code: 'run.not_live', message: 'Run #1 is a backtest, not a paper or live run' } });
  });

  it('stores the manifest, creator, channel and start time as given and records null -> running', async () => {
    const run = await startRun(ws('create'), T0);
    expect(run).toEqual({
      id: run.id,
      workspace: ws('create'),
      number: 1,
      mode: 'paper',
      status: 'running',
      manifest: MANIFEST,
      createdBy: 'u-alice',
      channelId: 'c-desk',
      startedAt: T0,
      endedAt: null,
    });
    expect(await history(run.id)).toEqual([[null, 'running', 'u-alice', 'started']]);
    const row = await store.prisma.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(row).toMatchObject({ strategyId: 'sma-cross', ruleSnapshotHash: 'hash-1', startingCash: 100_000, dataSource: 'sim', timeframe: '1d' });
  });

  it('starts from all cash, no positions, no pending orders and the kill switch off', async () => {
    const run = await startRun(ws('initial'));
    expect(await snapshot(run.id)).toEqual({ run, state: STATE, positions: [], pending: [], killSwitch: null, version: 0 });
  });

  it('lists newest first, filtered by status, without backtests', async () => {
    const w = ws('list');
    await saveBacktestRun(store.prisma, sampleRecord({ workspace: w }));
    const r2 = await startRun(w);
    const r3 = await startRun(w);
    await runs.transition(r2.id, 'paused', 'u-bob', 'lunch', T1);
    const numbers = async (status?: RunStatus | 'all') => (await runs.listRuns(w, status === undefined ? {} : { status })).map((r) => r.number);
    expect(await numbers()).toEqual([3, 2]);
    expect(await numbers('all')).toEqual([3, 2]);
    expect(await numbers('paused')).toEqual([2]);
    expect(await numbers('completed')).toEqual([]);
    expect(r3.number).toBe(3);
  });

  it('lists as active the running runs of every workspace and the paused or halted ones still holding something, and nothing else', async () => {
    const x = await startRun(ws('active-x'));
    const y = await startRun(ws('active-y'));
    // A paused run keeps managing what it holds (a position here); one holding nothing has nothing to do.
    const holding = await startRun(ws('active-x'));
    await commit(commitOf(holding.id, T1, { positions: [position('ORCL')] }));
    const empty = await startRun(ws('active-x'));
    const halted = await startRun(ws('active-y'));
    const haltedHolding = await startRun(ws('active-y'));
    await commit(commitOf(haltedHolding.id, T1, { positions: [position('ORCL')] }));
    const stopped = await startRun(ws('active-y'));
    await runs.transition(holding.id, 'paused', 'u-bob', 'check', T1);
    await runs.transition(haltedHolding.id, 'halted', 'desk', 'drawdown', T1);
    await runs.transition(empty.id, 'paused', 'u-bob', 'check', T1);
    await runs.transition(halted.id, 'halted', 'desk', 'drawdown', T1);
    await runs.transition(stopped.id, 'stopped', 'u-bob', 'done', T1);
    const active = await runs.listActive();
    const ids = active.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining([x.id, y.id, holding.id, haltedHolding.id]));
    for (const id of [empty.id, halted.id, stopped.id]) expect(ids).not.toContain(id);
    expect(new Set(active.map((r) => `${r.mode}/${r.status}`))).toEqual(new Set(['paper/running', 'paper/paused', 'paper/halted']));
  });
});

describe('transition', () => {
  const cases: { path: RunStatus[]; refused?: { to: RunStatus; message: string } }[] = [
    { path: ['paused', 'running', 'halted', 'running', 'stopped'] },
    { path: ['halted', 'stopped'] },
    { path: ['completed'] },
    { path: ['failed'] },
    { path: ['stopped'], refused: { to: 'running', message: 'is stopped; it cannot be resumed' } },
    { path: ['completed'], refused: { to: 'paused', message: 'is completed; it cannot be paused' } },
    { path: ['paused', 'halted'] },
    { path: ['halted'], refused: { to: 'paused', message: 'is halted; it cannot be paused' } },
    { path: ['paused'], refused: { to: 'paused', message: 'is already paused' } },
    { path: [], refused: { to: 'running', message: 'is already running' } },
  ];
  it.each(cases)('running -> $path then $refused.to', async ({ path, refused }) => {
    const run = await startRun(ws(`tr-${path.join('-')}-${refused?.to ?? 'ok'}`));
    let from: RunStatus = 'running';
    for (const [i, to] of path.entries()) {
      const res = await runs.transition(run.id, to, 'u-bob', `step ${i}`, T1 + i);
      expect(res).toMatchObject({ ok: true, value: { status: to } });
      from = to;
    }
    const expected = [[null, 'running', 'u-alice', 'started'], ...path.map((to, i) => [i === 0 ? 'running' : path[i - 1], to, 'u-bob', `step ${i}`])];
    if (refused !== undefined) {
      const res = await runs.transition(run.id, refused.to, 'u-bob', 'try', T2);
      expect(res).toEqual({ ok: false, error: { code: 'run.transition', message: `Run #1 ${refused.message}`, details: { number: 1, from, to: refused.to } } });
    }
    expect(await history(run.id)).toEqual(expected);
    const ended = ['stopped', 'completed', 'failed'].includes(from);
    expect((await snapshot(run.id)).run.endedAt).toBe(ended ? T1 + path.length - 1 : null);
  });

  it('is run.not_found for an unknown id or a backtest', async () => {
    const saved = await saveBacktestRun(store.prisma, sampleRecord({ workspace: ws('tr-backtest') }));
    if (!saved.ok) throw new Error(saved.error.message);
    for (const id of ['nope', saved.value.runId]) {
      expect(await runs.transition(id, 'paused', 'u-bob', 'x', T1)).toMatchObject({ ok: false, error: { code: 'run.not_found' } });
    }
  });
});

describe('commitIteration and loadSnapshot', () => {
  // Bar 1 plans three orders; bar 2 fills one, an intrabar stop closes a position, one order stays and one is dropped.
  const ordersOf = (runId: string) => ({
    orcl: entry(runId, 'ORCL', T1, { kind: 'percent', pct: 10 }),
    goog: entry(runId, 'GOOG', T1, { kind: 'qty', qty: 3 }),
    msftExit: exit(runId, 'MSFT', T1),
  });
  const bar1 = (runId: string) => {
    const { orcl, goog, msftExit } = ordersOf(runId);
    return commitOf(runId, T1, {
      state: {
        ...STATE,
        cash: 95_000,
        equity: 101_000,
        peakEquity: 101_000,
        dayKey: 20_459,
        lastBarTime: T1,
        entriesHalted: { by: 'gate:max-drawdown', observed: 26, limit: 25, action: 'entry_blocked', message: 'halted' },
        // An unreadable quality score trips the breaker with observed NaN: that must survive the round trip.
        breaker: { status: 'open', consecutiveFailures: 0, trippedAt: T1, reason: { code: 'breaker.data_quality', message: 'NaN quality', observed: NaN, limit: 0.8 }, equityPeaks: [{ at: T1, equity: 101_000 }] },
        tradeRecord: [{ returnPct: 1.5, exitTime: T0 }],
      },
      // Given out of symbol order: the snapshot sorts by symbol.
      positions: [position('MSFT'), position('AAPL', { qty: -10, stopPrice: null, targetPrice: 40, trailingPct: 5, maxHoldingBars: null, shadowExits: [] })],
      pending: [orcl, goog, msftExit],
      equity: { at: T1, cash: 95_000, equity: 101_000 },
      decision: {
        inputs: { bars: 30, score: NaN },
        signals: [{ symbol: 'ORCL', action: 'buy' }],
        verdicts: [
          { time: T1, symbol: 'TSLA', by: 'gate:max-position-size', reason: 'too big', observed: 60, limit: 50, shadow: false },
          { time: T1, symbol: 'ORCL', by: 'rule:r1', reason: 'blackout', observed: null, limit: null, shadow: true },
        ],
        orders: [orcl, goog, msftExit],
        notes: [{ kind: 'decision', content: 'bought the crossover' }],
      },
      notifications: [
        { eventType: 'trade_blocked', dedupeKey: `b1:TSLA`, payload: { run: 1, symbol: 'TSLA', by: 'gate:max-position-size', observed: 60, limit: 50, reason: 'too big', shadow: false, action: 'entry_blocked' } },
        { eventType: 'run_summary', dedupeKey: `b1:summary`, payload: { run: 1, runId, reason: 'day closed' } },
      ],
    });
  };
  const bar2 = (runId: string) => {
    const { orcl, goog } = ordersOf(runId);
    return commitOf(runId, T2, {
      positions: [position('ORCL', { qty: 190, entryTime: T2 })],
      pending: [goog],
      filledOrderIds: [orcl.clientOrderId],
      fills: [
        { fill: fill(`${runId}:f-orcl`, 'ORCL', { qty: 190, time: T2 }), clientOrderId: orcl.clientOrderId },
        { fill: fill(`${runId}:f-msft-stop`, 'MSFT', { side: 'sell', price: 47.5, time: T2, exitReason: 'stop_loss' }), clientOrderId: null },
      ],
      trades: [{ symbol: 'MSFT', side: 'long', qty: 100, entryTime: T1, entryPrice: 50, exitTime: T2, exitPrice: 47.5, pnl: -260, commission: 10, exitReason: 'stop_loss', barsHeld: 1 }],
      equity: { at: T2, cash: 80_000, equity: 99_000 },
      notifications: [{ eventType: 'order_filled', dedupeKey: 'b2:ORCL', payload: { run: 1, symbol: 'ORCL', side: 'buy', qty: 190, price: 50, time: T2, pnl: null, reason: 'crossover', intent: 'entry' } }],
    });
  };

  it('round-trips state, positions (sorted, with shadow exits) and pending orders exactly', async () => {
    const run = await startRun(ws('roundtrip'));
    const c = bar1(run.id);
    const { orcl, goog, msftExit } = ordersOf(run.id);
    expect(await commit(c)).toBe(true);
    const snap = await snapshot(run.id);
    expect(snap.state).toEqual(c.state);
    expect(snap.positions).toEqual([c.positions[1], c.positions[0]]);
    expect(snap.pending).toEqual([orcl, goog, msftExit]);
    expect(Number.isNaN(snap.pending[0]!.protection.stopLossPct) && snap.pending[0]!.caps!.maxNotional === Infinity).toBe(true);
    expect(await runs.hasDecision(run.id, T1)).toBe(true);
    expect(await runs.hasDecision(run.id, T2)).toBe(false);

    const violations = await store.prisma.ruleViolation.findMany({ where: { runId: run.id }, orderBy: { by: 'asc' } });
    expect(violations.map((v) => [v.by, v.action, v.message, v.decisionId !== null])).toEqual([
      ['gate:max-position-size', 'entry_blocked', 'too big', true],
      ['rule:r1', 'reported', 'blackout', true],
    ]);
    const notes = await store.prisma.reasoningEntry.findMany({ where: { runId: run.id } });
    expect(notes.map((n) => [n.kind, n.content, n.at.getTime()])).toEqual([['decision', 'bought the crossover', c.asOf]]);
    const orders = await store.prisma.order.findMany({ where: { runId: run.id }, orderBy: { clientOrderId: 'asc' } });
    expect(orders.map((o) => [o.symbol, o.status, o.qty])).toEqual([['GOOG', 'submitted', 3], ['MSFT', 'submitted', 0], ['ORCL', 'submitted', 0]]);
  });

  it('fills, cancels and carries pending orders, and records intrabar exits under an order of their own', async () => {
    const run = await startRun(ws('fills'));
    await commit(bar1(run.id));
    expect(await commit(bar2(run.id))).toBe(true);
    const { orcl, goog, msftExit } = ordersOf(run.id);

    const snap = await snapshot(run.id);
    expect(snap.pending).toEqual([goog]);
    expect(snap.positions.map((p) => [p.symbol, p.qty])).toEqual([['ORCL', 190]]);
    const rows = await store.prisma.order.findMany({ where: { runId: run.id }, include: { fills: true } });
    const orders = new Map(rows.map((o) => [o.clientOrderId, [o.status, o.type, o.intent, o.qty, o.fills.map((f) => f.externalId)]]));
    expect(orders).toEqual(
      new Map([
        [`${run.id}:f-msft-stop`, ['filled', 'stop', 'exit', 100, [`${run.id}:f-msft-stop`]]],
        [goog.clientOrderId, ['submitted', 'market', 'entry', 3, []]],
        [msftExit.clientOrderId, ['cancelled', 'market', 'exit', 0, []]],
        // percent sizing: the stored qty becomes the filled qty
        [orcl.clientOrderId, ['filled', 'market', 'entry', 190, [`${run.id}:f-orcl`]]],
      ]),
    );
    expect(await counts(run.id)).toMatchObject({ decisions: 2, fills: 2, trades: 1, equity: 2, notifications: 3, positions: 1 });
  });

  it('writes nothing the second time the same bar is committed', async () => {
    const run = await startRun(ws('idempotent'));
    await commit(bar1(run.id));
    await commit(bar2(run.id));
    const before = await counts(run.id);
    const state = (await snapshot(run.id)).state;
    expect(await commit(bar2(run.id))).toBe(false);
    expect(await commit(bar1(run.id))).toBe(false);
    expect(await counts(run.id)).toEqual(before);
    expect((await snapshot(run.id)).state).toEqual(state);
  });

  it('commits a bar once when two commits of it overlap', async () => {
    const run = await startRun(ws('race'));
    const results = await Promise.all([runs.commitIteration({ ...bar1(run.id), expectedVersion: 0 }), runs.commitIteration({ ...bar1(run.id), expectedVersion: 0 })]);
    expect(results.map((r) => (r.ok ? r.value.committed : r.error.code)).sort()).toEqual([false, true]);
    expect(await counts(run.id)).toMatchObject({ decisions: 1, orders: 3, notifications: 2 });
  });

  const halfWay: { case: string; workspace: string; code: string; commit: (runId: string) => SeedCommit }[] = [
    {
      case: 'a fill for an order the run never placed',
      workspace: 'half-ghost-fill',
      code: 'run.invalid_commit',
      commit: (runId) => ({ ...bar2(runId), fills: [...bar2(runId).fills, { fill: fill('f-ghost', 'ORCL'), clientOrderId: 'no-such-order' }] }),
    },
    {
      // The unique (runId, at) of EquitySnapshot fails after orders, fills and positions were written.
      case: 'an equity point at a time already recorded',
      workspace: 'half-equity',
      code: 'db.write_failed',
      commit: (runId) => ({ ...bar2(runId), equity: { at: T1, cash: 1, equity: 1 } }),
    },
    {
      case: 'a pending order that already filled',
      workspace: 'half-pending',
      code: 'run.invalid_commit',
      commit: (runId) => ({ ...bar2(runId), pending: [ordersOf(runId).goog, ordersOf(runId).orcl] }),
    },
  ];
  it.each(halfWay)('leaves nothing behind when it fails half-way: $case', async ({ commit: make, code, workspace }) => {
    const run = await startRun(ws(workspace));
    await commit(bar1(run.id));
    const before = await counts(run.id);
    const snapBefore = await snapshot(run.id);
    const res = await commitSeed(runs, make(run.id));
    expect(res).toMatchObject({ ok: false, error: { code } });
    expect(await counts(run.id)).toEqual(before);
    expect(await snapshot(run.id)).toEqual(snapBefore);
    expect(await runs.hasDecision(run.id, T2)).toBe(false);
  });

  it('refuses a state it could not read back (NaN cash) before writing anything', async () => {
    const run = await startRun(ws('nan-state'));
    const res = await commitSeed(runs, commitOf(run.id, T1, { state: { ...STATE, cash: NaN } }));
    expect(res).toMatchObject({ ok: false, error: { code: 'store.invalid_value' } });
    expect(res.ok ? '' : res.error.message).toContain('state.cash');
    expect(await runs.hasDecision(run.id, T1)).toBe(false);
  });

  it('records the transition an iteration decides, as the desk', async () => {
    const run = await startRun(ws('desk-halt'));
    expect(await commit(commitOf(run.id, T1, { transition: { to: 'halted', reason: 'max drawdown' } }))).toBe(true);
    expect((await snapshot(run.id)).run.status).toBe('halted');
    expect((await history(run.id)).at(-1)).toEqual(['running', 'halted', 'desk', 'max drawdown']);
  });

  it('refuses the whole iteration when its transition is not allowed (the run is stopped)', async () => {
    const run = await startRun(ws('desk-refused'));
    await runs.transition(run.id, 'stopped', 'u-bob', 'done', T1);
    const before = await counts(run.id);
    const res = await commitSeed(runs, commitOf(run.id, T1, { transition: { to: 'halted', reason: 'max drawdown' } }));
    expect(res).toMatchObject({ ok: false, error: { code: 'run.transition', message: 'Run #1 is stopped; it cannot be halted' } });
    expect(await counts(run.id)).toEqual(before);
  });

  it('refuses a commit decided on a version of the run that is no longer current (run.stale), writing nothing', async () => {
    const run = await startRun(ws('stale-commit'));
    expect((await snapshot(run.id)).version).toBe(0);
    await commit(bar1(run.id));
    expect((await snapshot(run.id)).version).toBe(1);
    const before = await counts(run.id);
    const snapBefore = await snapshot(run.id);
    const res = await runs.commitIteration({ ...bar2(run.id), expectedVersion: 0 });
    expect(res).toEqual({ ok: false, error: { code: 'run.stale', message: 'Run #1 changed while this change was being decided (version 0, now 1); it is read again',
      details: { number: 1, expected: 0, current: 1 } } });
    expect(await counts(run.id)).toEqual(before);
    expect(await snapshot(run.id)).toEqual(snapBefore);
    // The same bar already committed is still "not committed again", whatever version it names.
    expect(await runs.commitIteration({ ...bar1(run.id), expectedVersion: 0 })).toEqual({ ok: true, value: { committed: false } });
  });

  it('moves the version with every status change, so an iteration that read the run before a pause is refused', async () => {
    const run = await startRun(ws('stale-after-pause'));
    const read = await snapshot(run.id);
    await runs.transition(run.id, 'paused', 'u-bob', 'look', T1);
    const res = await runs.commitIteration({ ...bar1(run.id), expectedVersion: read.version });
    expect(res).toMatchObject({ ok: false, error: { code: 'run.stale' } });
    expect(await runs.hasDecision(run.id, T1)).toBe(false);
  });

  it('changes status with its cancelled orders, history lines and notifications in one transaction, and only on the version read', async () => {
    const run = await startRun(ws('status-change'));
    await commit(bar1(run.id));
    const { orcl, goog, msftExit } = ordersOf(run.id);
    const read = await snapshot(run.id);
    const change = {
      expectedVersion: read.version,
      cancelOrders: [orcl.clientOrderId, goog.clientOrderId],
      notes: ['cancelled the pending entries: run paused by bob'],
      notifications: [{ eventType: 'run_paused' as const, dedupeKey: `${run.id}:paused`, payload: { run: 1, reason: 'by bob' } }],
    };
    const before = await counts(run.id);
    // A stale version: nothing at all.
    expect(await runs.transition(run.id, 'paused', 'u-bob', 'by bob', T2, { ...change, expectedVersion: read.version - 1 })).toMatchObject({ ok: false, error: { code: 'run.stale' } });
    expect(await counts(run.id)).toEqual(before);
    expect((await snapshot(run.id)).run.status).toBe('running');

    expect(await runs.transition(run.id, 'paused', 'u-bob', 'by bob', T2, change)).toMatchObject({ ok: true, value: { status: 'paused' } });
    const after = await snapshot(run.id);
    expect([after.pending, after.version]).toEqual([[msftExit], read.version + 1]);
    expect(await counts(run.id)).toEqual({ ...before, transitions: before.transitions + 1, reasoning: before.reasoning + 1, notifications: before.notifications + 1 });
    const orders = await store.prisma.order.findMany({ where: { runId: run.id }, orderBy: { clientOrderId: 'asc' }, select: { symbol: true, status: true } });
    expect(orders).toEqual([{ symbol: 'GOOG', status: 'cancelled' }, { symbol: 'MSFT', status: 'submitted' }, { symbol: 'ORCL', status: 'cancelled' }]);
  });

  it('commits a person\'s stop with a flatten as one transaction, recorded under their name', async () => {
    const run = await startRun(ws('stop-flatten'));
    await commit(bar1(run.id));
    const read = await snapshot(run.id);
    const flatten = commitOf(run.id, T2, {
      expectedVersion: read.version,
      fills: [{ fill: fill(`${run.id}:f-flat`, 'MSFT', { side: 'sell', time: T2, exitReason: 'flatten' }), clientOrderId: null }],
      transition: { to: 'stopped', reason: 'done', actor: 'u-bob' },
    });
    expect(await commit(flatten)).toBe(true);
    const after = await snapshot(run.id);
    expect([after.run.status, after.positions, after.pending]).toEqual(['stopped', [], []]);
    expect((await history(run.id)).at(-1)).toEqual(['running', 'stopped', 'u-bob', 'done']);
  });

  it('reports the workspace kill switch with its reason', async () => {
    const run = await startRun(ws('kill'));
    await store.prisma.workspace.update({ where: { platform_externalId: { platform: 'discord', externalId: 'kill' } }, data: { haltedAt: new Date(T1), haltReason: 'market chaos' } });
    expect((await snapshot(run.id)).killSwitch).toBe('market chaos');
  });
});

describe('leases', () => {
  const TTL = 60_000;

  it('admits one holder at a time until the lease expires, lets the holder re-enter, and releases only its own', async () => {
    const { id } = await startRun(ws('lease'));
    expect(await runs.acquireLease(id, 'desk-a', T1, TTL, T0)).toBe(true);
    expect(await otherRuns.acquireLease(id, 'desk-b', T1, TTL, T0 + 1_000)).toBe(false);
    // Re-entry extends the lease: at T0 + TTL it is still desk-a's.
    expect(await runs.acquireLease(id, 'desk-a', T2, TTL, T0 + 10_000)).toBe(true);
    expect(await otherRuns.acquireLease(id, 'desk-b', T2, TTL, T0 + TTL)).toBe(false);
    await otherRuns.releaseLease(id, 'desk-b');
    expect(await otherRuns.acquireLease(id, 'desk-b', T2, TTL, T0 + TTL + 9_999)).toBe(false);
    // Expired (expiresAt <= now): another holder takes over.
    expect(await otherRuns.acquireLease(id, 'desk-b', T2, TTL, T0 + TTL + 10_000)).toBe(true);
    await runs.releaseLease(id, 'desk-a');
    expect(await runs.acquireLease(id, 'desk-a', T2, TTL, T0 + TTL + 10_001)).toBe(false);
    await otherRuns.releaseLease(id, 'desk-b');
    expect(await runs.acquireLease(id, 'desk-a', T2, TTL, T0 + TTL + 10_002)).toBe(true);
  });

  it('gives a free lease to exactly one of several desk processes asking at once', async () => {
    const { id } = await startRun(ws('lease-race'));
    const children = Array.from({ length: 4 }, (_, i) => startLeaseChild({ DB_URL: db.url, RUN_ID: id, HOLDER: `desk-${i}`, NOW: String(T0) }));
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.go();
    const got = await Promise.all(children.map((c) => c.result));
    expect(got.filter((g) => g === 'true')).toHaveLength(1);
    expect(got.filter((g) => g === 'false')).toHaveLength(3);
  }, 60_000);

  it('is never granted for a run that does not exist', async () => {
    expect(await runs.acquireLease('no-such-run', 'desk-a', T1, TTL, T0)).toBe(false);
  });
});

// Another desk process (its own SQLite connection): waits for "go" on stdin, asks for the lease once, prints the answer.
// Separate processes because better-sqlite3 waits for a lock synchronously: two connections in one process block each other.
const LEASE_CHILD = `
import { createStore } from ${JSON.stringify(path.join(REPO_ROOT, 'src', 'store', 'db', 'client.ts'))};
import { createPrismaRunStore } from ${JSON.stringify(path.join(REPO_ROOT, 'src', 'store', 'runs', 'store.ts'))};
const { DB_URL, RUN_ID, HOLDER, NOW } = process.env;
const store = createStore({ databaseUrl: DB_URL });
await store.prisma.runLease.count();
process.stdout.write('ready\\n');
process.stdin.once('data', async () => {
  const got = await createPrismaRunStore(store.prisma).acquireLease(RUN_ID, HOLDER, Number(NOW), 60000, Number(NOW));
  process.stdout.write(String(got) + '\\n');
  await store.close();
});
`;

function startLeaseChild(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', LEASE_CHILD], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    if (out.includes('ready\n')) markReady();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const result = new Promise<string>((resolve, reject) =>
    child.on('close', (code) => {
      markReady();
      if (code === 0) resolve(out.trim().split('\n').at(-1) ?? '');
      else reject(new Error(`lease child exited ${code}: ${err}`));
    }),
  );
  return { ready, result, go: () => child.stdin.end('go\n') };
}
