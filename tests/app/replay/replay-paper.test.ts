// The paper replay follows the run's journal: only the bars it decided, each in the mode it decided it, and its
// status changes (a pause or halt cancels pending entries unless the run's own record shows it kept them).
import { describe, expect, it } from 'vitest';
import { replaySetupOf } from '../../../src/app/replay/manifest.js';
import { runPaperPasses } from '../../../src/app/replay/paper.js';
import { liftsHalt, runTimeline } from '../../../src/app/replay/timeline.js';
import { iterateRun } from '../../../src/app/runs/iterate.js';
import type { JournalDecision, JournalTransition, RunJournal } from '../../../src/app/runs/journal.js';
import { startRun } from '../../../src/app/runs/start-run.js';
import type { ClosedTrade } from '../../../src/core/engine/report.js';
import { createSimMarketData } from '../../../src/market-data/sim/sim-market-data.js';
import { fakeDesk } from '../../helpers/fake-desk.js';
import { WS_A } from '../../mcp/mcp-harness.js';
import { paperBrokerFor } from '../../../src/broker/paper/paper-broker.js';

const DAY = 86_400_000;
const D0 = Date.UTC(2023, 0, 1);
const market = createSimMarketData({ seed: 42 });

async function paperRun(days: number) {
  const desk = fakeDesk();
  const deps = { ...desk.deps, store: desk.runStore, brokerFor: paperBrokerFor };
  const started = await startRun(deps, {
    workspace: WS_A, actor: { id: 'u', name: 'ann', role: 'trader' }, channelId: 'console', strategyId: 'mean-reversion', params: { period: 5 },
    symbols: ['SIM-A', 'SIM-B'], timeframe: '1d', dataSource: 'sim', sizing: { kind: 'risk', riskPct: 2, atrMultiple: 1.5, atrPeriod: 14 }, now: D0,
  });
  if (!started.ok) throw new Error(started.error.message);
  const runId = started.value.run.id;
  for (let close = D0 + DAY; close <= D0 + days * DAY; close += DAY) {
    const r = await iterateRun(deps, runId, close, close + 1000);
    if (!r.ok) throw new Error(r.error.message);
  }
  const run = await desk.runQueries.findRun(WS_A, 1);
  const manifest = await desk.runQueries.runManifest(runId);
  const journal = await desk.runQueries.runJournal(runId);
  if (!run.ok || !manifest.ok || !journal.ok) throw new Error('run not readable');
  const setup = replaySetupOf(run.value, manifest.value);
  if (!setup.ok) throw new Error(setup.error.message);
  const stored = desk.runStore.commits.flatMap((c) => c.trades);
  const pass = async (j: RunJournal) => {
    const p = await runPaperPasses({ market, setup: setup.value, timeline: runTimeline(j, setup.value.rules, Number.MAX_SAFE_INTEGER), orderStatus: j.orderStatus, runKey: `run:${runId}`, passes: [(r) => r] });
    if (!p.ok) throw new Error(p.error.message);
    return p.value[0]!;
  };
  return { journal: journal.value, stored, pass };
}

type Decided = Extract<JournalDecision, { kind: 'decided' }>;
const decided = (j: RunJournal): Decided[] => j.decisions.flatMap((d) => (d.kind === 'decided' ? [d] : []));
const move = (at: number, from: JournalTransition['from'], to: JournalTransition['to'], reason = 'by ann'): JournalTransition => ({ at, from, to, actor: 'ann', reason });
const entries = (ts: readonly ClosedTrade[]) => ts.map((t) => `${t.symbol}@${t.entryTime}`);

