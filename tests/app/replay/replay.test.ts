import { describe, expect, it } from 'vitest';
import { backtest } from '../../../src/app/backtest/backtest.js';
import { backtestRunRecord } from '../../../src/app/backtest/run-record.js';
import { attributePnl, diffTrades } from '../../../src/app/replay/diff.js';
import { replayStoredRun, storedRunRules, type ReplayDeps } from '../../../src/app/replay/replay.js';
import { DEFAULT_QUANT } from '../../../src/core/engine/config.js';
import type { ClosedTrade } from '../../../src/core/engine/report.js';
import { DEFAULT_GATE_LIMITS } from '../../../src/core/risk/gates.js';
import type { Rule } from '../../../src/core/risk/rules.js';
import { FAKE_NOW, fakeDesk } from '../../helpers/fake-desk.js';
import { ONE_POSITION, seedBacktest, WS_A } from '../../mcp/mcp-harness.js';
import type { BacktestManifest } from '../../../src/app/backtest/manifest.js';

const DAY = 86_400_000;

function t(symbol: string, entryDay: number, exitDay: number, pnl: number, more: Partial<ClosedTrade> = {}): ClosedTrade {
  return {
    symbol, side: 'long', qty: 10, entryTime: entryDay * DAY, entryPrice: 100, exitTime: exitDay * DAY, exitPrice: 100 + pnl / 10, pnl, commission: 0,
    exitReason: 'signal', barsHeld: exitDay - entryDay, ...more,
  };
}

describe('diffTrades', () => {
  const base = [t('A', 1, 3, 50), t('B', 2, 6, -80), t('A', 5, 9, 20), t('C', 7, 8, 10)];
  it.each([
    ['identical runs', base, { blocked: 0, exited: 0, resized: 0, added: 0, unchanged: 4 }],
    ['a blocked entry', [base[0]!, base[2]!, base[3]!], { blocked: 1, exited: 0, resized: 0, added: 0, unchanged: 3 }],
    ['an earlier stop', [base[0]!, t('B', 2, 4, -30, { exitReason: 'stop_loss' }), base[2]!, base[3]!], { blocked: 0, exited: 1, resized: 0, added: 0, unchanged: 3 }],
    ['a resized trade', [base[0]!, base[1]!, t('A', 5, 9, 30, { qty: 15, exitPrice: 102 }), base[3]!], { blocked: 0, exited: 0, resized: 1, added: 0, unchanged: 3 }],
    ['a new entry', [...base, t('D', 4, 5, -5)], { blocked: 0, exited: 0, resized: 0, added: 1, unchanged: 4 }],
    ['everything at once', [t('B', 2, 4, -30, { exitReason: 'stop_loss' }), t('A', 5, 9, 30, { qty: 15, exitPrice: 102 }), base[3]!, t('D', 4, 5, -5)], { blocked: 1, exited: 1, resized: 1, added: 1, unchanged: 1 }],
  ])('sorts %s by entry, and the pnl parts add up to the difference', (_name, variant, want) => {
    const d = diffTrades(base, variant);
    expect({ blocked: d.blocked.length, exited: d.exitedDifferently.length, resized: d.resized.length, added: d.added.length, unchanged: d.unchanged }).toEqual(want);
    const parts = attributePnl(d);
    const total = (xs: readonly ClosedTrade[]) => xs.reduce((s, x) => s + x.pnl, 0);
    expect(parts.blocked + parts.exits + parts.resized + parts.added).toBeCloseTo(total(variant) - total(base), 9);
  });

  it('pairs several trades on one key in order', () => {
    const twice = [t('A', 1, 2, 5), t('A', 1, 3, 7)];
    const d = diffTrades(twice, [t('A', 1, 2, 5)]);
    expect(d.unchanged).toBe(1);
    expect(d.blocked.map((x) => x.pnl)).toEqual([7]);
  });
});

const STOP: Rule = { id: 'stop', category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 3 }, priority: 5, active: true, shadow: false };
const DENY_B: Rule = { id: 'deny', category: 'screening', type: 'symbol_denylist', params: { symbols: ['SIM-B'] }, priority: 5, active: true, shadow: false };

