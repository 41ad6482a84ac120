import { describe, expect, it } from 'vitest';
import { runMetrics } from '../../src/app/runs/metrics.js';
import { analyzeTrades } from '../../src/core/analysis/analyze-trades.js';
import { tradeSetMetrics } from '../../src/core/analysis/trade-set-metrics.js';
import type { ClosedTrade } from '../../src/core/engine/report.js';
import { toAnalysisOutput } from '../../src/mcp/tools/analysis-output.js';
import { seededMcp, textOf, WS_A } from './mcp-harness.js';

const iso = (ms: number) => new Date(ms).toISOString();
type Data = Record<string, unknown>;
const data = (r: { structuredContent?: unknown }): Data => r.structuredContent as Data;
/** Structured content went through JSON: compare against the same. */
const json = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

const FILTERS: [string, Record<string, unknown>, (t: ClosedTrade) => boolean][] = [
  ['symbol', { symbol: 'sim-b' }, (t) => t.symbol === 'SIM-B'],
  ['side', { side: 'long' }, (t) => t.side === 'long'],
  ['outcome loss', { outcome: 'loss' }, (t) => t.pnl < 0],
  ['outcome win', { outcome: 'win' }, (t) => t.pnl > 0],
  ['exit range', { from: '2023-04-01', to: '2023-08-31' }, (t) => t.exitTime >= Date.UTC(2023, 3, 1) && t.exitTime <= Date.UTC(2023, 7, 31)],
];

describe('calculate_metrics', () => {
  it('gives the run\'s full metrics (Sharpe, drawdown from its equity) when no filter is given', async () => {
    const { call, seeded } = await seededMcp();
    const res = await call('calculate_metrics', { run: 1 });
    expect(res.isError).toBeFalsy();
    const m = seeded.result.metrics;
    expect(data(res)).toMatchObject({ run: 1, scope: 'run', trades: m.trades, tradeSet: null });
    expect(data(res)['metrics']).toEqual(json(m));
    expect(textOf(res)).toContain(`whole run: return ${m.totalReturnPct.toFixed(2)}%`);
    expect(textOf(res)).toContain(`max drawdown ${m.maxDrawdownPct.toFixed(2)}%`);
  });

  it('recomputes the run\'s metrics from what had happened by as_of', async () => {
    const { call, seeded, desk } = await seededMcp();
    const cut = seeded.result.trades[5]!.exitTime;
    const res = await call('calculate_metrics', { run: 1, as_of: iso(cut) });
    const found = await desk.deps.runQueries.findRun(WS_A, 1);
    if (!found.ok) throw new Error(found.error.message);
    const h = await desk.deps.runQueries.getHistory(found.value.id);
    if (!h.ok) throw new Error(h.error.message);
    const cutHistory = { ...h.value, trades: h.value.trades.filter((t) => t.exitTime <= cut), equity: h.value.equity.filter((p) => p.time <= cut), blocked: h.value.blocked.filter((b) => b.time <= cut), savedMetrics: null };
    expect(data(res)['metrics']).toEqual(json(runMetrics(cutHistory).metrics));
    expect(data(res)).toMatchObject({ scope: 'run', trades: 6, asOf: iso(cut) });
    expect(textOf(res)).toContain('later history hidden');
  });

  it.each(FILTERS)('gives tradeSetMetrics of the trades matching a %s filter', async (_what, filter, keep) => {
    const { call, seeded } = await seededMcp();
    const res = await call('calculate_metrics', { run: 1, ...filter });
    const expected = tradeSetMetrics(seeded.result.trades.filter(keep), 100_000);
    expect(expected.trades).toBeGreaterThan(0);
    expect(data(res)).toMatchObject({ scope: 'trade_set', trades: expected.trades, metrics: null });
    expect(data(res)['tradeSet']).toEqual(json(expected));
    expect(textOf(res)).toContain(`${expected.trades} of ${seeded.result.trades.length} trades`);
  });

  it('answers a filter that matches nothing with zero trades, not an error', async () => {
    const { call, seeded } = await seededMcp();
    const res = await call('calculate_metrics', { run: 1, symbol: 'NOPE' });
    expect(res.isError).toBeFalsy();
    expect(data(res)).toMatchObject({ scope: 'trade_set', trades: 0, filters: { symbol: 'NOPE' }, tradeSet: { trades: 0, totalPnl: 0, endEquity: 100_000 } });
    expect(textOf(res)).toContain(`no trade matches (0 of ${seeded.result.trades.length} closed trades)`);
  });
});