describe('runPaperPass', () => {
  it('gives the trades the iterations made', async () => {
    const { journal, stored, pass } = await paperRun(150);
    expect(stored.length).toBeGreaterThan(5);
    expect((await pass(journal)).trades).toEqual(stored);
  });

  it('cancels an entry pending at a pause, unless the run\'s own record shows it kept and filled it', async () => {
    const { journal, stored, pass } = await paperRun(150);
    const days = decided(journal);
    // A bar whose planned entry filled at the next bar's open.
    const k = days.findIndex((d, i) => d.orders.some((id) => id.endsWith(':enter_long') && stored.some((t) => `${t.symbol}@${t.entryTime}` === `${id.split(':').at(-2)}@${days[i + 1]?.barTime}`)));
    expect(k).toBeGreaterThanOrEqual(0);
    const order = days[k]!.orders.find((id) => id.endsWith(':enter_long'))!;
    const entry = `${order.split(':').at(-2)}@${days[k + 1]!.barTime}`;
    const paused = (status: string): RunJournal => ({
      ...journal,
      transitions: [...journal.transitions, move(days[k]!.at + 1, 'running', 'paused'), move(days[k + 1]!.at - 1, 'paused', 'running')],
      orderStatus: new Map([...journal.orderStatus, [order, status]]),
    });
    expect(entries((await pass(paused('cancelled'))).trades)).not.toContain(entry);
    expect(entries((await pass(paused('filled'))).trades)).toContain(entry);
  });

  it('on bars decided paused (exits only) opens nothing, drops pending entries, and still exits what it holds', async () => {
    const { journal, stored, pass } = await paperRun(150);
    const days = decided(journal);
    // Pause the bars from one exit's entry to past that exit: the held position must still exit the same way.
    const held = stored.find((t) => t.exitTime - t.entryTime >= 3 * DAY)!;
    const from = days.findIndex((d) => d.barTime > held.entryTime);
    const to = days.findIndex((d) => d.barTime > held.exitTime + 5 * DAY);
    const j: RunJournal = { ...journal, decisions: journal.decisions.map((d) => (d.kind === 'decided' && d.barTime >= days[from]!.barTime && d.barTime < days[to]!.barTime ? { ...d, mode: 'exits_only' as const } : d)) };
    const trades = (await pass(j)).trades;
    expect(trades.filter((t) => t.entryTime >= days[from]!.barTime && t.entryTime < days[to]!.barTime)).toEqual([]);
    expect(trades.find((t) => t.symbol === held.symbol && t.entryTime === held.entryTime)).toEqual(held);
  });

  it('blocks entries at a bar the kill switch blocked one, as recorded', async () => {
    const { journal, stored, pass } = await paperRun(150);
    const days = decided(journal);
    const k = days.findIndex((d) => d.orders.some((id) => id.endsWith(':enter_long')));
    const order = days[k]!.orders.find((id) => id.endsWith(':enter_long'))!;
    const entry = `${order.split(':').at(-2)}@${days[k + 1]!.barTime}`;
    expect(entries(stored)).toContain(entry);
    const j: RunJournal = { ...journal, decisions: journal.decisions.map((d) => (d === days[k] ? { ...days[k]!, killSwitch: true } : d)) };
    const p = await pass(j);
    expect(entries(p.trades)).not.toContain(entry);
    expect(p.blocked.some((b) => b.by === 'gate:kill-switch' && b.time === days[k]!.barTime)).toBe(true);
  });

  it('skips what the run did not decide: a missed bar, a data failure', async () => {
    const { journal, pass } = await paperRun(60);
    const days = decided(journal);
    const failed: JournalDecision = { kind: 'data_failure', barTime: days[30]!.barTime, at: days[30]!.at, error: 'feed down' };
    const j: RunJournal = { ...journal, decisions: journal.decisions.flatMap((d) => (d === days[20] ? [] : d === days[30] ? [failed] : [d])) };
    const p = await pass(j);
    expect(p.bars).toBe(days.length - 2);
  });
});

describe('liftsHalt', () => {
  it.each([
    [move(1, 'halted', 'running'), true],
    [move(1, 'halted', 'running', 'resumed by ann (desk resumed)'), false],
    [move(1, 'halted', 'running', 'by ann (desk resumed)'), false],
    [move(1, 'paused', 'running'), false],
  ])('%j lifts the drawdown halt: %s', (t, want) => {
    expect(liftsHalt(t)).toBe(want);
  });
});