async function seeded() {
  const desk = fakeDesk();
  await seedBacktest(desk, WS_A);
  const run = await desk.deps.runQueries.findRun(WS_A, 1);
  if (!run.ok) throw new Error(run.error.message);
  const deps: ReplayDeps = { runQueries: desk.deps.runQueries, marketData: desk.deps.marketData, codeVersion: 'test' };
  return { desk, run: run.value, deps };
}

describe('replayStoredRun', () => {
  it('replays several changes against one baseline, in order', async () => {
    const { run, deps } = await seeded();
    const both = await replayStoredRun(deps, run, [{ add: STOP }, { add: DENY_B }, { disable: 'one-pos' }], FAKE_NOW);
    if (!both.ok) throw new Error(both.error.message);
    expect(both.value.variants.map((v) => [v.added?.id ?? null, v.disabled])).toEqual([['stop', null], ['deny', null], [null, 'one-pos']]);
    for (const change of [{ add: STOP }, { add: DENY_B }]) {
      const one = await replayStoredRun(deps, run, [change], FAKE_NOW);
      if (!one.ok) throw new Error(one.error.message);
      expect(both.value.variants.find((v) => v.added?.id === change.add.id)).toEqual(one.value.variants[0]);
      expect(one.value.baseline).toEqual(both.value.baseline);
    }
  });

  it('names the change whose rule id the run lacks', async () => {
    const { run, deps } = await seeded();
    const res = await replayStoredRun(deps, run, [{ add: STOP }, { disable: 'nope' }], FAKE_NOW);
    expect(res.ok || res.error).toMatchObject({ code: 'replay.no_such_rule', message: "changes[1]: disable_rule: Run #1 has no rule 'nope' (its rules: one-pos)" });
  });

  it('reads the rules frozen into the run', async () => {
    const { run, deps } = await seeded();
    const rules = await storedRunRules(deps, run);
    expect(rules.ok && rules.value).toEqual([ONE_POSITION]);
  });

  it('refuses a backtest saved without what a replay needs, instead of guessing', async () => {
    const { desk, deps } = await seeded();
    const market = desk.deps.marketData('sim');
    if (!market.ok) throw new Error(market.error.message);
    const out = await backtest({ marketData: market.value, codeVersion: 'old' }, {
      strategyId: 'mean-reversion', params: { period: 5 }, symbols: ['SIM-A'], timeframe: '1d', from: Date.UTC(2023, 0, 2), to: Date.UTC(2023, 5, 30), startCash: 100_000,
      sizing: { kind: 'percent', pct: 10 }, costs: { commissionRate: 0, slippageBps: 0 }, rules: [], quant: DEFAULT_QUANT, gates: DEFAULT_GATE_LIMITS, gatesMode: 'enforce',
    });
    if (!out.ok) throw new Error(out.error.message);
    const record = backtestRunRecord(out.value, WS_A, 'ann');
    const { costs: _dropped, ...older } = record.manifest;
    // An older save, from before manifests carried the costs.
    const saved = await desk.deps.runs.saveBacktestRun({ ...record, manifest: older as BacktestManifest });
    if (!saved.ok) throw new Error(saved.error.message);
    const run = await desk.deps.runQueries.findRun(WS_A, saved.value.number);
    if (!run.ok) throw new Error(run.error.message);
    const res = await replayStoredRun(deps, run.value, [{ add: STOP }], FAKE_NOW);
    expect(res.ok || res.error).toMatchObject({ code: 'replay.unavailable', message: expect.stringMatching(/^Run #2 cannot be replayed: its saved manifest lacks what a replay needs \(manifest\.costs: /) });
  });

  it('refuses a backtest from csv data when the desk has no csv folder', async () => {
    const { desk, run, deps } = await seeded();
    const raw = await desk.deps.runQueries.runManifest(run.id);
    if (!raw.ok) throw new Error(raw.error.message);
    const manifest = raw.value as { data: Record<string, unknown> };
    const csvLike: ReplayDeps = { ...deps, runQueries: { ...deps.runQueries, runManifest: async () => ({ ok: true, value: { ...manifest, data: { ...manifest.data, source: 'csv:/gone' } } }) } };
    const res = await replayStoredRun(csvLike, run, [{ add: STOP }], FAKE_NOW);
    expect(res.ok || res.error).toMatchObject({ code: 'replay.unavailable', message: "Run #1 cannot be replayed: its bars came from 'csv:/gone', which this desk cannot load now" });
  });
});
