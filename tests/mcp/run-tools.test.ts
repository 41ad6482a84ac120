import { describe, expect, it } from 'vitest';
import type { RunManifest } from '../../src/app/runs/model.js';
import { DEFAULT_QUANT } from '../../src/core/engine/config.js';
import { DEFAULT_GATE_LIMITS } from '../../src/core/risk/gates.js';
import { mcpDepsFrom } from '../../src/mcp/deps.js';
import { FAKE_NOW } from '../helpers/fake-desk.js';
import { commitOf, commitSeed, entryOf, tradeOf } from '../helpers/run-commits.js';
import { caller, connect, seedBacktest, seededMcp, textOf, WS_B } from './mcp-harness.js';

const iso = (ms: number) => new Date(ms).toISOString();
type Data = Record<string, unknown>;
const data = (r: { structuredContent?: unknown }): Data => r.structuredContent as Data;

describe('list_runs and get_run', () => {
  it('lists the saved backtest with the numbers the backtest produced', async () => {
    const { call, seeded } = await seededMcp();
    const res = await call('list_runs');
    expect(res.isError).toBeFalsy();
    const m = seeded.result.metrics;
    expect(data(res)).toMatchObject({ total: 1, runs: [{ number: 1, mode: 'backtest', status: 'completed', symbols: ['SIM-A', 'SIM-B'], trades: m.trades, totalReturnPct: m.totalReturnPct, maxDrawdownPct: m.maxDrawdownPct, simulated: true }] });
    expect(textOf(res)).toContain(`Run #1 backtest completed: mean-reversion 1.0.0 on SIM-A,SIM-B, return ${m.totalReturnPct.toFixed(2)}%, ${m.trades} trades`);
  });

  it('shows a run\'s config and its full metrics', async () => {
    const { call, seeded } = await seededMcp();
    const res = await call('get_run', { run: 1 });
    expect(data(res)).toMatchObject({ number: 1, mode: 'backtest', status: 'completed', config: { strategy: 'mean-reversion', ruleIds: ['one-pos'], startCash: 100_000 }, openAtAsOf: [] });
    expect(data(res)['metrics']).toEqual({ ...seeded.result.metrics });
    expect(data(res)['blockedSignals']).toBe(seeded.result.blocked.length);
  });

  it('computes metrics as of a past time from the trades closed by then, with the positions open then', async () => {
    const { call, seeded } = await seededMcp();
    const cut = seeded.result.trades[4]!.exitTime;
    const res = await call('get_run', { run: 1, as_of: iso(cut) });
    const closed = seeded.result.trades.filter((t) => t.exitTime <= cut);
    const open = seeded.result.trades.filter((t) => t.entryTime <= cut && t.exitTime > cut);
    expect(data(res)).toMatchObject({ status: 'running', endedAt: null, asOf: iso(cut), metrics: { trades: closed.length } });
    expect((data(res)['openAtAsOf'] as unknown[]).length).toBe(open.length);
    expect(textOf(res)).toContain('later history hidden');
  });

  it.each([
    ['an unknown run', { run: 9 }, 'Run #9 does not exist in this workspace'],
    ['a run not started by as_of', { run: 1, as_of: '2022-06-01' }, 'Run #1 had not started at 2022-06-01T00:00:00.000Z'],
    ['a bad as_of', { run: 1, as_of: 'last tuesday' }, "as_of: expected an ISO date or time like 2024-01-02 or 2024-01-02T15:30:00Z, got 'last tuesday'"],
    ['run 0', { run: 0 }, "get_run: argument 'run': expected a number >= 1, got 0"],
  ])('refuses %s with one clear line', async (_what, args, message) => {
    const { call } = await seededMcp();
    const res = await call('get_run', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toContain(message);
  });

  it('leaves out runs not started by as_of and clamps an as_of after now to now', async () => {
    const { call } = await seededMcp();
    expect(data(await call('list_runs', { as_of: '2022-12-31' }))).toMatchObject({ total: 0, runs: [] });
    expect(data(await call('list_runs', { as_of: '2030-01-01' }))['asOf']).toBe(iso(FAKE_NOW));
  });
});

describe('get_trades', () => {
  it('returns every trade with totals that cover the whole filtered set', async () => {
    const { call, seeded } = await seededMcp();
    const trades = seeded.result.trades;
    const res = await call('get_trades', { run: 1, limit: 500 });
    const d = data(res);
    expect(d['total']).toBe(trades.length);
    expect(d['wins']).toBe(trades.filter((t) => t.pnl > 0).length);
    expect(d['losses']).toBe(trades.filter((t) => t.pnl < 0).length);
    expect(d['totalPnl']).toBeCloseTo(trades.reduce((s, t) => s + t.pnl, 0), 9);
    expect((d['trades'] as Data[]).map((t) => t['pnl'])).toEqual(trades.map((t) => t.pnl));
  });

  it.each([
    ['symbol', { symbol: 'sim-b' }, (t: { symbol: string }) => t.symbol === 'SIM-B'],
    ['outcome win', { outcome: 'win' }, (t: { pnl: number }) => t.pnl > 0],
    ['outcome loss', { outcome: 'loss' }, (t: { pnl: number }) => t.pnl < 0],
    ['side long', { side: 'long' }, (t: { side: string }) => t.side === 'long'],
    ['exit range', { from: '2023-04-01', to: '2023-08-31' }, (t: { exitTime: number }) => t.exitTime >= Date.UTC(2023, 3, 1) && t.exitTime <= Date.UTC(2023, 7, 31)],
  ])('filters by %s', async (_what, filter, keep) => {
    const { call, seeded } = await seededMcp();
    const expected = seeded.result.trades.filter((t) => (keep as (x: typeof t) => boolean)(t));
    const d = data(await call('get_trades', { run: 1, ...filter }));
    expect(d['total']).toBe(expected.length);
    expect((d['trades'] as Data[]).map((t) => t['exitTime'])).toEqual(expected.map((t) => iso(t.exitTime)));
  });

  it('pages with limit and offset, numbering trades within the run', async () => {
    const { call, seeded } = await seededMcp();
    const d = data(await call('get_trades', { run: 1, limit: 3, offset: 2 }));
    expect(d).toMatchObject({ total: seeded.result.trades.length, offset: 2 });
    expect((d['trades'] as Data[]).map((t) => t['index'])).toEqual([3, 4, 5]);
  });

  it('drops trades that closed after as_of', async () => {
    const { call, seeded } = await seededMcp();
    const cut = seeded.result.trades[2]!.exitTime;
    expect(data(await call('get_trades', { run: 1, as_of: iso(cut) }))['total']).toBe(3);
  });

  it.each([
    [{ run: 1, limit: 0 }, "get_trades: argument 'limit': expected a number >= 1, got 0"],
    [{ run: 1, limit: 501 }, "get_trades: argument 'limit': expected a number <= 500, got 501"],
    [{ run: 1, from: '2023-13-45' }, "from: expected an ISO date or time"],
    [{ run: 1, from: '2023-06-01', to: '2023-01-01' }, 'from is after to'],
  ])('refuses %j', async (args, message) => {
    const { call } = await seededMcp();
    const res = await call('get_trades', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toContain(message);
  });
});

const MANIFEST: RunManifest = {
  strategy: { id: 'mean-reversion', version: '1.0.0' }, params: { period: 5 }, symbols: ['SIM-A'], dataSymbols: [], timeframe: '1m',
  dataSource: 'sim', startCash: 100_000, sizing: { kind: 'percent', pct: 10 }, costs: { commissionRate: 0, slippageBps: 0 },
  gates: { mode: 'enforce', limits: DEFAULT_GATE_LIMITS }, quant: DEFAULT_QUANT, rules: [], rulesHash: 'h', codeVersion: 'v',
};
const MIN = 60_000;
const T0 = FAKE_NOW - 60 * MIN;

/** Workspace B: paper run #1 with three iterations, then a backtest #2. */
async function workspaceB() {
  const m = await seededMcp();
  const run = await m.desk.runStore.createRun({ workspace: WS_B, manifest: MANIFEST, createdBy: 'bo', channelId: 'c', now: T0 });
  if (!run.ok) throw new Error(run.error.message);
  const id = run.value.id;
  const blocked = { time: T0 + MIN, symbol: 'SIM-A', by: 'gate:max-drawdown', reason: 'drawdown 12% >= 10%', observed: 12, limit: 10, shadow: false };
  for (const c of [
    commitOf(id, T0, { decision: { inputs: {}, signals: [{ symbol: 'SIM-A', action: 'buy', reason: 'oversold' }], verdicts: [], orders: [entryOf(id, 'SIM-A', T0)], notes: [] } }),
    commitOf(id, T0 + MIN, { decision: { inputs: {}, signals: [{ symbol: 'SIM-A', action: 'buy', reason: 'oversold' }], verdicts: [blocked], orders: [], notes: [] } }),
    commitOf(id, T0 + 2 * MIN, { trades: [tradeOf('SIM-A', 25, T0 + 2 * MIN)] }),
  ]) {
    const res = await commitSeed(m.desk.runStore, c);
    if (!res.ok) throw new Error(res.error.message);
  }
  await seedBacktest(m.desk, WS_B);
  const b = caller(await connect(mcpDepsFrom(m.desk.deps, WS_B, () => FAKE_NOW)));
  return { ...m, b };
}

describe('workspace scoping', () => {
  it('names runs by number in this server\'s workspace only', async () => {
    const { call, b } = await workspaceB();
    const res = await call('get_run', { run: 2 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toBe('Run #2 does not exist in this workspace');
    const listed = await b('list_runs', {});
    expect(data(listed)['runs']).toMatchObject([{ number: 2, mode: 'backtest' }, { number: 1, mode: 'paper', status: 'running' }]);
    expect(data(await call('list_runs'))['total']).toBe(1);
  });
});

describe('get_decisions', () => {
  it('returns a paper run\'s decision records newest first, with its blocked log', async () => {
    const { b } = await workspaceB();
    const res = await b('get_decisions', { run: 1 });
    const d = data(res);
    expect((d['decisions'] as Data[]).map((x) => x['barTime'])).toEqual([T0 + 2 * MIN, T0 + MIN, T0].map(iso));
    expect((d['decisions'] as Data[])[1]).toMatchObject({ signals: [{ symbol: 'SIM-A', action: 'buy' }], blocked: [{ by: 'gate:max-drawdown', reason: 'drawdown 12% >= 10%' }] });
    expect((d['decisions'] as Data[])[2]).toMatchObject({ orders: [{ symbol: 'SIM-A', side: 'buy', intent: 'entry', reason: 'SIM-A oversold' }] });
    expect(d).toMatchObject({ blockedTotal: 1, blocked: [{ by: 'gate:max-drawdown', kind: 'gate', observed: 12, limit: 10 }], note: null });
  });

  it('drops decisions after as_of and filters by time range', async () => {
    const { b } = await workspaceB();
    const cut = await b('get_decisions', { run: 1, as_of: iso(T0 + MIN + 60_000) });
    expect((data(cut)['decisions'] as Data[]).map((x) => x['barTime'])).toEqual([T0 + MIN, T0].map(iso));
    const ranged = await b('get_decisions', { run: 1, from: iso(T0 + MIN), to: iso(T0 + MIN) });
    expect((data(ranged)['decisions'] as Data[]).map((x) => x['barTime'])).toEqual([iso(T0 + MIN)]);
  });

  it('gives a backtest\'s blocked log, says it keeps no per-bar records, and counts as the backtest did', async () => {
    const { call, seeded } = await seededMcp();
    const res = await call('get_decisions', { run: 1 });
    expect(data(res)).toMatchObject({ decisions: [], blockedTotal: seeded.result.blocked.length });
    expect(data(res)['note']).toContain('Backtests keep no per-bar decision records');
    expect(textOf(res)).toContain(`rule:one-pos ${seeded.result.metrics.blockedBy['rule:one-pos']}`);
  });

  it('refuses a paper run before it started', async () => {
    const { b } = await workspaceB();
    const res = await b('get_decisions', { run: 1, as_of: iso(T0 - 1) });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toBe(`Run #1 had not started at ${iso(T0 - 1)}`);
  });
});
