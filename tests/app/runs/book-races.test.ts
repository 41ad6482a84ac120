// Forced interleavings of changes to one paper run's book, on a real SQLite store: an iteration that read the run
// before a stop, a halt or a rule change; a flatten that read it before an iteration's fill. Whatever the order, the
// run ends as its fills say: cash equal to the money the fills moved, no position the fills closed, no order of a
// stopped or halted run left to fill later. (The scheduler holds a run's lease around an iteration; here iterations
// are called without one, as a desk process whose lease ran out would, so only the compare-and-set stands between
// the two writers.)
import { describe, expect, it } from 'vitest';
import type { MarketData } from '../../../src/app/market-data/ports.js';
import { iterateRun, type RunDeps } from '../../../src/app/runs/iterate.js';
import { ok } from '../../../src/core/domain/result.js';
import { createSimMarketData } from '../../../src/market-data/sim/sim-market-data.js';
import { createPrismaRunStore } from '../../../src/store/runs/store.js';
import { createPrismaWorkspaceAdmin } from '../../../src/store/admin/workspace-admin.js';
import { fakeDesk } from '../../helpers/fake-desk.js';
import { commitOf, commitSeed, entryOf, positionOf, stateOf } from '../../helpers/run-commits.js';
import { useMigratedStore } from '../../store/helpers/repo.js';
import { paperBrokerFor } from '../../../src/broker/paper/paper-broker.js';

const DAY = 86_400_000;
const START = Date.UTC(2000, 0, 21);
const sim = createSimMarketData({ seed: 42 });
const db = useMigratedStore('book-races');

/** Market data whose next `getBars` call, once armed, waits until the test opens it. */
function gated(inner: MarketData) {
  let armed: { reached: () => void; release: Promise<void> } | null = null;
  const market: MarketData = {
    ...inner,
    getBars: async (request) => {
      const hold = armed;
      armed = null;
      if (hold !== null) {
        hold.reached();
        await hold.release;
      }
      return inner.getBars(request);
    },
  };
  const arm = () => {
    let open = (): void => undefined;
    let reached = (): void => undefined;
    const release = new Promise<void>((resolve) => (open = resolve));
    const at = new Promise<void>((resolve) => (reached = resolve));
    armed = { reached, release };
    return { reached: at, open };
  };
  return { market, arm };
}

/** A desk on the SQLite store; its commands' market data can be held, and so can the iterations'. */
async function sqliteDesk(workspace: string, strategy = 'strategy:trend-following symbols:SIM params:fast=5,slow=20 sizing:percent:20') {
  const store = db.store;
  const runStore = createPrismaRunStore(store.prisma);
  const commands = gated(sim);
  const d = fakeDesk({ runStore, workspaceAdmin: createPrismaWorkspaceAdmin(store.prisma), marketData: () => ok(commands.market) });
  const iterations = gated(sim);
  const iterate: RunDeps = { store: runStore, marketData: () => ok(iterations.market), brokerFor: paperBrokerFor };
  const at = (now: number) => d.ctx(workspace, 'admin', now);
  const started = await d.run(`/run start ${strategy}`, at(START));
  expect(started.title).toBe('Run #1 started');
  const run = await runStore.getRun(at(START).workspace, 1);
  if (!run.ok) throw new Error(run.error.message);
  const runId = run.value.id;
  const snapshot = async () => {
    const snap = await runStore.loadSnapshot(runId);
    if (!snap.ok) throw new Error(snap.error.message);
    return snap.value;
  };
  /** Iterates close after close from `from` until `done` holds after one; returns the close that did it. */
  const iterateUntil = async (from: number, done: (snap: Awaited<ReturnType<typeof snapshot>>) => boolean): Promise<number> => {
    for (let close = from; close < from + 300 * DAY; close += DAY) {
      const res = await iterateRun(iterate, runId, close, close);
      if (!res.ok) throw new Error(res.error.message);
      if (done(await snapshot())) return close;
    }
    throw new Error('never happened');
  };
  /** Iterates `close`, holding the iteration after it read the run until `meanwhile` is done. */
  const iterateAround = async (close: number, meanwhile: () => Promise<void>) => {
    const held = iterations.arm();
    const inFlight = iterateRun(iterate, runId, close, close);
    await held.reached;
    await meanwhile();
    held.open();
    return inFlight;
  };
  /** Iterates every close from `from` to `to`, both included. */
  const iterateThrough = async (from: number, to: number): Promise<void> => {
    for (let close = from; close <= to; close += DAY) {
      const res = await iterateRun(iterate, runId, close, close);
      if (!res.ok) throw new Error(res.error.message);
    }
  };
  const prisma = store.prisma;
  /** Cash the run's recorded fills moved, on top of `base`. */
  const cashFromFills = async (base: number) => (await prisma.fill.findMany({ where: { runId } }))
    .reduce((cash, f) => cash + (f.side === 'buy' ? -1 : 1) * f.qty * f.price - f.commission, base);
  return { d, at, run: (line: string, now: number) => d.run(line, at(now)), runId, iterate, commands, snapshot, iterateUntil, iterateThrough, iterateAround, prisma, cashFromFills };
}

