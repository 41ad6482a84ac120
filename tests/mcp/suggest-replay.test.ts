import { describe, expect, it } from 'vitest';
import { backtest } from '../../src/app/backtest/backtest.js';
import { backtestRunRecord } from '../../src/app/backtest/run-record.js';
import { iterateRun } from '../../src/app/runs/iterate.js';
import { startRun } from '../../src/app/runs/start-run.js';
import { DEFAULT_QUANT } from '../../src/core/engine/config.js';
import type { ClosedTrade } from '../../src/core/engine/report.js';
import { DEFAULT_GATE_LIMITS } from '../../src/core/risk/gates.js';
import type { Rule } from '../../src/core/risk/rules.js';
import { mcpDepsFrom } from '../../src/mcp/deps.js';
import { createSimMarketData } from '../../src/market-data/sim/sim-market-data.js';
import { FAKE_NOW, fakeDesk } from '../helpers/fake-desk.js';
import { caller, connect, FROM, ONE_POSITION, seededMcp, textOf, TO, WS_A } from './mcp-harness.js';
import { paperBrokerFor } from '../../src/broker/paper/paper-broker.js';

type Data = Record<string, unknown>;
const data = (r: { structuredContent?: unknown }): Data => r.structuredContent as Data;
const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 86_400_000;
const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

/** The same backtest as seedBacktest, run directly with other rules: what a replay variant must give. */
async function directBacktest(rules: readonly Rule[], seed = 42) {
  const out = await backtest({ marketData: createSimMarketData({ seed }), codeVersion: 'test' }, {
    strategyId: 'mean-reversion', params: { period: 5 }, symbols: ['SIM-A', 'SIM-B'], timeframe: '1d', from: FROM, to: TO, startCash: 100_000,
    sizing: { kind: 'percent', pct: 10 }, costs: { commissionRate: 0, slippageBps: 0 }, rules, quant: DEFAULT_QUANT, gates: DEFAULT_GATE_LIMITS, gatesMode: 'enforce',
  });
  if (!out.ok) throw new Error(out.error.message);
  return out.value;
}

const STOP: Rule = { id: 'proposed-stop-loss-pct', category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 2 }, priority: 5, active: true, shadow: false };

