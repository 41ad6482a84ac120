import { describe, expect, it } from 'vitest';
import { compareRuns, type ComparableRun } from '../../../src/core/analysis/compare-runs.js';
import type { ComparableConfig } from '../../../src/core/analysis/config-diff.js';
import type { Metrics } from '../../../src/core/engine/report.js';
import type { RunConfig } from '../../../src/app/runs/ports.js';

// Compile-time check: every app RunConfig can be compared as it is.
const comparable = (c: RunConfig): ComparableConfig => c;

const CONFIG: RunConfig = {
  strategy: { id: 'trend-following', version: '1.0.0' },
  params: { fast: 20, slow: 50, bands: { k: 2, n: 20 } },
  symbols: ['AAPL', 'MSFT', 'SPY'],
  timeframe: '1d',
  rulesHash: 'abc123',
  ruleIds: ['max-loss', 'no-fridays'],
  dataSource: 'csv',
  simulated: false,
  dataFrom: Date.UTC(2020, 0, 2),
  dataTo: Date.UTC(2023, 11, 29),
  sizing: { kind: 'risk', riskPct: 2, atrMultiple: 1.5, atrPeriod: 14 },
  costs: { commissionRate: 0.001, slippageBps: 5 },
  startCash: 100_000,
  codeVersion: 'v0.1.0',
};

const METRICS: Metrics = {
  startEquity: 100_000,
  endEquity: 110_000,
  totalReturnPct: 10,
  cagrPct: 2.5,
  cagrNote: null,
  sharpe: 0.8,
  sharpeNote: null,
  sortino: 1.1,
  sortinoNote: null,
  periodsPerYear: 252,
  maxDrawdownPct: 12,
  trades: 40,
  winRatePct: 45,
  profitFactor: 1.3,
  expectancy: 250,
  avgWin: 1000,
  avgLoss: -400,
  exposurePct: 60,
  blockedBy: { 'gate:max_exposure': 3 },
};

const run = (label: string, config: Partial<RunConfig> = {}, metrics: Partial<Metrics> = {}): ComparableRun => ({
  label,
  config: comparable({ ...CONFIG, ...config }),
  metrics: { ...METRICS, ...metrics },
});

describe('compareRuns: config diff', () => {
  it('finds no difference between identical runs, and shows every metric side by side with zero deltas', () => {
    const c = compareRuns(run('#1'), run('#2'), run('#3'));
    expect(c.runs).toEqual(['#1', '#2', '#3']);
    expect(c.sameConfig).toBe(true);
    expect(c.config).toEqual([]);
    expect(c.metrics).toHaveLength(14);
    expect(c.metrics[0]).toEqual({ metric: 'startEquity', values: [100_000, 100_000, 100_000], deltas: [0, 0, 0], differs: false });
    expect(c.metrics.every((m) => !m.differs)).toBe(true);
    expect(c.blockedBy).toEqual([{ metric: 'gate:max_exposure', values: [3, 3, 3], deltas: [0, 0, 0], differs: false }]);
  });

  it('ignores key order in params and sizing, and symbol order', () => {
    const c = compareRuns(
      run('#1'),
      run('#2', {
        params: { bands: { n: 20, k: 2 }, slow: 50, fast: 20 },
        symbols: ['SPY', 'AAPL', 'MSFT'],
        sizing: { atrPeriod: 14, atrMultiple: 1.5, riskPct: 2, kind: 'risk' },
      }),
    );
    expect(c.config).toEqual([]);
  });

  it('lists every differing setting in a fixed order, params and sizing key by key, sets as added/removed', () => {
    const c = compareRuns(
      run('#4'),
      run('#5', {
        strategy: { id: 'trend-following', version: '1.1.0' },
        params: { fast: 10, slow: 50, bands: { k: 2.5, n: 20 }, exitAfter: 5 },
        symbols: ['AAPL', 'NVDA', 'SPY', 'TSLA'],
        timeframe: '1h',
        rulesHash: 'def456',
        ruleIds: ['max-loss', 'max-exposure'],
        sizing: { kind: 'percent', pct: 40 },
        costs: null,
        dataSource: 'yahoo',
        simulated: true,
        dataFrom: Date.UTC(2021, 0, 4),
        startCash: 50_000,
        codeVersion: null,
      }),
    );
    expect(c.sameConfig).toBe(false);
    expect(c.config).toEqual([
      { kind: 'value', field: 'strategy.version', values: ['1.0.0', '1.1.0'] },
      { kind: 'value', field: 'params.bands', values: [{ k: 2, n: 20 }, { k: 2.5, n: 20 }] },
      { kind: 'value', field: 'params.exitAfter', values: [null, 5] },
      { kind: 'value', field: 'params.fast', values: [20, 10] },
      {
        kind: 'set',
        field: 'symbols',
        values: [['AAPL', 'MSFT', 'SPY'], ['AAPL', 'NVDA', 'SPY', 'TSLA']],
        added: [[], ['NVDA', 'TSLA']],
        removed: [[], ['MSFT']],
      },
      { kind: 'value', field: 'timeframe', values: ['1d', '1h'] },
      { kind: 'value', field: 'rulesHash', values: ['abc123', 'def456'] },
      {
        kind: 'set',
        field: 'ruleIds',
        values: [['max-loss', 'no-fridays'], ['max-loss', 'max-exposure']],
        added: [[], ['max-exposure']],
        removed: [[], ['no-fridays']],
      },
      { kind: 'value', field: 'sizing.atrMultiple', values: [1.5, null] },
      { kind: 'value', field: 'sizing.atrPeriod', values: [14, null] },
      { kind: 'value', field: 'sizing.kind', values: ['risk', 'percent'] },
      { kind: 'value', field: 'sizing.pct', values: [null, 40] },
      { kind: 'value', field: 'sizing.riskPct', values: [2, null] },
      { kind: 'value', field: 'costs', values: [{ commissionRate: 0.001, slippageBps: 5 }, null] },
      { kind: 'value', field: 'dataSource', values: ['csv', 'yahoo'] },
      { kind: 'value', field: 'simulated', values: [false, true] },
      { kind: 'value', field: 'dataFrom', values: [Date.UTC(2020, 0, 2), Date.UTC(2021, 0, 4)] },
      { kind: 'value', field: 'startCash', values: [100_000, 50_000] },
      { kind: 'value', field: 'codeVersion', values: ['v0.1.0', null] },
    ]);
  });

  it('compares a section as a whole when a run did not record it', () => {
    const c = compareRuns(run('#1', { sizing: null }), run('#2'), run('#3', { costs: { commissionRate: 0.001, slippageBps: 7 } }));
    expect(c.config).toEqual([
      { kind: 'value', field: 'sizing', values: [null, CONFIG.sizing, CONFIG.sizing] },
      { kind: 'value', field: 'costs.slippageBps', values: [5, 5, 7] },
    ]);
  });

  it('tells an explicit null from a missing param even though both show as null', () => {
    const c = compareRuns(run('#1', { params: { a: null } }), run('#2', { params: {} }));
    expect(c.config).toEqual([{ kind: 'value', field: 'params.a', values: [null, null] }]);
  });

  it('diffs each later run against the first (the baseline)', () => {
    const c = compareRuns(run('#1'), run('#2', { symbols: ['AAPL', 'MSFT', 'SPY', 'QQQ'] }), run('#3', { symbols: ['AAPL'], startCash: 1 }));
    expect(c.config).toEqual([
      {
        kind: 'set',
        field: 'symbols',
        values: [['AAPL', 'MSFT', 'SPY'], ['AAPL', 'MSFT', 'SPY', 'QQQ'], ['AAPL']],
        added: [[], ['QQQ'], []],
        removed: [[], [], ['MSFT', 'SPY']],
      },
      { kind: 'value', field: 'startCash', values: [100_000, 100_000, 1] },
    ]);
  });
});