describe('analyze_trades', () => {
  it('returns analyzeTrades of the run\'s trades with a short summary', async () => {
    const { call, seeded } = await seededMcp();
    const res = await call('analyze_trades', { run: 1 });
    expect(res.isError).toBeFalsy();
    const a = analyzeTrades(seeded.result.trades);
    expect(data(res)).toMatchObject({ run: 1, trades: seeded.result.trades.length, runTrades: seeded.result.trades.length });
    expect(data(res)['analysis']).toEqual(json(toAnalysisOutput(a)));
    const text = textOf(res);
    expect(text).toContain(`win rate ${a.overall.winRatePct.toFixed(1)}%`);
    expect(text).toContain(`expectancy ${a.expectancy.toFixed(2)} per trade`);
    expect(text).toContain(`Average winner ${a.winnersVsLosers.avgWin.toFixed(2)} vs average loser ${a.winnersVsLosers.avgLoss.toFixed(2)}`);
    const top = a.losingEntries.slice(0, 3);
    expect(top.length).toBeGreaterThan(0);
    const lines = text.split('\n');
    for (const [i, s] of top.entries()) {
      const line = lines.find((l) => l.startsWith(`${i + 1}. `));
      expect(line).toContain(` ${s.key}`);
      expect(line).toContain(`: ${s.losses} of ${s.count} lost`);
    }
    expect(text).not.toContain(`4. `);
  });

  it('gives streak times as ISO text', async () => {
    const { call, seeded } = await seededMcp();
    const a = analyzeTrades(seeded.result.trades);
    const streaks = (data(await call('analyze_trades', { run: 1 }))['analysis'] as Data)['streaks'] as Data;
    expect(streaks['longestLoss']).toEqual({ length: a.streaks.longestLoss.length, from: iso(a.streaks.longestLoss.fromExitTime!), to: iso(a.streaks.longestLoss.toExitTime!), totalPnl: a.streaks.longestLoss.totalPnl });
  });

  it.each(FILTERS)('analyses only the trades matching a %s filter', async (_what, filter, keep) => {
    const { call, seeded } = await seededMcp();
    const res = await call('analyze_trades', { run: 1, ...filter });
    const subset = seeded.result.trades.filter(keep);
    expect(data(res)).toMatchObject({ trades: subset.length, runTrades: seeded.result.trades.length });
    expect(data(res)['analysis']).toEqual(json(toAnalysisOutput(analyzeTrades(subset))));
    expect(textOf(res)).toContain('trades with ');
  });

  it('analyses only the trades closed by as_of', async () => {
    const { call, seeded } = await seededMcp();
    const cut = seeded.result.trades[3]!.exitTime;
    const res = await call('analyze_trades', { run: 1, as_of: iso(cut) });
    expect(data(res)['analysis']).toEqual(json(toAnalysisOutput(analyzeTrades(seeded.result.trades.slice(0, 4)))));
  });

  it('answers a filter that matches nothing with zero trades, not an error', async () => {
    const { call } = await seededMcp();
    const res = await call('analyze_trades', { run: 1, side: 'short' });
    expect(res.isError).toBeFalsy();
    expect(data(res)).toMatchObject({ trades: 0, analysis: { overall: { count: 0 }, losingEntries: [] } });
    expect(textOf(res)).toContain('no trade matches');
  });
});

describe('bad inputs to the analysis tools', () => {
  it.each([
    ['calculate_metrics', { run: 9 }, 'Run #9 does not exist in this workspace'],
    ['analyze_trades', { run: 9 }, 'Run #9 does not exist in this workspace'],
    ['calculate_metrics', { run: 1, as_of: '2022-06-01' }, 'Run #1 had not started at 2022-06-01T00:00:00.000Z'],
    ['analyze_trades', { run: 1, from: 'yesterday' }, "from: expected an ISO date or time like 2024-01-02 or 2024-01-02T15:30:00Z, got 'yesterday'"],
    ['calculate_metrics', { run: 1, from: '2023-06-01', to: '2023-01-01' }, 'from is after to'],
    ['analyze_trades', { run: 1, as_of: 'last tuesday' }, "as_of: expected an ISO date or time"],
  ])('%s refuses %j with one clear line', async (tool, args, message) => {
    const { call } = await seededMcp();
    const res = await call(tool, args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toContain(message);
  });
});