describe('replay_with_rule on a saved backtest', () => {
  it('reproduces the stored trades with the run\'s own rules', async () => {
    const { call, seeded } = await seededMcp();
    const res = await call('replay_with_rule', { run: 1, rule: { type: 'stop_loss_pct', params: { pct: 2 } } });
    const d = data(res);
    const n = seeded.result.trades.length;
    expect(d['reproduction']).toEqual({ storedTrades: n, baselineTrades: n, matched: n, reproduced: true, differencesTotal: 0, differences: [] });
    expect(d['baseline']).toMatchObject({ trades: n, totalReturnPct: seeded.result.metrics.totalReturnPct, maxDrawdownPct: seeded.result.metrics.maxDrawdownPct });
    expect(d).toMatchObject({ run: 1, mode: 'backtest', ruleIds: ['one-pos'], simulated: true, window: { firstBar: iso(FROM), lastBar: iso(TO), cut: false } });
    expect(textOf(res)).toContain(`reproduces the stored run: ${n} of ${n} trades`);
  });

  it('shows a stop loss exiting trades differently, as a backtest with that rule does', async () => {
    const { call } = await seededMcp();
    const res = await call('replay_with_rule', { run: 1, rule: { type: 'stop_loss_pct', params: { pct: 2 } } });
    const d = data(res);
    const v = d['variant'] as Data;
    expect(d['rule']).toMatchObject({ id: 'proposed-stop-loss-pct', category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 2 } });
    expect(v['exitedTotal']).toBeGreaterThan(0);
    expect((v['exitedDifferently'] as Data[]).some((c) => (c['after'] as Data)['exitReason'] === 'stop_loss')).toBe(true);
    const direct = await directBacktest([ONE_POSITION, STOP]);
    expect(v['metrics']).toMatchObject({ trades: direct.result.metrics.trades, totalReturnPct: direct.result.metrics.totalReturnPct, sharpe: direct.result.metrics.sharpe });
    expect(textOf(res)).toContain('adding rule proposed-stop-loss-pct (stop_loss_pct {"pct":2})');
  });

  it('blocks every trade of a denied symbol', async () => {
    const { call, seeded } = await seededMcp();
    const d = data(await call('replay_with_rule', { run: 1, rule: { id: 'no-b', type: 'symbol_denylist', params: { symbols: ['sim-b'] } } }));
    const v = d['variant'] as Data;
    const ofB = seeded.result.trades.filter((t) => t.symbol === 'SIM-B');
    expect(ofB.length).toBeGreaterThan(0);
    // Every SIM-B trade is gone; SIM-A trades may move too (the position cap frees up), which shows as blocked + new.
    expect((v['blockedTrades'] as Data[]).filter((t) => t['symbol'] === 'SIM-B').map((t) => t['entryTime'])).toEqual(ofB.map((t) => iso(t.entryTime)));
    expect((v['newTrades'] as Data[]).filter((t) => t['symbol'] === 'SIM-B')).toEqual([]);
    expect(v['blockedBy']).toContainEqual({ by: 'rule:no-b', baseline: 0, variant: expect.any(Number) });
    expect((v['blockedBy'] as Data[]).find((b) => b['by'] === 'rule:no-b')!['variant']).toBeGreaterThan(0);
  });

  it.each([
    ['a stop loss', { rule: { type: 'stop_loss_pct', params: { pct: 2 } } }],
    ['a denylist', { rule: { type: 'symbol_denylist', params: { symbols: ['SIM-B'] } } }],
    ['a holding limit', { rule: { type: 'max_holding_bars', params: { bars: 10 } } }],
    ['disabling the position cap', { disable_rule: 'one-pos' }],
  ])('gives deltas that add up for %s', async (_name, args) => {
    const { call } = await seededMcp();
    const d = data(await call('replay_with_rule', { run: 1, ...args }));
    const base = d['baseline'] as Data;
    const v = d['variant'] as Data;
    const m = v['metrics'] as Data;
    const deltas = v['deltas'] as Data;
    const from = v['pnlFrom'] as Record<string, number>;
    expect(deltas['totalPnl']).toBeCloseTo((m['totalPnl'] as number) - (base['totalPnl'] as number), 6);
    expect(sum(Object.values(from))).toBeCloseTo(deltas['totalPnl'] as number, 6);
    expect(deltas['totalReturnPct']).toBeCloseTo((m['totalReturnPct'] as number) - (base['totalReturnPct'] as number), 9);
    expect(deltas['trades']).toBe((m['trades'] as number) - (base['trades'] as number));
    const kept = (v['unchanged'] as number) + (v['exitedTotal'] as number) + (v['resizedTotal'] as number);
    expect(kept + (v['blockedTotal'] as number)).toBe(base['trades']);
    expect(kept + (v['newTotal'] as number)).toBe(m['trades']);
  });

  it('replaces a run rule with the same id, and disables one by id', async () => {
    const { call } = await seededMcp();
    const replaced = data(await call('replay_with_rule', { run: 1, rule: { id: 'one-pos', type: 'max_open_positions', params: { max: 2 } } }));
    const direct = await directBacktest([{ id: 'one-pos', category: 'risk', type: 'max_open_positions', params: { max: 2 }, priority: 5, active: true, shadow: false }]);
    expect(replaced).toMatchObject({ replaced: true, disabled: null, variant: { metrics: { trades: direct.result.metrics.trades, totalReturnPct: direct.result.metrics.totalReturnPct } } });
    const disabled = data(await call('replay_with_rule', { run: 1, disable_rule: 'one-pos' }));
    expect(disabled).toMatchObject({ rule: null, disabled: 'one-pos' });
    expect((disabled['variant'] as Data)['blockedBy']).toContainEqual({ by: 'rule:one-pos', baseline: expect.any(Number), variant: 0 });
  });

  it('replays only the bars closed by as_of and checks them against the trades stored by then', async () => {
    const { call, seeded } = await seededMcp();
    const cut = seeded.result.trades[5]!.exitTime + 3 * DAY + 1;
    const d = data(await call('replay_with_rule', { run: 1, rule: { type: 'stop_loss_pct', params: { pct: 2 } }, as_of: iso(cut) }));
    const window = d['window'] as Data;
    expect(window).toMatchObject({ firstBar: iso(FROM), cut: true });
    const last = Date.parse(window['lastBar'] as string);
    expect(last + DAY).toBeLessThanOrEqual(cut);
    expect(last + 2 * DAY).toBeGreaterThan(cut);
    const stored = seeded.result.trades.filter((t: ClosedTrade) => t.exitTime <= last).length;
    expect(d['reproduction']).toEqual({ storedTrades: stored, baselineTrades: stored, matched: stored, reproduced: true, differencesTotal: 0, differences: [] });
  });

  it.each([
    [{ run: 1, rule: { type: 'stop_loss_pct', params: { pct: 500 } } }, 'rule.params.pct: Too big: expected number to be <=100'],
    [{ run: 1, rule: { type: 'stop_loss', params: { pct: 5 } } }, "rule.type: unknown rule type 'stop_loss'; valid: max_position_pct"],
    [{ run: 1, rule: { params: { pct: 5 } } }, 'rule.type: required'],
    [{ run: 1, rule: { type: 'stop_loss_pct', params: { pct: 5 }, category: 'risk' } }, "rule.category: rule type 'stop_loss_pct' belongs to category 'stop_loss', not 'risk'"],
    [{ run: 1, rule: { type: 'stop_loss_pct', params: { percent: 5 } } }, 'rule.params'],
    [{ run: 1 }, 'give a rule to add (rule) or the id of a run rule to disable (disable_rule)'],
    [{ run: 1, disable_rule: 'nope' }, "disable_rule: Run #1 has no rule 'nope' (its rules: one-pos)"],
    [{ run: 9, rule: { type: 'stop_loss_pct', params: { pct: 5 } } }, 'Run #9 does not exist in this workspace'],
    [{ run: 1, rule: { type: 'stop_loss_pct', params: { pct: 5 } }, as_of: iso(FROM - 1) }, `Run #1 had not started at ${iso(FROM - 1)}`],
    [{ run: 1, rule: { type: 'stop_loss_pct', params: { pct: 5 } }, as_of: 'yesterday' }, "as_of: expected an ISO date or time like 2024-01-02 or 2024-01-02T15:30:00Z, got 'yesterday'"],
  ])('refuses %j', async (args, message) => {
    const { call } = await seededMcp();
    const res = await call('replay_with_rule', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toContain(message);
  });

  it('refuses a backtest whose bars came from data this desk cannot load, rather than using other data', async () => {
    const desk = fakeDesk();
    const other = await directBacktest([], 7);
    const saved = await desk.deps.runs.saveBacktestRun(backtestRunRecord(other, WS_A, 'ann'));
    expect(saved.ok).toBe(true);
    const call = caller(await connect(mcpDepsFrom(desk.deps, WS_A, () => FAKE_NOW)));
    const res = await call('replay_with_rule', { run: 1, rule: { type: 'stop_loss_pct', params: { pct: 5 } } });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toBe("Run #1 cannot be replayed: its bars came from 'simulated market (seed 7) — not real prices', which this desk cannot load now");
  });
});