describe('compareRuns: metrics diff', () => {
  it('puts every metric side by side with its delta against the baseline, null where undefined', () => {
    const c = compareRuns(
      run('#1'),
      run('#2', {}, { endEquity: 95_000, totalReturnPct: -5, sharpe: null, profitFactor: 0.9, trades: 52 }),
      run('#3', {}, { sharpe: 1.2 }),
    );
    const byName = Object.fromEntries(c.metrics.map((m) => [m.metric, m]));
    expect(c.metrics.map((m) => m.metric)).toEqual([
      'startEquity', 'endEquity', 'totalReturnPct', 'cagrPct', 'sharpe', 'sortino', 'maxDrawdownPct', 'trades',
      'winRatePct', 'profitFactor', 'expectancy', 'avgWin', 'avgLoss', 'exposurePct',
    ]);
    expect(byName['endEquity']).toEqual({ metric: 'endEquity', values: [110_000, 95_000, 110_000], deltas: [0, -15_000, 0], differs: true });
    expect(byName['totalReturnPct']!.deltas).toEqual([0, -15, 0]);
    expect(byName['trades']!.deltas).toEqual([0, 12, 0]);
    expect(byName['sharpe']!.values).toEqual([0.8, null, 1.2]);
    expect(byName['sharpe']!.deltas[1]).toBeNull();
    expect(byName['sharpe']!.deltas[2]).toBeCloseTo(0.4, 12);
    expect(byName['sortino']!.differs).toBe(false);
  });

  it('has null deltas everywhere when the baseline value is undefined', () => {
    const c = compareRuns(run('#1', {}, { profitFactor: null }), run('#2'));
    expect(c.metrics.find((m) => m.metric === 'profitFactor')).toEqual({ metric: 'profitFactor', values: [null, 1.3], deltas: [null, null], differs: true });
  });

  it('compares blocked-signal counts over the union of keys, sorted, a missing key counting 0', () => {
    const c = compareRuns(
      run('#1', {}, { blockedBy: { 'rule:no-fridays': 4, 'gate:max_exposure': 3 } }),
      run('#2', {}, { blockedBy: { 'gate:max_exposure': 1, 'gate:daily_loss': 2, constructor: 1 } }),
    );
    expect(c.blockedBy).toEqual([
      { metric: 'constructor', values: [0, 1], deltas: [0, 1], differs: true },
      { metric: 'gate:daily_loss', values: [0, 2], deltas: [0, 2], differs: true },
      { metric: 'gate:max_exposure', values: [3, 1], deltas: [0, -2], differs: true },
      { metric: 'rule:no-fridays', values: [4, 0], deltas: [0, -4], differs: true },
    ]);
  });
});
