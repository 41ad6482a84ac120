// A workspace for the decision tests (get_decisions and the offline analyst), on the in-memory desk:
//   Run #1 paper, running, SIM-A + SIM-B on 1m bars: 60 decision records yesterday and 30 today (90 > the 50 the
//          old read could reach); today SIM-A is blocked by gate:max-drawdown every 5th bar, the last bar plans a
//          SIM-B entry; yesterday SIM-B is blocked by rule:one-pos every 10th bar.
//   Run #2 paper, running, SIM-C: 5 records, all on 2023-12-30 and without a signal (nothing today).
//   Run #3 backtest (seedBacktest: rule one-pos), Run #4 the same backtest without rules.
// Paper runs are started first: the memory store numbers its runs itself (see memory-run-queries.ts).
import type { RunManifest } from '../../src/app/runs/model.js';
import type { BlockedSignal } from '../../src/core/engine/report.js';
import { DEFAULT_QUANT } from '../../src/core/engine/config.js';
import { DEFAULT_GATE_LIMITS } from '../../src/core/risk/gates.js';
import type { Rule } from '../../src/core/risk/rules.js';
import { mcpDepsFrom } from '../../src/mcp/deps.js';
import { FAKE_NOW, fakeDesk } from '../helpers/fake-desk.js';
import { commitOf, commitSeed, entryOf, type SeedCommit } from '../helpers/run-commits.js';
import { caller, connect, ONE_POSITION, seedBacktest, WS_A } from './mcp-harness.js';

export const MIN = 60_000;
/** FAKE_NOW is 2024-01-02T12:00Z. */
export const TODAY_0900 = Date.UTC(2024, 0, 2, 9, 0);
export const YESTERDAY_1430 = Date.UTC(2024, 0, 1, 14, 30);
export const OLD_DAY_1000 = Date.UTC(2023, 11, 30, 10, 0);
export const TODAY_BARS = Array.from({ length: 30 }, (_, i) => TODAY_0900 + i * MIN);
export const YESTERDAY_BARS = Array.from({ length: 60 }, (_, i) => YESTERDAY_1430 + i * MIN);
export const MISSED_NOTE = 'missed 1 bar(s) since the last iteration; they were not traded';

/** A rule kept in the workspace but switched off. */
export const MAX_DD: Rule = { id: 'max-dd', category: 'risk', type: 'max_drawdown_pct', params: { pct: 15 }, priority: 2, active: true, shadow: false };

const manifest = (symbols: string[]): RunManifest => ({
  strategy: { id: 'mean-reversion', version: '1.0.0' }, params: { period: 5 }, symbols, dataSymbols: [], timeframe: '1m',
  dataSource: 'sim', startCash: 100_000, sizing: { kind: 'percent', pct: 10 }, costs: { commissionRate: 0, slippageBps: 0 },
  gates: { mode: 'enforce', limits: DEFAULT_GATE_LIMITS }, quant: DEFAULT_QUANT, rules: [ONE_POSITION], rulesHash: 'h', codeVersion: 'v',
});

const drawdownBlock = (time: number): BlockedSignal =>
  ({ time, symbol: 'SIM-A', by: 'gate:max-drawdown', reason: 'drawdown 12.5% >= 10%', observed: 12.5, limit: 10, shadow: false });
const onePositionBlock = (time: number): BlockedSignal =>
  ({ time, symbol: 'SIM-B', by: 'rule:one-pos', reason: 'open positions 1 >= 1', observed: 1, limit: 1, shadow: false });
const buy = (symbol: string, i: number) => [{ symbol, action: 'enter_long', confidence: 0.7, reason: `${symbol} oversold (bar ${i})` }];

export async function seedDecisions() {
  const desk = fakeDesk({}, [ONE_POSITION]);
  const admin = { id: 'u', name: 'ann', role: 'admin' as const };
  await desk.deps.workspaceAdmin.addRule(WS_A, ONE_POSITION, admin);
  await desk.deps.workspaceAdmin.addRule(WS_A, MAX_DD, admin);
  await desk.deps.workspaceAdmin.toggleRule(WS_A, MAX_DD.id, admin);
  const commit = async (...commits: SeedCommit[]) => {
    for (const c of commits) {
      const res = await commitSeed(desk.runStore, c);
      if (!res.ok) throw new Error(res.error.message);
    }
  };

  const one = await desk.runStore.createRun({ workspace: WS_A, manifest: manifest(['SIM-A', 'SIM-B']), createdBy: 'ann', channelId: 'c', now: YESTERDAY_1430 - MIN });
  if (!one.ok) throw new Error(one.error.message);
  const id = one.value.id;
  await commit(...YESTERDAY_BARS.map((t, i) => commitOf(id, t, {
    decision: { inputs: {}, signals: i % 10 === 0 ? buy('SIM-B', i) : [], verdicts: i % 10 === 0 ? [onePositionBlock(t)] : [], orders: [], notes: [] },
  })));
  await commit(...TODAY_BARS.map((t, i) => commitOf(id, t, {
    decision: {
      inputs: {},
      signals: i % 5 === 0 ? buy('SIM-A', i) : i === 29 ? buy('SIM-B', i) : [],
      verdicts: i % 5 === 0 ? [drawdownBlock(t)] : [],
      orders: i === 29 ? [entryOf(id, 'SIM-B', t)] : [],
      notes: i % 3 === 0 ? [{ kind: 'analysis', content: MISSED_NOTE }] : [],
    },
  })));

  const two = await desk.runStore.createRun({ workspace: WS_A, manifest: manifest(['SIM-C']), createdBy: 'ann', channelId: 'c', now: OLD_DAY_1000 - MIN });
  if (!two.ok) throw new Error(two.error.message);
  await commit(...[0, 1, 2, 3, 4].map((i) => commitOf(two.value.id, OLD_DAY_1000 + i * MIN)));

  const backtest = await seedBacktest(desk, WS_A);
  const plain = await seedBacktest(desk, WS_A, []);
  const call = caller(await connect(mcpDepsFrom(desk.deps, WS_A, () => FAKE_NOW)));
  return { desk, call, backtest, plain };
}