describe('suggest_rules', () => {
  it('proposes rules with evidence from the run\'s own trades', async () => {
    const { call, seeded } = await seededMcp();
    const res = await call('suggest_rules', { run: 1 });
    const d = data(res);
    const proposals = d['proposals'] as Data[];
    expect(d).toMatchObject({ run: 1, trades: seeded.result.trades.length, minTrades: 10, replay: null, replayError: null });
    expect(proposals.length).toBeGreaterThan(0);
    const holding = proposals.find((p) => p['kind'] === 'max_holding_bars')!;
    const bars = (holding['rule'] as { params: { bars: number } }).params.bars;
    const long = seeded.result.trades.filter((t) => t.barsHeld > bars);
    expect(holding).toMatchObject({ rank: 1, rule: { id: `sugg-max-holding-${bars}`, type: 'max_holding_bars', active: true, shadow: false }, replay: null });
    expect(holding['evidence']).toMatchObject({ tradesConsidered: seeded.result.trades.length, concerned: long.length, threshold: bars });
    expect((holding['evidence'] as Data)['concernedPnl']).toBeCloseTo(sum(long.map((t) => t.pnl)), 6);
    expect(textOf(res)).toContain(`1. sugg-max-holding-${bars} (max_holding_bars {"bars":${bars}})`);
  });

  it('attaches the replay of each top proposal, the same as replay_with_rule gives', async () => {
    const { call } = await seededMcp();
    const d = data(await call('suggest_rules', { run: 1, replay: true }));
    const first = (d['proposals'] as Data[])[0]!;
    const rule = first['rule'] as Data;
    expect(d['replay']).toMatchObject({ reproduction: { reproduced: true } });
    const direct = data(await call('replay_with_rule', { run: 1, rule: { id: rule['id'], type: rule['type'], params: rule['params'] } }));
    expect(first['replay']).toEqual(direct['variant']);
  });

  it('proposes nothing already in force, and filters by kind', async () => {
    const { call, desk } = await seededMcp();
    const before = data(await call('suggest_rules', { run: 1 }));
    const holding = (before['proposals'] as Data[]).find((p) => p['kind'] === 'max_holding_bars')!;
    const bars = (holding['rule'] as { params: { bars: number } }).params.bars;
    const added = await desk.deps.workspaceAdmin.addRule(WS_A, { id: 'hold', category: 'entry_exit', type: 'max_holding_bars', params: { bars }, priority: 5, active: true, shadow: false }, { id: 'u', name: 'ann', role: 'admin' });
    expect(added.ok).toBe(true);
    const after = data(await call('suggest_rules', { run: 1 }));
    expect((after['proposals'] as Data[]).filter((p) => p['kind'] === 'max_holding_bars')).toEqual([]);
    expect(after['skipped']).toContain(`max_holding_bars: rule hold already exits after ${bars} bars`);
    const only = data(await call('suggest_rules', { run: 1, kinds: ['stop_loss_pct'] }));
    expect((only['proposals'] as Data[]).every((p) => p['kind'] === 'stop_loss_pct')).toBe(true);
    expect((only['skipped'] as string[]).every((s) => s.startsWith('stop_loss_pct:'))).toBe(true);
  });

  it.each([
    [{ run: 9 }, 'Run #9 does not exist in this workspace'],
    [{ run: 1, as_of: iso(FROM - 1) }, `Run #1 had not started at ${iso(FROM - 1)}`],
  ])('refuses %j', async (args, message) => {
    const { call } = await seededMcp();
    const res = await call('suggest_rules', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toBe(message);
  });
});

describe('replaying a paper run', () => {
  const D0 = Date.UTC(2023, 0, 1);

  async function paperDesk(iterations: number) {
    const desk = fakeDesk();
    const deps = { ...desk.deps, store: desk.runStore, brokerFor: paperBrokerFor };
    const started = await startRun(deps, {
      workspace: WS_A, actor: { id: 'u', name: 'ann', role: 'trader' }, channelId: 'console', strategyId: 'trend-following', params: { fast: 5, slow: 20 },
      symbols: ['SIM-A', 'SIM-B'], timeframe: '1d', dataSource: 'sim', sizing: { kind: 'percent', pct: 20 }, now: D0,
    });
    if (!started.ok) throw new Error(started.error.message);
    for (let close = D0 + DAY; close <= D0 + iterations * DAY; close += DAY) {
      const r = await iterateRun(deps, started.value.run.id, close, close + 1000);
      if (!r.ok) throw new Error(r.error.message);
    }
    return { desk, call: caller(await connect(mcpDepsFrom(desk.deps, WS_A, () => FAKE_NOW))) };
  }

  it('re-runs its bars from its first decision with warm-up history, reproducing its trades', async () => {
    const { desk, call } = await paperDesk(120);
    const stored = desk.runStore.commits.flatMap((c) => c.trades);
    expect(stored.length).toBeGreaterThan(3);
    const res = await call('replay_with_rule', { run: 1, rule: { type: 'stop_loss_pct', params: { pct: 3 } } });
    const d = data(res);
    expect(d).toMatchObject({ mode: 'paper', window: { firstBar: iso(D0), lastBar: iso(D0 + 119 * DAY), bars: 120 } });
    expect(d['reproduction']).toEqual({ storedTrades: stored.length, baselineTrades: stored.length, matched: stored.length, reproduced: true, differencesTotal: 0, differences: [] });
    expect(d['notes']).toEqual(['replayed as the run ran: the 120 bar(s) it decided (0 of them paused: exits only; bars it missed were not traded), 0 data failure(s) not traded, 0 status change(s), 0 rule change(s) where they happened, 0 flatten(s)']);
  });

  it('says replay.unavailable for a paper run that has not decided on a bar yet', async () => {
    const { call } = await paperDesk(0);
    const res = await call('replay_with_rule', { run: 1, rule: { type: 'stop_loss_pct', params: { pct: 3 } } });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toBe('Run #1 cannot be replayed: it has not decided on any bar yet');
  });
});