/** The close at which a fresh run of the default strategy first plans an entry (same bars, same decisions), found on a scratch run. */
async function firstEntryClose(workspace: string): Promise<number> {
  const s = await sqliteDesk(workspace);
  return s.iterateUntil(START + DAY, (snap) => snap.pending.some((o) => o.intent === 'entry'));
}

describe('changes to a run\'s book racing each other', () => {
  it('an iteration that read the run before /run stop flatten:true commits nothing: the run ends stopped, flat, its cash equal to its fills', async () => {
    const s = await sqliteDesk('race-stop');
    // Holding, nothing waiting: the iteration in flight only marks the position (it would keep it).
    const close = (await s.iterateUntil(START + DAY, (snap) => snap.positions.length > 0 && snap.pending.length === 0)) + DAY;
    const late = await s.iterateAround(close, async () => {
      expect((await s.run('/run stop run:1 flatten:true', close + 500)).title).toBe('Run #1 stopped and flattened');
    });
    expect(late.ok && late.value).toEqual({ kind: 'skipped', reason: 'Run #1 is stopped' });

    const after = await s.snapshot();
    expect([after.run.status, after.positions, after.pending]).toEqual(['stopped', [], []]);
    expect(after.state.cash).toBeCloseTo(await s.cashFromFills(100_000), 6);
    expect(await s.prisma.decisionRecord.count({ where: { runId: s.runId, barTime: new Date(close - DAY) } })).toBe(0);
    expect(await s.prisma.order.count({ where: { runId: s.runId, status: 'submitted' } })).toBe(0);
  });

  it('a flatten that read the run before an iteration filled an order is refused and decided again: both positions are closed, cash equals the fills', async () => {
    const s = await sqliteDesk('race-flatten', 'strategy:trend-following symbols:SIM-A,SIM-B params:fast=5,slow=20 sizing:percent:20');
    // Seeded: 10 SIM-A held, a SIM-B entry waiting for the next open (bought at 100, so cash is 99,000).
    const seedBar = START + 40 * DAY;
    const close = seedBar + 2 * DAY;
    const seeded = await commitSeed(s.iterate.store, commitOf(s.runId, seedBar, {
      state: stateOf({ cash: 99_000, lastBarTime: seedBar }),
      positions: [positionOf('SIM-A', { qty: 10, avgPrice: 100, lastPrice: 100, entryTime: seedBar })],
      pending: [entryOf(s.runId, 'SIM-B', seedBar)],
      equity: { at: seedBar, cash: 99_000, equity: 100_000 },
    }));
    expect(seeded.ok).toBe(true);

    const held = s.commands.arm();
    const stopping = s.run('/run stop run:1 flatten:true', close + 500);
    await held.reached;
    const iterated = await iterateRun(s.iterate, s.runId, close, close);
    expect(iterated.ok && iterated.value.kind).toBe('committed');
    expect((await s.snapshot()).positions.map((p) => p.symbol)).toEqual(['SIM-A', 'SIM-B']);
    held.open();
    expect((await stopping).title).toBe('Run #1 stopped and flattened');

    const after = await s.snapshot();
    expect([after.run.status, after.positions, after.pending]).toEqual(['stopped', [], []]);
    expect(after.state.cash).toBeCloseTo(await s.cashFromFills(99_000), 6);
    const trades = await s.prisma.trade.findMany({ where: { runId: s.runId }, orderBy: { symbol: 'asc' } });
    expect(trades.map((t) => [t.symbol, t.exitReason])).toEqual([['SIM-A', 'flatten'], ['SIM-B', 'flatten']]);
  });

  it('an iteration that read the run before /halt plans nothing into it: the entry it would have placed never fills after /resume-all', async () => {
    const entryClose = await firstEntryClose('race-halt-probe');
    const s = await sqliteDesk('race-halt');
    await s.iterateThrough(START + DAY, entryClose - DAY);
    const late = await s.iterateAround(entryClose, async () => {
      expect((await s.run('/halt reason:"fat finger"', entryClose + 500)).title).toBe('Desk halted');
    });
    expect(late.ok && late.value).toEqual({ kind: 'skipped', reason: 'Run #1 is halted' });

    expect((await s.run('/resume-all', entryClose + 1000)).title).toBe('Desk resumed');
    await s.iterateThrough(entryClose + DAY, entryClose + 3 * DAY);
    // The bar the halted iteration decided on has no order, so nothing of it can fill after the resume.
    expect(await s.prisma.order.findMany({ where: { runId: s.runId, barTime: new Date(entryClose - DAY) } })).toEqual([]);
    expect((await s.snapshot()).state.cash).toBeCloseTo(await s.cashFromFills(100_000), 6);
  });

  it('/run stop cancels a pending entry: it never fills, not even after /halt and /resume-all', async () => {
    const s = await sqliteDesk('stop-pending');
    const entryClose = await s.iterateUntil(START + DAY, (snap) => snap.pending.some((o) => o.intent === 'entry'));
    const stopped = await s.run('/run stop run:1', entryClose + 500);
    expect(stopped.title).toBe('Run #1 stopped');
    expect(stopped.text).toBe('Cancelled the pending entry buy SIM.');
    await s.run('/halt', entryClose + 600);
    await s.run('/resume-all', entryClose + 700);
    await s.iterateThrough(entryClose + DAY, entryClose + 3 * DAY);
    const orders = await s.prisma.order.findMany({ where: { runId: s.runId }, select: { symbol: true, intent: true, status: true } });
    expect(orders).toEqual([{ symbol: 'SIM', intent: 'entry', status: 'cancelled' }]);
    expect(await s.prisma.fill.count({ where: { runId: s.runId } })).toBe(0);
    const after = await s.snapshot();
    expect([after.run.status, after.pending]).toEqual(['stopped', []]);
  });

  it('an iteration that read the run before a rule applied to it decides again under the new rule', async () => {
    const entryClose = await firstEntryClose('race-rule-probe');
    const s = await sqliteDesk('race-rule');
    await s.iterateThrough(START + DAY, entryClose - DAY);
    const late = await s.iterateAround(entryClose, async () => {
      const added = await s.run('/rules add id:floor category:screening type:min_price params:usd=100000 apply:running', entryClose + 500);
      expect(added.text).toContain('Also applied to runs in progress #1');
    });
    expect(late.ok && late.value.kind).toBe('committed');
    const decided = await s.prisma.decisionRecord.findFirstOrThrow({ where: { runId: s.runId, barTime: new Date(entryClose - DAY) } });
    expect(decided.verdicts).toEqual([expect.objectContaining({ symbol: 'SIM', by: 'rule:floor' })]);
    expect((await s.snapshot()).pending).toEqual([]);
  });
});
