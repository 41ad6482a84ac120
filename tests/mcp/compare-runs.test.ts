import { describe, expect, it } from 'vitest';
import { seedBacktest, seededMcp, textOf, WS_A } from './mcp-harness.js';

type Data = Record<string, unknown>;
const data = (r: { structuredContent?: unknown }): Data => r.structuredContent as Data;
const metric = (d: Data, name: string): Data => (d['metrics'] as Data[]).find((m) => m['metric'] === name)!;

describe('compare_runs', () => {
  it('finds no differing setting and zero deltas between two identical backtests', async () => {
    const m = await seededMcp();
    await seedBacktest(m.desk, WS_A);
    const res = await m.call('compare_runs', { runs: [1, 2] });
    expect(res.isError).toBeFalsy();
    const d = data(res);
    expect(d).toMatchObject({ sameConfig: true, config: [], runs: [{ number: 1, mode: 'backtest', blockedSignals: m.seeded.result.blocked.length }, { number: 2 }] });
    for (const x of d['metrics'] as Data[]) {
      expect(x['differs'], String(x['metric'])).toBe(false);
      expect((x['deltas'] as (number | null)[])[1] ?? 0, String(x['metric'])).toBe(0);
    }
    expect(textOf(res)).toContain('Same settings.');
  });

  it('shows the rules that differ, every metric side by side with deltas, and the blocked counts', async () => {
    const m = await seededMcp();
    const free = await seedBacktest(m.desk, WS_A, []);
    const base = m.seeded.result.metrics;
    const res = await m.call('compare_runs', { runs: [1, 2] });
    const d = data(res);
    expect(d['sameConfig']).toBe(false);
    expect(d['config']).toContainEqual({ kind: 'set', field: 'ruleIds', values: [['one-pos'], []], added: [[], []], removed: [[], ['one-pos']] });
    expect((d['config'] as Data[]).map((c) => c['field'])).toEqual(['rulesHash', 'ruleIds']);
    expect(metric(d, 'trades')).toEqual({ metric: 'trades', values: [base.trades, free.result.metrics.trades], deltas: [0, free.result.metrics.trades - base.trades], differs: true });
    expect(metric(d, 'totalReturnPct')['deltas']).toEqual([0, free.result.metrics.totalReturnPct - base.totalReturnPct]);
    expect(metric(d, 'sharpe')['values']).toEqual([base.sharpe, free.result.metrics.sharpe]);
    expect(d['blockedBy']).toContainEqual({ metric: 'rule:one-pos', values: [base.blockedBy['rule:one-pos'], 0], deltas: [0, -base.blockedBy['rule:one-pos']!], differs: true });
    const text = textOf(res);
    expect(text).toContain('Run #1 is the baseline');
    expect(text).toContain('- ruleIds: #2 +[] -[one-pos]');
    expect(text).toContain(`- trades: ${base.trades} / ${free.result.metrics.trades} (+${free.result.metrics.trades - base.trades})`);
    expect(text).toContain(`Blocked signals: rule:one-pos ${base.blockedBy['rule:one-pos']} / 0`);
  });

  it('compares up to five runs against the first', async () => {
    const m = await seededMcp();
    for (let i = 0; i < 4; i++) await seedBacktest(m.desk, WS_A, i % 2 === 0 ? [] : undefined);
    const d = data(await m.call('compare_runs', { runs: [3, 1, 2, 4, 5] }));
    expect((d['runs'] as Data[]).map((r) => r['number'])).toEqual([3, 1, 2, 4, 5]);
    expect(metric(d, 'trades')['deltas']).toHaveLength(5);
    expect((metric(d, 'trades')['deltas'] as number[])[0]).toBe(0);
  });

  it('compares the runs as of a past time', async () => {
    const m = await seededMcp();
    await seedBacktest(m.desk, WS_A, []);
    const cut = m.seeded.result.trades[2]!.exitTime;
    const d = data(await m.call('compare_runs', { runs: [1, 2], as_of: new Date(cut).toISOString() }));
    expect(d['runs']).toMatchObject([{ status: 'running', truncated: true }, { status: 'running', truncated: true }]);
    expect((metric(d, 'trades')['values'] as number[])[0]).toBe(3);
  });

  it.each([
    [{ runs: [1] }, 'compare_runs needs 2 to 5 run numbers (the first is the baseline), got 1'],
    [{ runs: [] }, 'compare_runs needs 2 to 5 run numbers (the first is the baseline), got 0'],
    [{ runs: [1, 1, 1, 1, 1, 1] }, 'compare_runs needs 2 to 5 run numbers (the first is the baseline), got 6'],
    [{ runs: [1, 9] }, 'Run #9 does not exist in this workspace'],
    [{ runs: [1, 1], as_of: '2022-01-01' }, 'Run #1 had not started at 2022-01-01T00:00:00.000Z'],
  ])('refuses %j with one clear line', async (args, message) => {
    const { call } = await seededMcp();
    const res = await call('compare_runs', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toBe(message);
  });
});
